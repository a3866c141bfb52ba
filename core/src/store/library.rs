//! The library: one SQLite file that holds every clipping. This module owns how the file is
//! found, opened and configured, and the one way to write to it (an IMMEDIATE transaction).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::config::DbConfig;
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

/// Looks at the file at `path` through a read-only connection that never checkpoints, and
/// says whether it may be opened for writing: a Commonplace library of this version or an
/// older one (marked by [`schema::APPLICATION_ID`], or from before the mark, by its tables
/// and version), or an empty database. Nothing is written to the file.
fn look(path: &Path) -> Result<()> {
    let not_a_database = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::NotALibrary {
                path: path.to_path_buf(),
            }
        }
        other => Error::from(other).about_library(path),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_a_database)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let (application_id, version, objects, has_clippings): (i64, u32, i64, bool) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_schema),
                    EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'clipping')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map_err(not_a_database)?;
    let ours = application_id == schema::APPLICATION_ID
        || (application_id == 0 && objects == 0)
        || (application_id == 0
            && has_clippings
            && (1..=schema::LATEST_VERSION).contains(&version));
    if !ours {
        return Err(Error::ForeignDatabase {
            path: path.to_path_buf(),
        });
    }
    if version > schema::LATEST_VERSION {
        return Err(Error::NewerLibrary {
            path: path.to_path_buf(),
            found: version,
            supported: schema::LATEST_VERSION,
        });
    }
    Ok(())
}

/// Runs `f` again while SQLite answers that the file is busy or locked, for as long as the
/// busy timeout, for the few steps that SQLite does not wait for by itself.
fn retry_while_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> Result<T> {
    let start = std::time::Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            other => return Ok(other?),
        }
    }
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
    /// schema up to date. A file that is there already is first looked at through a
    /// read-only connection: a library written by a newer version, or another program's
    /// database, is refused and left untouched (nothing is written, not even its journal).
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        if path.is_file() {
            look(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::from(e).about_library(path))?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(Error::ReadOnlyLibrary {
                path: path.to_path_buf(),
            });
        }
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

    /// Every connection option in one place. The schema version is checked again before
    /// anything is written (another process may have written meanwhile).
    fn configure(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        let shown_path = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        let configured = (|| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // One plan per statement, whatever its parameters are bound to. Without this,
            // SQLite prepares a cached statement again at each new binding of a parameter
            // whose value might change its plan (a clipping's highlights, `clipping_id =
            // ?1` with an `ORDER BY status = 'orphaned'`, were one): exporting the
            // highlights of 100,000 clippings spent more time preparing than reading.
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
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
                    path: shown_path.clone(),
                    found,
                    supported: schema::LATEST_VERSION,
                });
            }
            // WAL lets the CLI read and write while the app is open; FULL synchronous makes
            // a commit durable once acknowledged, even across a power cut. Switching to WAL
            // needs the file to itself for a moment, and SQLite does not wait for that as it
            // waits for a write lock: retry within the same busy timeout.
            retry_while_busy(|| conn.pragma_update(None, "journal_mode", "WAL"))?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            // 32 MiB of page cache: large imports and a big library's indexes stay in memory.
            conn.pragma_update(None, "cache_size", -32_768)?;
            schema::migrate(&mut conn, &shown_path)
        })();
        if let Err(e) = configured {
            // What a refused file holds in its write-ahead log stays there.
            let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
            return Err(e.about_library(&shown_path));
        }
        Ok(Library {
            checkpointer: None,
            conn,
            path,
        })
    }

    fn write_inner<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        // What the write changed reaches the search index in the same transaction.
        search::index_pending(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` inside one IMMEDIATE transaction: it takes the write lock up front (waiting
    /// up to the busy timeout), so a read-then-write never fails half-way with SQLITE_BUSY.
    /// Nothing `f` wrote survives unless it returns `Ok`. A failure of the file itself (a
    /// full disk, an I/O error, a read-only file) names the library and says what to do.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let value = match self.write_inner(f) {
            Ok(value) => value,
            Err(e) => {
                // A reader's connection is read-only by design: a write through it is our
                // mistake, not the file's.
                let reader = self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
                return Err(match &self.path {
                    Some(path) if !reader => e.about_library(path),
                    _ => e,
                });
            }
        };
        if let Some(wake) = self.checkpointer.as_ref().and_then(|c| c.wake.as_ref()) {
            let _ = wake.send(());
        }
        Ok(value)
    }

    /// Replaces everything in this library with what `source` holds, in one step (SQLite's
    /// backup API into this connection, under its write lock): another connection sees
    /// either the library as it was or as `source` is, never a mix.
    pub(crate) fn replace_with(&mut self, source: &Connection) -> Result<()> {
        let backup = rusqlite::backup::Backup::new(source, &mut self.conn)?;
        backup.run_to_completion(4_096, Duration::ZERO, None)?;
        Ok(())
    }

    /// The schema version of this library (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        schema::version(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn a_cached_statement_is_prepared_once_whatever_its_parameters_are_bound_to() {
        let library = Library::open_in_memory().unwrap();
        let mut statement = library
            .conn
            .prepare_cached(
                "SELECT h.id FROM highlight h
                 WHERE h.deleted_at IS NULL
                   AND (SELECT deleted_at FROM clipping c WHERE c.id = h.clipping_id) IS NULL
                   AND h.clipping_id = ?1
                 ORDER BY h.status = 'orphaned', coalesce(h.start_pos, h.location_start)",
            )
            .unwrap();
        for id in 1..=5_i64 {
            statement
                .query_map([id], |r| r.get::<_, i64>(0))
                .unwrap()
                .for_each(drop);
        }
        assert_eq!(
            statement.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "prepared again for new bindings"
        );
    }

    #[test]
    fn a_full_disk_names_the_library_and_loses_nothing_written_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("full.sqlite");
        let mut library = Library::open(&path).unwrap();
        library
            .write(|tx| Ok(tx.execute("CREATE TABLE kept (x TEXT)", [])?))
            .unwrap();
        library
            .write(|tx| Ok(tx.execute("INSERT INTO kept VALUES ('before')", [])?))
            .unwrap();
        // The file may not grow: as on a disk with no room left.
        let pages: i64 = library
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        library
            .conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let err = library
            .write(|tx| {
                let big = "x".repeat(1 << 20);
                Ok(tx.execute("INSERT INTO kept VALUES (?1)", [big])?)
            })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
        assert!(err.to_string().contains("full.sqlite"), "{err}");
        assert!(err.to_string().contains("Free some space"), "{err}");
        drop(library);
        let library = Library::open(&path).unwrap();
        let kept: Vec<String> = library
            .conn
            .prepare("SELECT x FROM kept")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(kept, ["before"]);
    }

    fn failure(code: i32) -> Error {
        Error::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    #[test]
    fn failures_of_the_file_name_it_and_say_what_to_do() {
        let path = Path::new("/home/ada/notes/library.sqlite");
        let shm = failure(rusqlite::ffi::SQLITE_READONLY_CANTINIT).about_library(path);
        assert_eq!(shm.code(), ErrorCode::ReadOnlyLibrary);
        assert!(shm.to_string().contains("library.sqlite-shm"), "{shm}");
        let io = failure(rusqlite::ffi::SQLITE_IOERR_WRITE).about_library(path);
        assert_eq!(io.code(), ErrorCode::DiskIo);
        assert!(
            io.to_string().contains("/home/ada/notes/library.sqlite"),
            "{io}"
        );
        assert!(io.to_string().contains("disk I/O error"), "{io}");
        let damaged = failure(rusqlite::ffi::SQLITE_CORRUPT).about_library(path);
        assert_eq!(damaged.code(), ErrorCode::DamagedLibrary);
        assert!(damaged.to_string().contains("backup"), "{damaged}");
        // Anything else is left as it was.
        let busy = failure(rusqlite::ffi::SQLITE_BUSY).about_library(path);
        assert_eq!(busy.code(), ErrorCode::Database);
    }
}
