//! `commonplace`: the command line over a Commonplace library, the same file the desktop app
//! opens. Output for people by default; `--json` gives stable shapes for scripts.

mod table;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use commonplace_core::{ImportOptions, Imported, Library, SaveOutcome, resolve_library_path};

#[derive(Debug, Parser)]
#[command(
    name = "commonplace",
    version,
    about = "Your clippings, highlights and notes, in one local library"
)]
struct Cli {
    /// The library file (default: the app's library in your data folder).
    #[arg(long, global = true, env = commonplace_core::LIBRARY_ENV, value_name = "PATH")]
    library: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import files (Markdown articles) into the library.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print {"imported", "unchanged", "updated", "failed"} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the clippings, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one clipping.
    Show {
        id: i64,
        /// Print the clipping as JSON, with its sanitized `html` and plain `text`.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("commonplace: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let path = resolve_library_path(cli.library.as_deref())?;
    let mut library = Library::open(&path)?;
    let mut out = std::io::stdout();
    match cli.command {
        Command::Import { files, json } => {
            let report =
                library.import_files(&files, &ImportOptions::default(), |_, path, result| {
                    if !json {
                        // One line per file, as it is done.
                        let _ = writeln!(std::io::stdout(), "{}", import_line(path, result));
                    }
                });
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            }
            return Ok(if report.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::List { json } => {
            let clippings = library.list_clippings()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &clippings)?;
                writeln!(out)?;
            } else if clippings.is_empty() {
                writeln!(
                    out,
                    "The library is empty. Add an article with: commonplace import FILE.md"
                )?;
            } else {
                write!(out, "{}", table::clippings(&clippings))?;
            }
        }
        Command::Show { id, json } => {
            let clipping = library.clipping(id)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &clipping)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", table::clipping(&clipping))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let kind = e
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind)
        .or_else(|| {
            e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
        });
    kind == Some(std::io::ErrorKind::BrokenPipe)
}

fn import_line(path: &std::path::Path, result: &commonplace_core::Result<Imported>) -> String {
    let shown = path.display();
    match result {
        Ok(Imported { outcome, title }) => {
            let (word, id) = match outcome {
                SaveOutcome::Imported(id) => ("imported ", id),
                SaveOutcome::Unchanged(id) => ("unchanged", id),
                SaveOutcome::Updated(id) => ("updated  ", id),
            };
            format!("{word} #{id:<5} {shown}  “{title}”")
        }
        // The message names the file already.
        Err(e) => format!("failed    {e}"),
    }
}
