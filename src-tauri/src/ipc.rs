//! What crosses between the UI and Rust besides the core's own types: the error shape every
//! command fails with, and the shared library that commands reach through Tauri's state.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};

use commonplace_core::import::Parsed;
use commonplace_core::{BackupInfo, ErrorCode, Imported, Library, resolve_library_path};
use serde::Serialize;
use ts_rs::TS;

/// Every command fails with this: a stable `code` for the UI to branch on, and a `message`
/// for the person.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<commonplace_core::Error> for IpcError {
    /// The error as the person sees it; the log gets it too, less any words of a clipping.
    fn from(e: commonplace_core::Error) -> Self {
        let code = e.code();
        match code {
            // What the person asked for is not there or not right: said, and noted.
            ErrorCode::NotFound
            | ErrorCode::QuoteNotFound
            | ErrorCode::InvalidRange
            | ErrorCode::InvalidColor
            | ErrorCode::InvalidTag
            | ErrorCode::InvalidArgument
            | ErrorCode::NotAWebAddress => {
                tracing::warn!(target: "commonplace::command", ?code, "{}", e.log_message());
            }
            _ => tracing::error!(target: "commonplace::command", ?code, "{}", e.log_message()),
        }
        IpcError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// What the About panel shows: the version, the library's file, the log's folder.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// `null` when no library could be opened.
    pub library: Option<String>,
    /// `null` when the app keeps no log (its folder could not be written).
    pub log_folder: Option<String>,
}

/// The library the app opens at start-up, or why it could not be opened (a library from a
/// newer version, a file that is not a library): the window still opens and shows that.
/// It is opened on a thread of its own ([`AppLibrary::open`]) while the window comes up:
/// bringing an older library up to date may index all of it for search, a minute on a
/// large one, and the window shows how far that is. Commands wait until it is open.
#[derive(Debug)]
pub struct AppLibrary {
    /// The library's file, known before it is open.
    path: Result<PathBuf, IpcError>,
    opened: OnceLock<Result<Connections, IpcError>>,
    /// Woken when `opened` is set.
    ready: (Mutex<()>, Condvar),
    /// Set when the library, once open, failed SQLite's check: from then on every command
    /// but those of backups answers with it, and nothing more is written to the file.
    damage: OnceLock<IpcError>,
    /// Whether the app backs up by itself (at start-up when a day has passed, after a large
    /// import): always, unless `COMMONPLACE_AUTO_BACKUP=off` (benchmark runs, which measure
    /// the app alone).
    pub auto_backup: bool,
}

/// The event the window hears while opening the library indexes it for search.
pub const LIBRARY_PROGRESS: &str = "library-progress";
/// The event the window hears once the library is open (or could not be opened).
pub const LIBRARY_READY: &str = "library-ready";

/// How far bringing the library up to date has come: rows indexed, of all.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LibraryProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// One writer, which one command at a time holds (an import holds it to its end), and read
/// connections that commands which only read take from a pool: in WAL mode they read the
/// last committed state and never wait for the writer, so the reader opens a clipping and
/// the list pages while an import runs.
#[derive(Debug)]
struct Connections {
    path: PathBuf,
    writer: Mutex<Library>,
    /// Readers not in use; a read with none free opens another, and gives it back after.
    readers: Mutex<Vec<Library>>,
}

/// The event the window hears after each clipping of an export (an `ImportProgress`).
pub const EXPORT_PROGRESS: &str = "export-progress";
/// The event the window hears while a backup is made.
pub const BACKUP_PROGRESS: &str = "backup-progress";
/// The event the window hears when a backup the app made by itself is done.
pub const BACKUP_DONE: &str = "backup-done";
/// The event the window hears when the library fails SQLite's check after it opened.
pub const LIBRARY_DAMAGED: &str = "library-damaged";

/// How far a backup has come: pages copied, of all.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// How many idle readers the pool keeps.
const IDLE_READERS: usize = 4;

impl AppLibrary {
    /// The library at `explicit` (or where the core says), not opened yet.
    pub fn new(explicit: Option<PathBuf>) -> Self {
        AppLibrary {
            path: resolve_library_path(explicit.as_deref()).map_err(IpcError::from),
            opened: OnceLock::new(),
            ready: (Mutex::new(()), Condvar::new()),
            damage: OnceLock::new(),
            auto_backup: std::env::var("COMMONPLACE_AUTO_BACKUP").map_or(true, |v| v != "off"),
        }
    }

    /// Opens the library (on the caller's thread), telling `report` how far a migration
    /// that indexes it has come; then every command waiting for it goes on.
    pub fn open(&self, report: impl FnMut(u64, u64) + 'static) {
        let opened = self.path.clone().and_then(|path| {
            let open = || -> commonplace_core::Result<Connections> {
                let mut writer = Library::open_reporting(&path, report)?;
                // The app stays open for hours: no write of it should wait for a checkpoint.
                writer.checkpoint_in_background()?;
                let reader = writer.reader()?;
                Ok(Connections {
                    path: path.clone(),
                    writer: Mutex::new(writer),
                    readers: Mutex::new(vec![reader]),
                })
            };
            open().map_err(IpcError::from)
        });
        let _ = self.opened.set(opened);
        let _guard = self.ready.0.lock().unwrap_or_else(PoisonError::into_inner);
        self.ready.1.notify_all();
    }

    /// Whether opening the library is over (opened, or refused).
    pub fn is_opened(&self) -> bool {
        self.opened.get().is_some()
    }

    /// Checks the open library with SQLite's `quick_check` (on a reader, beside the
    /// window's work); a damaged one is marked so (see `damage`) and its error returned.
    pub fn check(&self) -> Result<(), IpcError> {
        match self.read(|l| l.quick_check()) {
            Err(e) if e.code == ErrorCode::DamagedLibrary => {
                let _ = self.damage.set(e.clone());
                Err(e)
            }
            other => other,
        }
    }

    /// The open library, once it is (waiting for it until then), or why it cannot be.
    fn connections(&self) -> Result<&Connections, IpcError> {
        if let Some(damage) = self.damage.get() {
            return Err(damage.clone());
        }
        let mut guard = self.ready.0.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(opened) = self.opened.get() {
                return opened.as_ref().map_err(Clone::clone);
            }
            guard = self
                .ready
                .1
                .wait(guard)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The library's file (known before it is open; `None` when no folder for it exists).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_ref().ok().map(PathBuf::as_path)
    }

    /// Runs `f` on the library's writer; one command at a time holds it.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Library) -> commonplace_core::Result<T>,
    ) -> Result<T, IpcError> {
        let connections = self.connections()?;
        let mut library = connections.writer.lock().map_err(|_| poisoned())?;
        f(&mut library).map_err(IpcError::from)
    }

    /// What stores each file of an import: the writer, taken for that one file, so that
    /// other writes wait for a file at most, never for the whole import.
    pub fn store_each(
        &self,
    ) -> Result<impl FnMut(Parsed) -> commonplace_core::Result<Imported> + '_, IpcError> {
        let connections = self.connections()?;
        Ok(move |parsed| {
            // A command that failed part-way had its transaction rolled back as it unwound:
            // the connection is as it was.
            let mut writer = connections
                .writer
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            writer.store(parsed)
        })
    }

    /// Backs the library up now, on a reader (never in the writer's way), telling the window
    /// how far it is.
    pub fn back_up(&self, app: &tauri::AppHandle) -> Result<BackupInfo, IpcError> {
        use tauri::Emitter;
        self.read(|l| {
            l.backup(None, |done, total| {
                let _ = app.emit_to("main", BACKUP_PROGRESS, BackupProgress { done, total });
            })
        })
    }

    /// Backs up when the last backup is older than a day (at start-up, after a large
    /// import), telling the window as [`AppLibrary::back_up`] does, then that it is done.
    pub fn back_up_if_due(&self, app: &tauri::AppHandle) {
        use tauri::Emitter;
        if !self.auto_backup {
            return;
        }
        let made = self.read(|l| {
            l.backup_if_older_than(chrono::Duration::hours(24), |done, total| {
                let _ = app.emit_to("main", BACKUP_PROGRESS, BackupProgress { done, total });
            })
        });
        match made {
            Ok(Some(info)) => {
                let _ = app.emit_to("main", BACKUP_DONE, info);
            }
            Ok(None) => {}
            // Already logged; the person sees it in the backups' list (the last one's age).
            Err(_) => {}
        }
    }

    /// Runs `f` holding the writer when the library is open (no write of the app's can
    /// come between), or alone when it could not be opened; says which.
    pub fn exclusive<T>(
        &self,
        f: impl FnOnce() -> commonplace_core::Result<T>,
    ) -> Result<(T, bool), IpcError> {
        match self.connections() {
            Ok(connections) => {
                let _writer = connections.writer.lock().map_err(|_| poisoned())?;
                let value = f().map_err(IpcError::from)?;
                // The readers' pages are of the library before: open new ones.
                if let Ok(mut readers) = connections.readers.lock() {
                    readers.clear();
                }
                Ok((value, true))
            }
            Err(_) => Ok((f().map_err(IpcError::from)?, false)),
        }
    }

    /// Runs `f`, which only reads, on a reader: it never waits for a write in progress.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Library) -> commonplace_core::Result<T>,
    ) -> Result<T, IpcError> {
        let connections = self.connections()?;
        let idle = connections.readers.lock().map_err(|_| poisoned())?.pop();
        let reader = match idle {
            Some(reader) => reader,
            None => Library::open_reader(&connections.path)?,
        };
        let result = f(&reader).map_err(IpcError::from);
        if let Ok(mut readers) = connections.readers.lock() {
            if readers.len() < IDLE_READERS {
                readers.push(reader);
            }
        }
        result
    }
}

fn poisoned() -> IpcError {
    IpcError {
        code: ErrorCode::Internal,
        message: "An earlier action failed part-way; restart Commonplace.".to_owned(),
    }
}

/// The event the UI hears after each file of an import.
pub const IMPORT_PROGRESS: &str = "import-progress";

/// How far an import of many files has come.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    /// Files done so far.
    pub done: u32,
    /// Files in the whole import.
    pub total: u32,
}

/// The flag the UI's Cancel sets; the running import stops after the file it is on.
#[derive(Debug, Default)]
pub struct ImportCancel(AtomicBool);

impl ImportCancel {
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Clears the flag for a new import.
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The system clipboard, kept open for the app's lifetime: on X11 what was copied is
/// served by the process that copied it, for as long as it holds the clipboard.
#[derive(Default)]
pub struct AppClipboard(Mutex<Option<arboard::Clipboard>>);

impl std::fmt::Debug for AppClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppClipboard")
    }
}

impl AppClipboard {
    pub fn set_text(&self, text: &str) -> Result<(), IpcError> {
        let failed = |e: &dyn std::fmt::Display| IpcError {
            code: ErrorCode::Internal,
            message: format!("The quote could not be copied: {e}"),
        };
        let mut held = self.0.lock().map_err(|e| failed(&e))?;
        if held.is_none() {
            *held = Some(arboard::Clipboard::new().map_err(|e| failed(&e))?);
        }
        match held.as_mut() {
            Some(clipboard) => clipboard.set_text(text).map_err(|e| failed(&e)),
            None => Err(failed(&"no clipboard")),
        }
    }
}
