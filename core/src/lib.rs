//! Commonplace's core: the library file and every decision about what it holds. It knows
//! nothing of Tauri, command lines, JSON-over-IPC or the DOM; the CLI and the desktop app
//! are thin shells over it.

pub mod anchor;
pub mod body;
pub mod book;
pub mod clipping;
pub mod date;
pub mod error;
pub mod highlight;
pub mod image;
pub mod import;
pub mod library;
pub mod list;
pub mod note;
pub mod schema;
mod sql;
pub mod tag;

pub use body::Body;
pub use book::HighlightCounts;
pub use clipping::{Clipping, ClippingKind, ClippingSummary, NewClipping, SaveOutcome};
pub use date::PublishedAt;
pub use error::{Error, ErrorCode, Result};
pub use highlight::{
    Citation, Color, Highlight, HighlightItem, HighlightPage, HighlightQuery, Status, Target,
};
pub use image::Image;
pub use import::kindle::Skipped;
pub use import::{ImportFailure, ImportOptions, ImportReport, ImportWarning, Imported, Progress};
pub use library::{LIBRARY_ENV, Library, resolve_library_path};
pub use list::{Counts, ListQuery, Page, Sort};
pub use tag::{TagChange, TagCount};
