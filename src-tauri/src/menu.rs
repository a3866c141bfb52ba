//! The window's menu bar. Menu items that act in the UI are forwarded to it as events.

use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

/// The id of File ▸ Import…, and the event the UI hears when it is chosen.
pub const IMPORT: &str = "menu-import";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let import = MenuItem::with_id(app, IMPORT, "Import…", true, Some("CmdOrCtrl+O"))?;
    let file = Submenu::with_items(
        app,
        "File",
        true,
        &[
            &import,
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
        ],
    )?;
    Menu::with_items(app, &[&file, &edit])
}

pub fn handle<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    if event.id() == IMPORT {
        // The UI opens the file dialog; if the window is gone there is no one to tell.
        let _ = app.emit_to("main", IMPORT, ());
    }
}
