//! The commands the UI invokes. Each is a thin adapter: take the state, call one core
//! function, map the error. Their names, inputs and outputs are declared once, in
//! [`crate::bindings::COMMANDS`], for the generated TypeScript.

use std::path::PathBuf;

use commonplace_core::{Clipping, ClippingSummary, Highlight, ImportOptions, ImportReport};
use tauri::State;

use crate::ipc::{AppLibrary, IpcError};

#[tauri::command]
pub async fn list_clippings(
    library: State<'_, AppLibrary>,
) -> Result<Vec<ClippingSummary>, IpcError> {
    library.with(|l| l.list_clippings())
}

#[tauri::command]
pub async fn get_clipping(library: State<'_, AppLibrary>, id: i64) -> Result<Clipping, IpcError> {
    library.with(|l| l.clipping(id))
}

#[tauri::command]
pub async fn import_files(
    library: State<'_, AppLibrary>,
    paths: Vec<PathBuf>,
) -> Result<ImportReport, IpcError> {
    library.with(|l| Ok(l.import_files(&paths, &ImportOptions::default(), |_, _, _, _| {})))
}

#[tauri::command]
pub async fn list_highlights(
    library: State<'_, AppLibrary>,
    clipping_id: i64,
) -> Result<Vec<Highlight>, IpcError> {
    library.with(|l| l.highlights(Some(clipping_id)))
}

#[tauri::command]
pub async fn import_pasted(
    library: State<'_, AppLibrary>,
    html: Option<String>,
    text: Option<String>,
) -> Result<ImportReport, IpcError> {
    library.with(|l| {
        let result = l.import_pasted(html.as_deref(), text.as_deref(), &ImportOptions::default());
        let mut report = ImportReport::default();
        report.record(std::path::Path::new("the clipboard"), &result);
        Ok(report)
    })
}
