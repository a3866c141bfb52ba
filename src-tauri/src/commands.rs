//! The commands the UI invokes. Each is a thin adapter: take the state, call one core
//! function, map the error. Each takes one request, a struct of its arguments deriving both
//! `Deserialize` and its TypeScript type (the UI sends it as `{ request }`). The commands
//! themselves are listed once, in `command_list.rs`: that list registers the handlers here,
//! gives `build.rs` the permissions to generate, and gives the bindings the TypeScript map
//! of every command's request and result. Commands that only read take a reader
//! ([`AppLibrary::read`]), so they answer while an import holds the writer.

use std::path::PathBuf;

use commonplace_core::export::{ExportOptions, ExportReport, Format as ExportFormat, Scope};
use commonplace_core::import::Parsed;
use commonplace_core::{
    BackupInfo, Citation, Clipping, Color, Counts, ErrorCode, Highlight, HighlightPage,
    HighlightQuery, HitPage, ImportOptions, ImportReport, ListQuery, Page, Progress, Restored,
    SavedSearch, SearchScope, SearchSort, TagChange, TagCount, Target, TextSpan,
};
use serde::Deserialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use crate::ipc::{
    AppClipboard, AppInfo, AppLibrary, IMPORT_PROGRESS, ImportCancel, ImportProgress, IpcError,
};
use crate::logging::Log;

/// Declares what a list of commands gives the app: the handler that dispatches them, and
/// each one's name, request and result for the bindings. (`build.rs` reads the same list
/// with a macro of its own, for the names only.)
macro_rules! commands {
    ($($name:ident($request:ty) -> $result:ty;)*) => {
        /// The handler of every command, for the app's builder.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Every command as the bindings describe it.
        #[cfg(test)]
        pub const SIGNATURES: &[crate::bindings::CommandSignature] = &[
            $(crate::bindings::CommandSignature {
                name: stringify!($name),
                request: <$request as TS>::decl,
                args: <$request as TS>::name,
                result: <$result as TS>::name,
            }),*
        ];
    };
}

include!("command_list.rs");

/// A command that takes nothing.
#[derive(Debug, Deserialize, TS)]
pub struct NoArgs {}

#[derive(Debug, Deserialize, TS)]
pub struct GetClippingArgs {
    #[ts(type = "number")]
    id: i64,
}

#[tauri::command]
pub async fn get_clipping(
    library: State<'_, AppLibrary>,
    request: GetClippingArgs,
) -> Result<Clipping, IpcError> {
    library.read(|l| l.clipping(request.id))
}

#[derive(Debug, Deserialize, TS)]
pub struct ImportFilesArgs {
    paths: Vec<PathBuf>,
}

#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    library: State<'_, AppLibrary>,
    cancel: State<'_, ImportCancel>,
    request: ImportFilesArgs,
) -> Result<ImportReport, IpcError> {
    cancel.reset();
    let store = library.store_each()?;
    let report = commonplace_core::import::import_files(
        &request.paths,
        &ImportOptions::default(),
        store,
        |index, total, _, _| {
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
        },
    );
    if library.auto_backup && is_large(&report) {
        // A large import is backed up at once, beside the window's work.
        let app = app.clone();
        std::thread::spawn(move || {
            use tauri::Manager;
            if let Ok(info) = app.state::<AppLibrary>().back_up(&app) {
                let _ = app.emit_to("main", crate::ipc::BACKUP_DONE, info);
            }
        });
    }
    Ok(report)
}

/// An import large enough to back up after: 100 clippings new or changed, or 1,000
/// highlights.
fn is_large(report: &ImportReport) -> bool {
    report.imported.len() + report.updated.len() >= 100
        || report.highlights.is_some_and(|h| h.added >= 1_000)
}

/// A web page to fetch and import.
#[derive(Debug, Deserialize, TS)]
pub struct ImportUrlArgs {
    url: String,
}

/// Fetches a page (without holding the library meanwhile) and stores it; what the person
/// typed is the core's to judge.
#[tauri::command]
pub async fn import_url(
    library: State<'_, AppLibrary>,
    request: ImportUrlArgs,
) -> Result<ImportReport, IpcError> {
    let mut store = library.store_each()?;
    let result = commonplace_core::import::fetch_page(&request.url, &ImportOptions::default())
        .and_then(|page| store(Parsed::Clipping(Box::new(page))));
    let mut report = ImportReport::default();
    report.record(std::path::Path::new(request.url.trim()), &result);
    Ok(report)
}

#[tauri::command]
pub async fn cancel_import(
    cancel: State<'_, ImportCancel>,
    request: NoArgs,
) -> Result<(), IpcError> {
    let NoArgs {} = request;
    cancel.request();
    Ok(())
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListHighlightsArgs {
    #[ts(type = "number")]
    clipping_id: i64,
}

#[tauri::command]
pub async fn list_highlights(
    library: State<'_, AppLibrary>,
    request: ListHighlightsArgs,
) -> Result<Vec<Highlight>, IpcError> {
    library.read(|l| l.highlights(Some(request.clipping_id)))
}

#[derive(Debug, Deserialize, TS)]
pub struct ImportPastedArgs {
    html: Option<String>,
    text: Option<String>,
}

#[tauri::command]
pub async fn import_pasted(
    library: State<'_, AppLibrary>,
    request: ImportPastedArgs,
) -> Result<ImportReport, IpcError> {
    import_clipboard_content(&library, request.html, request.text)
}

/// The Paste button: reads the system clipboard here, in Rust (the webview is given no
/// clipboard access), and imports it as a paste would.
#[tauri::command]
pub async fn paste_clipboard(
    library: State<'_, AppLibrary>,
    request: NoArgs,
) -> Result<ImportReport, IpcError> {
    let NoArgs {} = request;
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
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddHighlightArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    start: usize,
    end: usize,
    exact: String,
    color: Color,
    note: String,
}

#[tauri::command]
pub async fn add_highlight(
    library: State<'_, AppLibrary>,
    request: AddHighlightArgs,
) -> Result<Highlight, IpcError> {
    let target = Target::Range {
        start: request.start,
        end: request.end,
        exact: Some(request.exact),
    };
    library.with(|l| l.add_highlight(request.clipping_id, &target, request.color, &request.note))
}

/// A highlight's new colour, or note, or both; `null` leaves one as it is.
#[derive(Debug, Deserialize, TS)]
pub struct EditHighlightArgs {
    #[ts(type = "number")]
    id: i64,
    color: Option<Color>,
    note: Option<String>,
}

#[tauri::command]
pub async fn edit_highlight(
    library: State<'_, AppLibrary>,
    request: EditHighlightArgs,
) -> Result<Highlight, IpcError> {
    library.with(|l| l.edit_highlight(request.id, request.color, request.note.as_deref()))
}

/// One highlight, by its id.
#[derive(Debug, Deserialize, TS)]
pub struct HighlightArgs {
    #[ts(type = "number")]
    id: i64,
}

#[tauri::command]
pub async fn delete_highlight(
    library: State<'_, AppLibrary>,
    request: HighlightArgs,
) -> Result<Highlight, IpcError> {
    library.with(|l| l.delete_highlight(request.id))
}

#[tauri::command]
pub async fn restore_highlight(
    library: State<'_, AppLibrary>,
    request: HighlightArgs,
) -> Result<Highlight, IpcError> {
    library.with(|l| l.restore_highlight(request.id))
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetClippingNoteArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    note: String,
}

#[tauri::command]
pub async fn set_clipping_note(
    library: State<'_, AppLibrary>,
    request: SetClippingNoteArgs,
) -> Result<Clipping, IpcError> {
    library.with(|l| {
        l.set_clipping_note(request.clipping_id, &request.note)?;
        l.clipping(request.clipping_id)
    })
}

/// The citation of `text` (from a clipping, at a book's `location`), as plain text or as
/// Markdown.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CopyQuoteArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    text: String,
    location: Option<String>,
    markdown: bool,
}

/// Puts a citation on the system clipboard and returns both its forms.
#[tauri::command]
pub async fn copy_quote(
    library: State<'_, AppLibrary>,
    clipboard: State<'_, AppClipboard>,
    request: CopyQuoteArgs,
) -> Result<Citation, IpcError> {
    let citation = library.read(|l| {
        l.cite(
            request.clipping_id,
            &request.text,
            request.location.as_deref(),
        )
    })?;
    clipboard.set_text(citation.form(request.markdown))?;
    Ok(citation)
}

#[derive(Debug, Deserialize, TS)]
pub struct ListPageArgs {
    query: ListQuery,
}

/// One page of the library (or the trash), sorted and filtered.
#[tauri::command]
pub async fn list_page(
    library: State<'_, AppLibrary>,
    request: ListPageArgs,
) -> Result<Page, IpcError> {
    library.read(|l| l.list(&request.query))
}

#[tauri::command]
pub async fn list_tags(
    library: State<'_, AppLibrary>,
    request: NoArgs,
) -> Result<Vec<TagCount>, IpcError> {
    let NoArgs {} = request;
    library.read(|l| l.tags())
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetClippingTagArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    tag: String,
    on: bool,
}

/// Puts a tag on a clipping, or takes it off; returns the clipping as it now is.
#[tauri::command]
pub async fn set_clipping_tag(
    library: State<'_, AppLibrary>,
    request: SetClippingTagArgs,
) -> Result<Clipping, IpcError> {
    library.with(|l| {
        l.set_clipping_tag(request.clipping_id, &request.tag, request.on)?;
        l.clipping(request.clipping_id)
    })
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetHighlightTagArgs {
    #[ts(type = "number")]
    highlight_id: i64,
    tag: String,
    on: bool,
}

/// Puts a tag on a highlight, or takes it off; returns the highlight as it now is.
#[tauri::command]
pub async fn set_highlight_tag(
    library: State<'_, AppLibrary>,
    request: SetHighlightTagArgs,
) -> Result<Highlight, IpcError> {
    library.with(|l| {
        l.set_highlight_tag(request.highlight_id, &request.tag, request.on)?;
        l.highlight(request.highlight_id)
    })
}

#[derive(Debug, Deserialize, TS)]
pub struct RenameTagArgs {
    old: String,
    new: String,
}

#[tauri::command]
pub async fn rename_tag(
    library: State<'_, AppLibrary>,
    request: RenameTagArgs,
) -> Result<TagChange, IpcError> {
    library.with(|l| l.rename_tag(&request.old, &request.new))
}

#[derive(Debug, Deserialize, TS)]
pub struct DeleteTagArgs {
    name: String,
}

#[tauri::command]
pub async fn delete_tag(
    library: State<'_, AppLibrary>,
    request: DeleteTagArgs,
) -> Result<TagChange, IpcError> {
    library.with(|l| l.delete_tag(&request.name))
}

#[derive(Debug, Deserialize, TS)]
pub struct UndoTagChangeArgs {
    change: TagChange,
}

#[tauri::command]
pub async fn undo_tag_change(
    library: State<'_, AppLibrary>,
    request: UndoTagChangeArgs,
) -> Result<(), IpcError> {
    library.with(|l| l.undo_tag_change(&request.change))
}

/// Moves a clipping to the trash (`trashed`) or back.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetTrashedArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    trashed: bool,
}

#[tauri::command]
pub async fn set_trashed(
    library: State<'_, AppLibrary>,
    request: SetTrashedArgs,
) -> Result<(), IpcError> {
    library.with(|l| l.set_trashed(request.clipping_id, request.trashed))
}

/// Deletes what is in the trash for good; returns how many clippings went.
#[tauri::command]
pub async fn empty_trash(library: State<'_, AppLibrary>, request: NoArgs) -> Result<u32, IpcError> {
    let NoArgs {} = request;
    library.with(|l| l.empty_trash().map(|n| n as u32))
}

#[tauri::command]
pub async fn counts(library: State<'_, AppLibrary>, request: NoArgs) -> Result<Counts, IpcError> {
    let NoArgs {} = request;
    library.read(|l| l.counts())
}

#[derive(Debug, Deserialize, TS)]
pub struct HighlightPageArgs {
    query: HighlightQuery,
}

/// One page of the library's highlights, newest first.
#[tauri::command]
pub async fn highlight_page(
    library: State<'_, AppLibrary>,
    request: HighlightPageArgs,
) -> Result<HighlightPage, IpcError> {
    library.read(|l| l.highlight_page(&request.query))
}

#[derive(Debug, Deserialize, TS)]
pub struct SearchArgs {
    query: String,
    /// Over the query's own `sort:`, when given.
    sort: Option<SearchSort>,
    /// The list's view and filters, on top of the query.
    scope: SearchScope,
    /// Where the previous page ended (its `next`).
    after: Option<String>,
    #[ts(type = "number | null")]
    limit: Option<u32>,
}

/// A page of a search's hits.
#[tauri::command]
pub async fn search(
    library: State<'_, AppLibrary>,
    request: SearchArgs,
) -> Result<HitPage, IpcError> {
    library.read(|l| {
        l.search_page(
            &request.query,
            request.sort,
            &request.scope,
            request.after.as_deref(),
            request.limit,
        )
    })
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchMatchesArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    query: String,
}

/// Where a search's words are in a clipping's text (the reader marks them).
#[tauri::command]
pub async fn search_matches(
    library: State<'_, AppLibrary>,
    request: SearchMatchesArgs,
) -> Result<Vec<TextSpan>, IpcError> {
    library.read(|l| l.search_matches(request.clipping_id, &request.query))
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindInClippingArgs {
    #[ts(type = "number")]
    clipping_id: i64,
    needle: String,
}

/// Find in the article: where `needle` is in a clipping's text, folded as search folds.
#[tauri::command]
pub async fn find_in_clipping(
    library: State<'_, AppLibrary>,
    request: FindInClippingArgs,
) -> Result<Vec<TextSpan>, IpcError> {
    library.read(|l| l.find_in_clipping(request.clipping_id, &request.needle))
}

/// The saved searches in the person's order, with their counts.
#[tauri::command]
pub async fn saved_searches(
    library: State<'_, AppLibrary>,
    request: NoArgs,
) -> Result<Vec<SavedSearch>, IpcError> {
    let NoArgs {} = request;
    library.read(|l| l.saved_searches())
}

#[derive(Debug, Deserialize, TS)]
pub struct SaveSearchArgs {
    name: String,
    query: String,
}

/// Saves a query under a name (the same name again replaces its query).
#[tauri::command]
pub async fn save_search(
    library: State<'_, AppLibrary>,
    request: SaveSearchArgs,
) -> Result<(), IpcError> {
    library.with(|l| l.save_search(&request.name, &request.query))
}

#[derive(Debug, Deserialize, TS)]
pub struct RenameSearchArgs {
    old: String,
    new: String,
}

#[tauri::command]
pub async fn rename_search(
    library: State<'_, AppLibrary>,
    request: RenameSearchArgs,
) -> Result<(), IpcError> {
    library.with(|l| l.rename_search(&request.old, &request.new))
}

#[derive(Debug, Deserialize, TS)]
pub struct SearchNameArgs {
    name: String,
}

#[tauri::command]
pub async fn delete_search(
    library: State<'_, AppLibrary>,
    request: SearchNameArgs,
) -> Result<(), IpcError> {
    library.with(|l| l.delete_search(&request.name))
}

#[derive(Debug, Deserialize, TS)]
pub struct ReorderSearchesArgs {
    names: Vec<String>,
}

#[tauri::command]
pub async fn reorder_searches(
    library: State<'_, AppLibrary>,
    request: ReorderSearchesArgs,
) -> Result<(), IpcError> {
    library.with(|l| l.reorder_searches(&request.names))
}

#[tauri::command]
pub fn app_info(
    library: State<'_, AppLibrary>,
    log: State<'_, Log>,
    request: NoArgs,
) -> Result<AppInfo, IpcError> {
    let NoArgs {} = request;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        library: library.path().map(|p| p.display().to_string()),
        log_folder: log.folder.as_ref().map(|p| p.display().to_string()),
    })
}

/// Whether the library has been opened (or failed to open): until it has, the UI holds
/// its commands back (see `LIBRARY_READY`).
#[tauri::command]
pub fn library_opened(library: State<'_, AppLibrary>, request: NoArgs) -> bool {
    let NoArgs {} = request;
    library.is_opened()
}

#[tauri::command]
pub fn show_log_folder(app: AppHandle, request: NoArgs) -> Result<(), IpcError> {
    let NoArgs {} = request;
    crate::menu::show_log_folder(&app)
}

/// Backs the library up now, from a connection of its own: the app goes on reading and
/// writing meanwhile. Progress arrives as `backup-progress` events.
#[tauri::command]
pub async fn back_up_now(
    app: AppHandle,
    library: State<'_, AppLibrary>,
    request: NoArgs,
) -> Result<BackupInfo, IpcError> {
    let NoArgs {} = request;
    library.back_up(&app)
}

/// The library's backups, newest first (what they hold, as checked when they were made).
#[tauri::command]
pub async fn list_backups(
    library: State<'_, AppLibrary>,
    request: NoArgs,
) -> Result<Vec<BackupInfo>, IpcError> {
    let NoArgs {} = request;
    let path = library.path().ok_or_else(no_library)?;
    Ok(commonplace_core::backup::list_backups(path)?)
}

#[derive(Debug, Deserialize, TS)]
pub struct RestoreBackupArgs {
    path: PathBuf,
}

/// Restores a backup (see `commonplace_core::backup::restore`): verified first, the library
/// as it is backed up, then replaced in one step. A library that could not be opened
/// (damaged) is set aside instead, and the app starts again over the restored one.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    library: State<'_, AppLibrary>,
    request: RestoreBackupArgs,
) -> Result<Restored, IpcError> {
    let path = library.path().ok_or_else(no_library)?.to_path_buf();
    let (restored, opened) =
        library.exclusive(|| commonplace_core::backup::restore(&path, &request.path))?;
    if !opened {
        // The app's connections were never made: start again over the restored library.
        let restart = app.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            restart.request_restart();
        });
    }
    Ok(restored)
}

fn no_library() -> IpcError {
    IpcError {
        code: ErrorCode::NoDataFolder,
        message: "There is no library: no folder for it could be found.".to_owned(),
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportArgs {
    format: ExportFormat,
    /// A folder for Markdown, a file for the others.
    out: PathBuf,
    /// Only the hits of this search (the view or the search open in the window).
    query: Option<String>,
    /// Only these clippings.
    #[ts(type = "number[]")]
    clippings: Vec<i64>,
    with_body: bool,
}

/// Exports (see `Library::export`) from a reader, so that the window goes on meanwhile;
/// progress arrives as `export-progress` events.
#[tauri::command]
pub async fn export(
    app: AppHandle,
    library: State<'_, AppLibrary>,
    request: ExportArgs,
) -> Result<ExportReport, IpcError> {
    let scope = Scope {
        query: request.query,
        clippings: request.clippings,
    };
    let options = ExportOptions {
        with_body: request.with_body,
    };
    library.read(|l| {
        l.export(
            request.format,
            &request.out,
            &scope,
            &options,
            |done, total| {
                let progress = ImportProgress {
                    done: done as u32,
                    total: total as u32,
                };
                let _ = app.emit_to("main", crate::ipc::EXPORT_PROGRESS, progress);
            },
        )
    })
}

/// Copies a clipping as Markdown (title, byline, note, highlights) to the clipboard.
#[tauri::command]
pub async fn copy_clipping_markdown(
    library: State<'_, AppLibrary>,
    clipboard: State<'_, AppClipboard>,
    request: GetClippingArgs,
) -> Result<String, IpcError> {
    let text = library.read(|l| l.clipping_markdown(request.id))?;
    clipboard.set_text(&text)?;
    Ok(text)
}
