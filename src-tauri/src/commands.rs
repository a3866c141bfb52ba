//! The commands the UI invokes. Each is a thin adapter: take the state, call one core
//! function, map the error. Their names, inputs and outputs are declared once, in
//! [`crate::bindings::COMMANDS`], for the generated TypeScript.

use std::path::PathBuf;

use commonplace_core::{
    Citation, Clipping, ClippingSummary, Color, Counts, ErrorCode, Highlight, HighlightPage,
    HighlightQuery, ImportOptions, ImportReport, ListQuery, Page, Progress, TagChange, TagCount,
    Target,
};
use tauri::{AppHandle, Emitter, State};

use crate::ipc::{
    AppClipboard, AppLibrary, IMPORT_PROGRESS, ImportCancel, ImportProgress, IpcError,
};

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
    app: AppHandle,
    library: State<'_, AppLibrary>,
    cancel: State<'_, ImportCancel>,
    paths: Vec<PathBuf>,
) -> Result<ImportReport, IpcError> {
    cancel.reset();
    library.with(|l| {
        Ok(
            l.import_files(&paths, &ImportOptions::default(), |index, total, _, _| {
                let progress = ImportProgress {
                    done: index as u32 + 1,
                    total: total as u32,
                };
                // Progress is a courtesy: a window that cannot hear it changes nothing.
                let _ = app.emit_to("main", IMPORT_PROGRESS, progress);
                if cancel.requested() {
                    Progress::Stop
                } else {
                    Progress::Continue
                }
            }),
        )
    })
}

#[tauri::command]
pub async fn cancel_import(cancel: State<'_, ImportCancel>) -> Result<(), IpcError> {
    cancel.request();
    Ok(())
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
    import_clipboard_content(&library, html, text)
}

/// The Paste button: reads the system clipboard here, in Rust (the webview is given no
/// clipboard access), and imports it as a paste would.
#[tauri::command]
pub async fn paste_clipboard(library: State<'_, AppLibrary>) -> Result<ImportReport, IpcError> {
    let (html, text) = read_clipboard()?;
    import_clipboard_content(&library, html, text)
}

fn import_clipboard_content(
    library: &AppLibrary,
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

/// The clipboard's HTML and text, whichever it has.
fn read_clipboard() -> Result<(Option<String>, Option<String>), IpcError> {
    let mut clipboard = arboard::Clipboard::new().map_err(|e| IpcError {
        code: ErrorCode::Internal,
        message: format!("The clipboard could not be read: {e}"),
    })?;
    // What to make of it (and of an empty clipboard) is the core's to say.
    Ok((clipboard.get().html().ok(), clipboard.get_text().ok()))
}

/// Highlights code points `start..end` of a clipping's text; `exact` is the text the UI saw
/// there (the core checks it, and anchors by it when the offsets are stale).
#[tauri::command]
pub async fn add_highlight(
    library: State<'_, AppLibrary>,
    clipping_id: i64,
    start: usize,
    end: usize,
    exact: String,
    color: Color,
    note: String,
) -> Result<Highlight, IpcError> {
    let target = Target::Range {
        start,
        end,
        exact: Some(exact),
    };
    library.with(|l| l.add_highlight(clipping_id, &target, color, &note))
}

#[tauri::command]
pub async fn edit_highlight(
    library: State<'_, AppLibrary>,
    id: i64,
    color: Option<Color>,
    note: Option<String>,
) -> Result<Highlight, IpcError> {
    library.with(|l| l.edit_highlight(id, color, note.as_deref()))
}

#[tauri::command]
pub async fn delete_highlight(
    library: State<'_, AppLibrary>,
    id: i64,
) -> Result<Highlight, IpcError> {
    library.with(|l| l.delete_highlight(id))
}

#[tauri::command]
pub async fn restore_highlight(
    library: State<'_, AppLibrary>,
    id: i64,
) -> Result<Highlight, IpcError> {
    library.with(|l| l.restore_highlight(id))
}

#[tauri::command]
pub async fn set_clipping_note(
    library: State<'_, AppLibrary>,
    clipping_id: i64,
    note: String,
) -> Result<Clipping, IpcError> {
    library.with(|l| {
        l.set_clipping_note(clipping_id, &note)?;
        l.clipping(clipping_id)
    })
}

/// Puts the citation of `text` (from a clipping, at a book's `location`) on the system
/// clipboard, as plain text or as Markdown, and returns both forms.
#[tauri::command]
pub async fn copy_quote(
    library: State<'_, AppLibrary>,
    clipboard: State<'_, AppClipboard>,
    clipping_id: i64,
    text: String,
    location: Option<String>,
    markdown: bool,
) -> Result<Citation, IpcError> {
    let citation = library.with(|l| l.cite(clipping_id, &text, location.as_deref()))?;
    clipboard.set_text(citation.form(markdown))?;
    Ok(citation)
}

/// One page of the library (or the trash), sorted and filtered.
#[tauri::command]
pub async fn list_page(library: State<'_, AppLibrary>, query: ListQuery) -> Result<Page, IpcError> {
    library.with(|l| l.list(&query))
}

#[tauri::command]
pub async fn list_tags(library: State<'_, AppLibrary>) -> Result<Vec<TagCount>, IpcError> {
    library.with(|l| l.tags())
}

/// Puts a tag on a clipping, or takes it off; returns the clipping as it now is.
#[tauri::command]
pub async fn set_clipping_tag(
    library: State<'_, AppLibrary>,
    clipping_id: i64,
    tag: String,
    on: bool,
) -> Result<Clipping, IpcError> {
    library.with(|l| {
        l.set_clipping_tag(clipping_id, &tag, on)?;
        l.clipping(clipping_id)
    })
}

/// Puts a tag on a highlight, or takes it off; returns the highlight as it now is.
#[tauri::command]
pub async fn set_highlight_tag(
    library: State<'_, AppLibrary>,
    highlight_id: i64,
    tag: String,
    on: bool,
) -> Result<Highlight, IpcError> {
    library.with(|l| {
        l.set_highlight_tag(highlight_id, &tag, on)?;
        l.highlight(highlight_id)
    })
}

#[tauri::command]
pub async fn rename_tag(
    library: State<'_, AppLibrary>,
    old: String,
    new: String,
) -> Result<TagChange, IpcError> {
    library.with(|l| l.rename_tag(&old, &new))
}

#[tauri::command]
pub async fn delete_tag(
    library: State<'_, AppLibrary>,
    name: String,
) -> Result<TagChange, IpcError> {
    library.with(|l| l.delete_tag(&name))
}

#[tauri::command]
pub async fn undo_tag_change(
    library: State<'_, AppLibrary>,
    change: TagChange,
) -> Result<(), IpcError> {
    library.with(|l| l.undo_tag_change(&change))
}

/// Moves a clipping to the trash (`trashed`) or back.
#[tauri::command]
pub async fn set_trashed(
    library: State<'_, AppLibrary>,
    clipping_id: i64,
    trashed: bool,
) -> Result<(), IpcError> {
    library.with(|l| l.set_trashed(clipping_id, trashed))
}

/// Deletes what is in the trash for good; returns how many clippings went.
#[tauri::command]
pub async fn empty_trash(library: State<'_, AppLibrary>) -> Result<u32, IpcError> {
    library.with(|l| l.empty_trash().map(|n| n as u32))
}

#[tauri::command]
pub async fn counts(library: State<'_, AppLibrary>) -> Result<Counts, IpcError> {
    library.with(|l| l.counts())
}

/// One page of the library's highlights, newest first.
#[tauri::command]
pub async fn highlight_page(
    library: State<'_, AppLibrary>,
    query: HighlightQuery,
) -> Result<HighlightPage, IpcError> {
    library.with(|l| l.highlight_page(&query))
}
