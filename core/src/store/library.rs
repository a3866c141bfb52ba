//! The library: one SQLite file that holds every clipping. This module owns how the file is
//! found, opened and configured, and the one way to write to it (an IMMEDIATE transaction).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::store::{schema, search};

/// The environment variable that overrides the default library location.
pub const LIBRARY_ENV: &str = "COMMONPLACE_LIBRARY";

/// How long a writer waits for another process (the CLI beside the app) to finish its write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A statement that takes this long is logged, with its SQL (placeholders, never values).
const SLOW_STATEMENT: Duration = Duration::from_millis(100);

/// How long the library must go without a write before the background checkpoint runs.
const QUIET_BEFORE_CHECKPOINT: Duration = Duration::from_millis(500);

/// An open Commonplace library.
#[derive(Debug)]
pub struct Library {
    // Declared before `conn` so that it stops before the connection closes (and the last
    // connection to close checkpoints what is left).
    checkpointer: Option<Checkpointer>,
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
}

/// Copies the write-ahead log into the database file on a thread and connection of its own,
/// once writes pause, so that no write waits for it (see
/// [`Library::checkpoint_in_background`]).
#[derive(Debug)]
struct Checkpointer {
    wake: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    fn start(conn: Connection) -> Self {
        let (wake, woken) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            while woken.recv().is_ok() {
                // Writes come in runs (a note typed, an import of many files): wait for a
                // pause. When the library closes meanwhile, its own close checkpoints.
                loop {
                    match woken.recv_timeout(QUIET_BEFORE_CHECKPOINT) {
                        Ok(()) => continue,
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                // PASSIVE never blocks a writer or a reader; what it cannot copy now, it
                // copies next time.
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        });
        Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.wake.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Logs each statement of `conn` that takes [`SLOW_STATEMENT`] or longer: its time and its
/// SQL as written, with placeholders; the values bound to it (a clipping's words, a note)
/// are never in it. Our SQL puts only ids and column names into its text.
fn log_slow_statements(conn: &mut Connection) -> Result<()> {
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_PROFILE,
        Some(|event: TraceEvent<'_>| {
            if let TraceEvent::Profile(statement, took) = event
                && took >= SLOW_STATEMENT
            {
                let sql = statement.sql();
                let sql: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
                let shown: String = sql.chars().take(300).collect();
                tracing::warn!(
                    target: "commonplace::slow_query",
                    ms = took.as_millis() as u64,
                    "slow query: {shown}"
                );
            }
        }),
    )?;
    Ok(())
}

/// Where the library lives: the explicit path if one was given, else `COMMONPLACE_LIBRARY`,
/// else `library.sqlite` in the platform's data folder (on Linux
/// `~/.local/share/commonplace/`).
pub fn resolve_library_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(LIBRARY_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let data = dirs::data_dir().ok_or(Error::NoDataFolder)?;
    Ok(data.join("commonplace").join("library.sqlite"))
}

impl Library {
    /// Opens the library at `path`, creating it (and its folder) if needed and bringing its
    /// schema up to date. A library written by a newer version is refused and left untouched.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        Self::configure(conn, Some(path.to_path_buf()))
    }

    /// [`Library::open`], telling `report` how far a migration that indexes the whole
    /// library for search has come (rows done, of all), after each part of it: on a large
    /// library that takes a minute.
    pub fn open_reporting(path: &Path, report: impl FnMut(u64, u64) + 'static) -> Result<Self> {
        crate::store::search::progress::watching(Box::new(report), || Library::open(path))
    }

    /// Moves checkpoints (copying the write-ahead log into the database file) off the write
    /// path: SQLite otherwise runs one inside the commit of whichever write finds the log
    /// over 1,000 pages, and that write takes twice as long. For a long-lived library (the
    /// app); a short one (the CLI) checkpoints as it closes. Nothing changes for an
    /// in-memory library. Durability is the same either way: a commit is in the log.
    pub fn checkpoint_in_background(&mut self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.checkpointer.is_some() {
            return Ok(());
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        self.checkpointer = Some(Checkpointer::start(conn));
        Ok(())
    }

    /// Another connection to this library's file, for reading only: in WAL mode it reads
    /// the last committed state while this one (or any other process) writes, and never
    /// waits for a writer. Every read of [`Library`] works on it; a write fails. The schema
    /// must be this build's, which opening this library made sure of.
    pub fn reader(&self) -> Result<Library> {
        let path = self.path.as_ref().ok_or(Error::NoReaderInMemory)?;
        Library::open_reader(path)
    }

    /// A reading connection to the library at `path` (see [`Library::reader`]), which some
    /// [`Library::open`] has brought up to date.
    pub fn open_reader(path: &Path) -> Result<Library> {
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        log_slow_statements(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -8_192)?;
        let found = schema::version(&conn)?;
        if found > schema::LATEST_VERSION {
            return Err(Error::NewerLibrary {
                path: path.to_path_buf(),
                found,
                supported: schema::LATEST_VERSION,
            });
        }
        Ok(Library {
            checkpointer: None,
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// Opens a fresh library that lives in memory only, through the same migrations as a file.
    pub fn open_in_memory() -> Result<Self> {
        Self::configure(Connection::open_in_memory()?, None)
    }

    /// The file this library lives in (`None` for an in-memory library).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Every connection option in one place. The schema version is checked before anything
    /// is written, so that a newer library is never touched (not even its journal mode).
    fn configure(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        let shown_path = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        conn.busy_timeout(BUSY_TIMEOUT)?;
        log_slow_statements(&mut conn)?;
        let found = schema::version(&conn).map_err(|e| match e {
            Error::Database(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                Error::NotALibrary {
                    path: shown_path.clone(),
                }
            }
            other => other,
        })?;
        if found > schema::LATEST_VERSION {
            return Err(Error::NewerLibrary {
                path: shown_path,
                found,
                supported: schema::LATEST_VERSION,
            });
        }
        // WAL lets the CLI read and write while the app is open; FULL synchronous makes a
        // commit durable once acknowledged, even across a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 32 MiB of page cache: large imports and a big library's indexes stay in memory.
        conn.pragma_update(None, "cache_size", -32_768)?;
        schema::migrate(&mut conn, &shown_path)?;
        Ok(Library {
            checkpointer: None,
            conn,
            path,
        })
    }

    /// Runs `f` inside one IMMEDIATE transaction: it takes the write lock up front (waiting
    /// up to the busy timeout), so a read-then-write never fails half-way with SQLITE_BUSY.
    /// Nothing `f` wrote survives unless it returns `Ok`.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        // What the write changed reaches the search index in the same transaction.
        search::index_pending(&tx)?;
        tx.commit()?;
        if let Some(wake) = self.checkpointer.as_ref().and_then(|c| c.wake.as_ref()) {
            let _ = wake.send(());
        }
        Ok(value)
    }

    /// The schema version of this library (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        schema::version(&self.conn)
    }
}
