//! The window's menu bar. Menu items that act in the UI are forwarded to it as events;
//! Help ▸ Show Log Folder opens the log's folder in the system's file manager from here,
//! so that the window needs no file-system capability for it.

use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

use crate::ipc::IpcError;
use crate::logging::Log;

/// The id of File ▸ Import…, and the event the UI hears when it is chosen.
pub const IMPORT: &str = "menu-import";
/// The id of Help ▸ About Commonplace, and the event the UI hears (it shows the panel).
pub const ABOUT: &str = "menu-about";
/// The ids of Edit ▸ Search Library and Edit ▸ Find in Article, and the events the UI
/// hears (it focuses the search field, or opens the find bar).
pub const SEARCH: &str = "menu-search";
pub const FIND: &str = "menu-find";
/// The ids of File ▸ Back Up Now and File ▸ Restore from Backup…, and the events the UI
/// hears (it backs up, showing progress, or opens the list of backups).
pub const BACKUP: &str = "menu-backup";
/// The id of File ▸ Export…, and the event the UI hears (it opens the export dialog).
pub const EXPORT: &str = "menu-export";
pub const RESTORE: &str = "menu-restore";
/// The id of Help ▸ Show Log Folder.
const SHOW_LOG: &str = "menu-show-log";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let import = MenuItem::with_id(app, IMPORT, "Import…", true, Some("CmdOrCtrl+O"))?;
    let file = Submenu::with_items(
        app,
        "File",
        true,
        &[
            &import,
            &MenuItem::with_id(app, EXPORT, "Export…", true, Some("CmdOrCtrl+E"))?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, BACKUP, "Back Up Now", true, None::<&str>)?,
            &MenuItem::with_id(app, RESTORE, "Restore from Backup…", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, None)?,
        ],
    )?;
    let edit = Submenu::with_items(
        app,
        "Edit",
        true,
        &[
            &PredefinedMenuItem::cut(app, None)?,
            &PredefinedMenuItem::copy(app, None)?,
            &PredefinedMenuItem::paste(app, None)?,
            &PredefinedMenuItem::select_all(app, None)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, SEARCH, "Search Library", true, Some("CmdOrCtrl+K"))?,
            &MenuItem::with_id(app, FIND, "Find in Article", true, Some("CmdOrCtrl+F"))?,
        ],
    )?;
    let help = Submenu::with_items(
        app,
        "Help",
        true,
        &[
            &MenuItem::with_id(app, SHOW_LOG, "Show Log Folder", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, ABOUT, "About Commonplace", true, None::<&str>)?,
        ],
    )?;
    Menu::with_items(app, &[&file, &edit, &help])
}

pub fn handle<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    // If the window is gone there is no one to tell.
    if event.id() == IMPORT {
        // The UI opens the file dialog.
        let _ = app.emit_to("main", IMPORT, ());
    } else if event.id() == ABOUT {
        let _ = app.emit_to("main", ABOUT, ());
    } else if event.id() == SEARCH {
        let _ = app.emit_to("main", SEARCH, ());
    } else if event.id() == FIND {
        let _ = app.emit_to("main", FIND, ());
    } else if event.id() == EXPORT {
        let _ = app.emit_to("main", EXPORT, ());
    } else if event.id() == BACKUP {
        let _ = app.emit_to("main", BACKUP, ());
    } else if event.id() == RESTORE {
        let _ = app.emit_to("main", RESTORE, ());
    } else if event.id() == SHOW_LOG
        && let Err(e) = show_log_folder(app)
    {
        tracing::warn!("cannot show the log folder: {}", e.message);
    }
}

/// Opens the log's folder in the system's file manager.
pub fn show_log_folder<R: Runtime>(app: &AppHandle<R>) -> Result<(), IpcError> {
    let folder = app.state::<Log>().folder.clone().ok_or_else(|| IpcError {
        code: commonplace_core::ErrorCode::Io,
        message: "Commonplace keeps no log: its folder could not be written.".to_owned(),
    })?;
    app.opener()
        .open_path(folder.display().to_string(), None::<&str>)
        .map_err(|e| IpcError {
            code: commonplace_core::ErrorCode::Io,
            message: format!("Cannot open {}: {e}", folder.display()),
        })
}
