//! The app's log: what the core and the app report (errors shown to the person, import
//! warnings and totals, slow queries, a crash), written to `commonplace.<date>.log` in a
//! `logs` folder beside the library, a file a day, the last seven kept. No line carries
//! a clipping's words or a note: the core's events and error messages for the log are
//! written so ([`commonplace_core::Error::log_message`]).

use std::path::{Path, PathBuf};

use tracing_appender::rolling::{Builder, Rotation};

/// How many days of logs are kept.
const DAYS_KEPT: usize = 7;

/// The running log. Each line is written as it comes (the app logs little), so that a
/// crash or a quit loses none.
#[derive(Debug)]
pub struct Log {
    /// Where the log files are; `None` when none could be made (the app runs on).
    pub folder: Option<PathBuf>,
}

/// The log folder of the library at `library`.
pub fn folder_for(library: &Path) -> PathBuf {
    library
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("logs")
}

/// Starts logging into `folder`. A folder that cannot be made or written leaves the app
/// without a log, said on standard error, rather than without a window.
pub fn start(folder: PathBuf) -> Log {
    let appender = std::fs::create_dir_all(&folder)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            Builder::new()
                .rotation(Rotation::DAILY)
                .filename_prefix("commonplace")
                .filename_suffix("log")
                .max_log_files(DAYS_KEPT)
                .build(&folder)
                .map_err(|e| e.to_string())
        });
    let appender = match appender {
        Ok(appender) => appender,
        Err(e) => {
            eprintln!(
                "Commonplace keeps no log: cannot write to {}: {e}",
                folder.display()
            );
            return Log { folder: None };
        }
    };
    let installed = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .with_writer(appender)
        .try_init();
    if installed.is_err() {
        return Log { folder: None };
    }
    // A crash is logged where it happened; its message stays on standard error, since a
    // panic's message may quote the text it was working on.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        tracing::error!(target: "commonplace::crash", "Commonplace crashed{place}");
        previous(info);
    }));
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        "Commonplace started"
    );
    Log {
        folder: Some(folder),
    }
}
