// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// COMMONPLACE_WRITE_BINDINGS=1 cargo test -p commonplace-app bindings

export type ErrorCode = "io" | "empty_file" | "binary_file" | "invalid_utf8" | "too_large" | "too_deeply_nested" | "too_slow" | "unsupported_format" | "invalid_front_matter" | "invalid_clippings" | "fetch_failed" | "not_a_web_address" | "http_status" | "not_a_web_page" | "not_found" | "quote_not_found" | "invalid_range" | "invalid_color" | "invalid_tag" | "invalid_argument" | "invalid_query" | "newer_library" | "not_a_library" | "read_only_library" | "disk_full" | "disk_io" | "damaged_library" | "damaged_backup" | "no_data_folder" | "database" | "internal";

export type IpcError = { code: ErrorCode, message: string, };

export type ImportProgress = { 
/**
 * Files done so far.
 */
done: number, 
/**
 * Files in the whole import.
 */
total: number, };

export type LibraryProgress = { done: number, total: number, };

export type ClippingKind = "article" | "book" | "note";

export type ClippingSummary = { id: number, kind: ClippingKind, title: string, author: string | null, siteName: string | null, sourceUrl: string | null, 
/**
 * ISO 8601: a bare date or an RFC 3339 date-time.
 */
publishedAt: string | null, 
/**
 * RFC 3339, UTC.
 */
clippedAt: string, 
/**
 * How many highlights it has (not counting deleted ones).
 */
highlightCount: number, 
/**
 * Its tags, in name order.
 */
tags: Array<string>, 
/**
 * When it was moved to the trash (RFC 3339), if it is there.
 */
deletedAt: string | null, };

export type Clipping = { 
/**
 * The person's Markdown note on the whole clipping.
 */
note: string, 
/**
 * The note rendered as safe HTML.
 */
noteHtml: string, 
/**
 * SHA-256 of `html`.
 */
contentHash: string, 
/**
 * The sanitized body.
 */
html: string, 
/**
 * The `textContent` of `html`: what highlight positions count in.
 */
text: string, id: number, kind: ClippingKind, title: string, author: string | null, siteName: string | null, sourceUrl: string | null, 
/**
 * ISO 8601: a bare date or an RFC 3339 date-time.
 */
publishedAt: string | null, 
/**
 * RFC 3339, UTC.
 */
clippedAt: string, 
/**
 * How many highlights it has (not counting deleted ones).
 */
highlightCount: number, 
/**
 * Its tags, in name order.
 */
tags: Array<string>, 
/**
 * When it was moved to the trash (RFC 3339), if it is there.
 */
deletedAt: string | null, };

export type ImportFailure = { path: string, code: ErrorCode, 
/**
 * A sentence for the person, naming the file and the place.
 */
error: string, };

export type ImportWarning = { path: string, 
/**
 * The entry (1-based) of a Kindle clippings file; 0 for the file as a whole.
 */
entry: number, 
/**
 * The line (1-based); 0 for the file as a whole.
 */
line: number, message: string, };

export type Skipped = { bookmarks: number, 
/**
 * Articles clipped whole ("Clip This Article"), which hold no highlight.
 */
clippedArticles: number, 
/**
 * The publisher's "You have reached the clipping limit" placeholder, in any language.
 */
limitPlaceholders: number, 
/**
 * Highlights and notes without text.
 */
empty: number, 
/**
 * The tail of an entry cut off at the start of the file.
 */
fragments: number, 
/**
 * Entries that could not be read; each has a warning.
 */
unreadable: number, };

export type HighlightCounts = { 
/**
 * New highlights.
 */
added: number, 
/**
 * Extended or shortened highlights folded into one, in the file or with the library.
 */
merged: number, 
/**
 * Entries that are not highlights or notes, by kind.
 */
skipped: Skipped, };

export type ImportReport = { 
/**
 * Ids of new clippings.
 */
imported: number[], 
/**
 * Ids of clippings the library already had exactly as imported.
 */
unchanged: number[], 
/**
 * Ids of clippings that took new content or details.
 */
updated: number[], 
/**
 * Ids of clippings that are in the trash, which the import left there untouched.
 */
inTrash: number[], 
/**
 * Files that could not be imported, and why.
 */
failed: Array<ImportFailure>, 
/**
 * Whether the import was cancelled before every file was done.
 */
cancelled: boolean, 
/**
 * What happened to highlights, when Kindle clippings were imported.
 */
highlights?: HighlightCounts, 
/**
 * What of the imported files was skipped or changed: entries that could not be read,
 * a file that seems cut off.
 */
warnings: Array<ImportWarning>, };

export type Color = "yellow" | "green" | "blue" | "pink" | "purple";

export type Status = "anchored" | "fuzzy" | "orphaned";

export type Highlight = { id: number, clippingId: number, 
/**
 * The highlighted text (the W3C `exact`).
 */
text: string, 
/**
 * The person's Markdown note on it.
 */
note: string, 
/**
 * The note rendered as safe HTML.
 */
noteHtml: string, color: Color, 
/**
 * Where it is in a book: the Kindle location or range (`214-215`).
 */
location: string | null, 
/**
 * The page of a book it is on, as the device wrote it (`9`, `12-13`, `xv`).
 */
page: string | null, 
/**
 * RFC 3339, UTC.
 */
createdAt: string, status: Status, 
/**
 * The W3C `TextPositionSelector`, in code points of the clipping's text; `null` for an
 * orphan and for a book highlight that has no text to point into.
 */
start: number | null, end: number | null, 
/**
 * Up to 32 characters before and after `text` (W3C `TextQuoteSelector`).
 */
prefix: string, suffix: string, 
/**
 * For a fuzzy highlight, the words it had before its clipping changed.
 */
previousText: string | null, 
/**
 * Its tags, in name order.
 */
tags: Array<string>, };

export type Citation = { 
/**
 * `“quote” — Author, Title, Site (date). URL`
 */
text: string, 
/**
 * A Markdown block quote with the same attribution.
 */
markdown: string, };

export type Sort = "clipped" | "published" | "title" | "author";

export type ListQuery = { 
/**
 * Clippings carrying each of these tags (or a tag beneath it).
 */
tags: Array<string>, kind: ClippingKind | null, 
/**
 * Clippings with a highlight of this colour.
 */
color: Color | null, sort: Sort, 
/**
 * Clipped on or after this day (`YYYY-MM-DD`).
 */
clippedFrom: string | null, 
/**
 * Clipped on or before this day (`YYYY-MM-DD`).
 */
clippedTo: string | null, 
/**
 * The trash instead of the library.
 */
trash: boolean, 
/**
 * Only clippings with a note of their own.
 */
withNote: boolean, 
/**
 * Where the previous page ended (its `next`).
 */
after: string | null, 
/**
 * At most this many (50 when not given).
 */
limit: number | null, };

export type Page = { items: Array<ClippingSummary>, 
/**
 * Pass as `after` for the next page; `null` at the end.
 */
next: string | null, };

export type TagCount = { name: string, clippingCount: number, highlightCount: number, };

export type TagState = { 
/**
 * The tag's id then: an undo finds a renamed or merged tag by it and puts it back as it
 * was, moving only what the change moved.
 */
id: number, name: string, clippings: number[], highlights: number[], };

export type TagChange = { before: Array<TagState>, created: Array<string>, };

export type Counts = { library: number, books: number, trash: number, };

export type HighlightQuery = { 
/**
 * Only highlights with this tag (or one beneath it).
 */
tag: string | null, color: Color | null, 
/**
 * Only highlights with a note.
 */
withNote: boolean, 
/**
 * Only orphaned highlights.
 */
orphaned: boolean, 
/**
 * Where the previous page ended.
 */
after: string | null, limit: number | null, };

export type HighlightItem = { clippingTitle: string, id: number, clippingId: number, 
/**
 * The highlighted text (the W3C `exact`).
 */
text: string, 
/**
 * The person's Markdown note on it.
 */
note: string, 
/**
 * The note rendered as safe HTML.
 */
noteHtml: string, color: Color, 
/**
 * Where it is in a book: the Kindle location or range (`214-215`).
 */
location: string | null, 
/**
 * The page of a book it is on, as the device wrote it (`9`, `12-13`, `xv`).
 */
page: string | null, 
/**
 * RFC 3339, UTC.
 */
createdAt: string, status: Status, 
/**
 * The W3C `TextPositionSelector`, in code points of the clipping's text; `null` for an
 * orphan and for a book highlight that has no text to point into.
 */
start: number | null, end: number | null, 
/**
 * Up to 32 characters before and after `text` (W3C `TextQuoteSelector`).
 */
prefix: string, suffix: string, 
/**
 * For a fuzzy highlight, the words it had before its clipping changed.
 */
previousText: string | null, 
/**
 * Its tags, in name order.
 */
tags: Array<string>, };

export type HighlightPage = { items: Array<HighlightItem>, next: string | null, };

export type HitKind = "clipping" | "highlight";

export type Hit = { kind: HitKind, clippingId: number, 
/**
 * `null` for a clipping.
 */
highlightId: number | null, 
/**
 * The clipping's title.
 */
title: string, 
/**
 * A few words around the first match, as HTML: escaped, the matches in `<mark>`.
 */
snippet: string, 
/**
 * A highlight's colour; `null` for a clipping.
 */
color: Color | null, 
/**
 * A highlight's note; `null` for a clipping.
 */
note: string | null, 
/**
 * Higher is better: the relevance of the words (BM25), or for a sorted search the
 * place in that order.
 */
score: number, };

export type HitPage = { items: Array<Hit>, 
/**
 * Pass as `after` for the next page; `null` at the end.
 */
next: string | null, };

export type SearchSort = "relevance" | "newest" | "oldest" | "title";

export type SearchScope = { 
/**
 * Each of these tags (or one beneath it).
 */
tags: Array<string>, color: Color | null, kind: ClippingKind | null, 
/**
 * Clipped on or after this day (`YYYY-MM-DD`).
 */
clippedFrom: string | null, 
/**
 * Clipped on or before this day (`YYYY-MM-DD`).
 */
clippedTo: string | null, 
/**
 * The trash instead of the library.
 */
trash: boolean, };

export type TextSpan = { start: number, end: number, };

export type SavedSearch = { name: string, query: string, 
/**
 * Clippings and highlights it finds (the trash left out unless it asks for it).
 */
count: number, };

export type AppInfo = { version: string, 
/**
 * `null` when no library could be opened.
 */
library: string | null, 
/**
 * `null` when the app keeps no log (its folder could not be written).
 */
logFolder: string | null, };

export type BackupInfo = { path: string, createdAt: string, bytes: number, clippings: number, highlights: number, 
/**
 * Notes on clippings and on highlights.
 */
notes: number, 
/**
 * Whether the backup passed its checks when it was made.
 */
verified: boolean, };

export type Restored = { 
/**
 * The backup now in the library's place.
 */
restored: BackupInfo, 
/**
 * The backup of the library as it was just before, made first.
 */
previous: BackupInfo | null, 
/**
 * Where the damaged library was moved, when it could not be backed up.
 */
setAside: string | null, };

export type BackupProgress = { done: number, total: number, };

export type Format = "markdown" | "csv" | "w3c" | "json";

export type ExportReport = { format: Format | null, path: string, 
/**
 * Files written new.
 */
written: number, 
/**
 * Files that were there and changed.
 */
updated: number, 
/**
 * Files that were there and would not change: left as they were, not even touched.
 */
unchanged: number, clippings: number, highlights: number, };

export type GetClippingArgs = { id: number, };

export type ImportFilesArgs = { paths: Array<string>, };

export type ImportUrlArgs = { url: string, };

export type ListHighlightsArgs = { clippingId: number, };

export type ImportPastedArgs = { html: string | null, text: string | null, };

export type NoArgs = Record<string, never>;

export type AddHighlightArgs = { clippingId: number, start: number, end: number, exact: string, color: Color, note: string, };

export type EditHighlightArgs = { id: number, color: Color | null, note: string | null, };

export type HighlightArgs = { id: number, };

export type SetClippingNoteArgs = { clippingId: number, note: string, };

export type CopyQuoteArgs = { clippingId: number, text: string, location: string | null, markdown: boolean, };

export type ListPageArgs = { query: ListQuery, };

export type SetClippingTagArgs = { clippingId: number, tag: string, on: boolean, };

export type SetHighlightTagArgs = { highlightId: number, tag: string, on: boolean, };

export type RenameTagArgs = { old: string, new: string, };

export type DeleteTagArgs = { name: string, };

export type UndoTagChangeArgs = { change: TagChange, };

export type SetTrashedArgs = { clippingId: number, trashed: boolean, };

export type HighlightPageArgs = { query: HighlightQuery, };

export type SearchArgs = { query: string, 
/**
 * Over the query's own `sort:`, when given.
 */
sort: SearchSort | null, 
/**
 * The list's view and filters, on top of the query.
 */
scope: SearchScope, 
/**
 * Where the previous page ended (its `next`).
 */
after: string | null, limit: number | null, };

export type SearchMatchesArgs = { clippingId: number, query: string, };

export type FindInClippingArgs = { clippingId: number, needle: string, };

export type SaveSearchArgs = { name: string, query: string, };

export type RenameSearchArgs = { old: string, new: string, };

export type SearchNameArgs = { name: string, };

export type ReorderSearchesArgs = { names: Array<string>, };

export type RestoreBackupArgs = { path: string, };

export type ExportArgs = { format: Format, 
/**
 * A folder for Markdown, a file for the others.
 */
out: string, 
/**
 * Only the hits of this search (the view or the search open in the window).
 */
query: string | null, 
/**
 * Only these clippings.
 */
clippings: number[], withBody: boolean, };

/** The extensions of the files the library imports (for the file picker). */
export const IMPORTABLE_EXTENSIONS: readonly string[] = ["md","markdown","mdown","mkd","txt","text","html","htm","xhtml","csv","json","jsonld","sqlite","zip"];

/** Every command the UI may invoke: its arguments and its result. */
export type Commands = {
  get_clipping: { args: GetClippingArgs; result: Clipping };
  import_files: { args: ImportFilesArgs; result: ImportReport };
  import_url: { args: ImportUrlArgs; result: ImportReport };
  list_highlights: { args: ListHighlightsArgs; result: Array<Highlight> };
  import_pasted: { args: ImportPastedArgs; result: ImportReport };
  cancel_import: { args: NoArgs; result: null };
  paste_clipboard: { args: NoArgs; result: ImportReport };
  add_highlight: { args: AddHighlightArgs; result: Highlight };
  edit_highlight: { args: EditHighlightArgs; result: Highlight };
  delete_highlight: { args: HighlightArgs; result: Highlight };
  restore_highlight: { args: HighlightArgs; result: Highlight };
  set_clipping_note: { args: SetClippingNoteArgs; result: Clipping };
  copy_quote: { args: CopyQuoteArgs; result: Citation };
  list_page: { args: ListPageArgs; result: Page };
  list_tags: { args: NoArgs; result: Array<TagCount> };
  set_clipping_tag: { args: SetClippingTagArgs; result: Clipping };
  set_highlight_tag: { args: SetHighlightTagArgs; result: Highlight };
  rename_tag: { args: RenameTagArgs; result: TagChange };
  delete_tag: { args: DeleteTagArgs; result: TagChange };
  undo_tag_change: { args: UndoTagChangeArgs; result: null };
  set_trashed: { args: SetTrashedArgs; result: null };
  empty_trash: { args: NoArgs; result: number };
  counts: { args: NoArgs; result: Counts };
  highlight_page: { args: HighlightPageArgs; result: HighlightPage };
  search: { args: SearchArgs; result: HitPage };
  search_matches: { args: SearchMatchesArgs; result: Array<TextSpan> };
  find_in_clipping: { args: FindInClippingArgs; result: Array<TextSpan> };
  saved_searches: { args: NoArgs; result: Array<SavedSearch> };
  save_search: { args: SaveSearchArgs; result: null };
  rename_search: { args: RenameSearchArgs; result: null };
  delete_search: { args: SearchNameArgs; result: null };
  reorder_searches: { args: ReorderSearchesArgs; result: null };
  app_info: { args: NoArgs; result: AppInfo };
  library_opened: { args: NoArgs; result: boolean };
  show_log_folder: { args: NoArgs; result: null };
  back_up_now: { args: NoArgs; result: BackupInfo };
  list_backups: { args: NoArgs; result: Array<BackupInfo> };
  restore_backup: { args: RestoreBackupArgs; result: Restored };
  export: { args: ExportArgs; result: ExportReport };
  copy_clipping_markdown: { args: GetClippingArgs; result: string };
};
