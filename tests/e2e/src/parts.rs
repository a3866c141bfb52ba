//! Every part of the window the tests touch, named once by its `data-testid`: the Rust
//! side clicks and types into them by these constants, and scripts run in the page reach
//! them through `cp` (`cp.readerFrame()`, `cp.all.clippingRow()`, `cp.sel.tagInput`),
//! which [`page_prelude`] defines before each script. A renamed `data-testid` is changed
//! here, nowhere else.

use std::sync::OnceLock;

macro_rules! parts {
    ($($name:ident = $id:literal as $js:ident;)*) => {
        $(
            #[doc = concat!("`[data-testid=", $id, "]`")]
            pub const $name: &str = concat!("[data-testid=", $id, "]");
        )*
        /// Each part's name in the page's scripts, and its selector.
        const IN_PAGE: &[(&str, &str)] = &[$((stringify!($js), $name)),*];
    };
}

parts! {
    ABOUT_CLOSE = "about-close" as aboutClose;
    ABOUT_LOG_FOLDER = "about-log-folder" as aboutLogFolder;
    ADD_CLIPPING_NOTE = "add-clipping-note" as addClippingNote;
    ADD_URL_BUTTON = "add-url-button" as addUrlButton;
    BACKUP_CONFIRM_RESTORE = "backup-confirm-restore" as backupConfirmRestore;
    BACKUP_ENTRY = "backup-entry" as backupEntry;
    BACKUP_NOW = "backup-now" as backupNow;
    BACKUP_RESTORE = "backup-restore" as backupRestore;
    BACKUP_STATUS = "backup-status" as backupStatus;
    BACKUPS = "backups" as backups;
    BACKUPS_CLOSE = "backups-close" as backupsClose;
    BOOK_HIGHLIGHTS = "book-highlights" as bookHighlights;
    BRAND = "brand" as brand;
    CLIPPING_LIST = "clipping-list" as clippingList;
    CLIPPING_NOTE_INPUT = "clipping-note-input" as clippingNoteInput;
    CLIPPING_ROW = "clipping-row" as clippingRow;
    COLOR_BLUE = "color-blue" as colorBlue;
    COLOR_GREEN = "color-green" as colorGreen;
    COLOR_PURPLE = "color-purple" as colorPurple;
    COLOR_YELLOW = "color-yellow" as colorYellow;
    COPY_QUOTE = "copy-quote" as copyQuote;
    DELETE_HIGHLIGHT = "delete-highlight" as deleteHighlight;
    EMPTY_LIBRARY = "empty-library" as emptyLibrary;
    EMPTY_VIEW = "empty-view" as emptyView;
    EXPORT = "export" as export;
    EXPORT_OUT = "export-out" as exportOut;
    EXPORT_REPORT = "export-report" as exportReport;
    EXPORT_RUN = "export-run" as exportRun;
    FILTER_PINK = "filter-pink" as filterPink;
    FILTER_TOGGLE = "filter-toggle" as filterToggle;
    FILTER_YELLOW = "filter-yellow" as filterYellow;
    HIGHLIGHT_NOTE = "highlight-note" as highlightNote;
    HIGHLIGHT_PANEL = "highlight-panel" as highlightPanel;
    HIGHLIGHT_POPOVER = "highlight-popover" as highlightPopover;
    HIGHLIGHT_ROW = "highlight-row" as highlightRow;
    HIGHLIGHT_TAG_FILTER = "highlight-tag-filter" as highlightTagFilter;
    IMPORT_FAILURES = "import-failures" as importFailures;
    IMPORT_RESULT = "import-result" as importResult;
    IMPORT_WARNINGS = "import-warnings" as importWarnings;
    LIBRARY_COUNT = "library-count" as libraryCount;
    LIBRARY_ERROR = "library-error" as libraryError;
    LIBRARY_ERROR_RESTORE = "library-error-restore" as libraryErrorRestore;
    LIST_FILTER_CLEAR = "list-filter-clear" as listFilterClear;
    LIST_FILTER_FROM = "list-filter-from" as listFilterFrom;
    LIST_FILTER_KIND = "list-filter-kind" as listFilterKind;
    LIST_FILTER_YELLOW = "list-filter-yellow" as listFilterYellow;
    LIST_FILTERS = "list-filters" as listFilters;
    NOTE_BUTTON = "note-button" as noteButton;
    NOTED_CLIPPING = "noted-clipping" as notedClipping;
    OVERLAP_CHOICE = "overlap-choice" as overlapChoice;
    PANEL_HIGHLIGHT = "panel-highlight" as panelHighlight;
    PANEL_NOTE = "panel-note" as panelNote;
    PANEL_ORPHAN = "panel-orphan" as panelOrphan;
    PASTE_BUTTON = "paste-button" as pasteButton;
    READER = "reader" as reader;
    READER_BYLINE = "reader-byline" as readerByline;
    READER_FRAME = "reader-frame" as readerFrame;
    READER_NOTICE = "reader-notice" as readerNotice;
    READER_TITLE = "reader-title" as readerTitle;
    RESTORE_CLIPPING = "restore-clipping" as restoreClipping;
    SELECTION_TOOLBAR = "selection-toolbar" as selectionToolbar;
    TAG_CHIP = "tag-chip" as tagChip;
    TAG_ENTRY = "tag-entry" as tagEntry;
    TAG_INPUT = "tag-input" as tagInput;
    TAG_RENAME = "tag-rename" as tagRename;
    TAG_RENAME_INPUT = "tag-rename-input" as tagRenameInput;
    TAG_UNDO = "tag-undo" as tagUndo;
    TRASH_CLIPPING = "trash-clipping" as trashClipping;
    TRASH_COUNT = "trash-count" as trashCount;
    URL_INPUT = "url-input" as urlInput;
    VIEW_HIGHLIGHTS = "view-highlights" as viewHighlights;
    VIEW_LIBRARY = "view-library" as viewLibrary;
    VIEW_NOTES = "view-notes" as viewNotes;
    VIEW_TITLE = "view-title" as viewTitle;
    VIEW_TRASH = "view-trash" as viewTrash;
    SEARCH_INPUT = "search-input" as searchInput;
    SEARCH_HITS = "search-hits" as searchHits;
    SEARCH_HIT = "search-hit" as searchHit;
    SEARCH_ERROR = "search-error" as searchError;
    SEARCH_SORT = "search-sort" as searchSort;
    SEARCH_SAVE = "search-save" as searchSave;
    SEARCH_SAVE_NAME = "search-save-name" as searchSaveName;
    SEARCH_HELP_TOGGLE = "search-help-toggle" as searchHelpToggle;
    SEARCH_HELP = "search-help" as searchHelp;
    SEARCH_EXAMPLE = "search-example" as searchExample;
    SAVED_SEARCH = "saved-search" as savedSearch;
    SAVED_SEARCH_COUNT = "saved-search-count" as savedSearchCount;
    SAVED_SEARCH_UP = "saved-search-up" as savedSearchUp;
    SAVED_SEARCH_RENAME = "saved-search-rename" as savedSearchRename;
    SAVED_SEARCH_RENAME_INPUT = "saved-search-rename-input" as savedSearchRenameInput;
    SAVED_SEARCH_DELETE = "saved-search-delete" as savedSearchDelete;
    FIND_BAR = "find-bar" as findBar;
    FIND_INPUT = "find-input" as findInput;
    FIND_COUNT = "find-count" as findCount;
    FIND_NEXT = "find-next" as findNext;
    FIND_PREVIOUS = "find-previous" as findPrevious;
    FIND_CLOSE = "find-close" as findClose;
}

/// The script that defines `cp` in the page: for each part, `cp.name(more)` (the first
/// element its selector, followed by `more`, matches), `cp.all.name(more)` (all of them)
/// and `cp.sel.name` (the selector).
pub fn page_prelude() -> &'static str {
    static PRELUDE: OnceLock<String> = OnceLock::new();
    PRELUDE.get_or_init(|| {
        let mut sel = String::new();
        for (name, selector) in IN_PAGE {
            sel.push_str(&format!("{name}: {},\n", serde_json::json!(selector)));
        }
        format!(
            "const cp = (() => {{
               const sel = {{ {sel} }};
               const one = {{}}, all = {{}};
               for (const [name, selector] of Object.entries(sel)) {{
                 one[name] = (more = '') => document.querySelector(selector + more);
                 all[name] = (more = '') => document.querySelectorAll(selector + more);
               }}
               return Object.assign(one, {{ all, sel }});
             }})();"
        )
    })
}
