//! Commonplace's core: the library file and every decision about what it holds. It knows
//! nothing of Tauri, command lines, JSON-over-IPC or the DOM; the CLI and the desktop app
//! are thin shells over it.
//!
//! Layers, each using only those below it (ARCHITECTURE.md draws them; a test keeps them):
//! the foundation (`error`, `date`, `model`, `query`, `words`, `anchor`, `note`, `fetch`,
//! `image`, `body`), the store (`store`: the file, the schema, the SQL of each table family), the
//! domain (`clipping`, `highlight`, `tag`, `list`, `search`: the rules, as methods of
//! [`Library`]), and `import` on top.

pub mod anchor;
pub mod backup;
pub mod body;
pub mod clipping;
pub mod date;
pub mod error;
pub mod export;
mod fetch;
pub mod highlight;
pub mod image;
pub mod import;
pub mod list;
pub mod model;
pub mod note;
pub mod query;
pub mod search;
pub mod store;
pub mod tag;
pub mod words;

pub use backup::{BackupInfo, Restored};
pub use body::Body;
pub use date::PublishedAt;
pub use error::{Error, ErrorCode, Result};
pub use highlight::{Citation, Target};
pub use image::Image;
pub use import::book::HighlightCounts;
pub use import::kindle::Skipped;
pub use import::{ImportFailure, ImportOptions, ImportReport, ImportWarning, Imported, Progress};
pub use model::{
    Clipping, ClippingKind, ClippingSummary, Color, Counts, Highlight, HighlightItem,
    HighlightPage, HighlightQuery, Hit, HitKind, HitPage, ListQuery, NewClipping, Page,
    SaveOutcome, SavedSearch, SearchScope, Sort, Status, TagChange, TagCount, TagState, TextSpan,
};
pub use query::SearchSort;
pub use store::library::{LIBRARY_ENV, Library, resolve_library_path};
pub use store::schema;
