//! What crosses between the UI and Rust besides the core's own types: the error shape every
//! command fails with, and the shared library that commands reach through Tauri's state.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use commonplace_core::{ErrorCode, Library, resolve_library_path};
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
    fn from(e: commonplace_core::Error) -> Self {
        IpcError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// The library the app opened at start-up, or why it could not be opened (a library from a
/// newer version, a file that is not a library): the window still opens and shows that.
#[derive(Debug)]
pub struct AppLibrary(Result<Mutex<Library>, IpcError>);

impl AppLibrary {
    pub fn open(explicit: Option<PathBuf>) -> Self {
        let opened = resolve_library_path(explicit.as_deref())
            .and_then(|path| Library::open(&path))
            .and_then(|mut library| {
                // The app stays open for hours: no write of it should wait for a checkpoint.
                library.checkpoint_in_background()?;
                Ok(library)
            })
            .map(Mutex::new)
            .map_err(IpcError::from);
        AppLibrary(opened)
    }

    /// Runs `f` on the library; one command at a time holds it.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Library) -> commonplace_core::Result<T>,
    ) -> Result<T, IpcError> {
        let library = self.0.as_ref().map_err(Clone::clone)?;
        let mut library = library.lock().map_err(|_| IpcError {
            code: ErrorCode::Internal,
            message: "An earlier action failed part-way; restart Commonplace.".to_owned(),
        })?;
        f(&mut library).map_err(IpcError::from)
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
