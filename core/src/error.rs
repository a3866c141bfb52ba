//! The core's typed errors. Each says what went wrong and where (file, line), and each
//! carries a stable [`ErrorCode`] that the CLI and the UI branch on instead of message text.

use std::io;
use std::path::PathBuf;

use serde::Serialize;

/// Shorthand for results whose error is the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },

    #[error("{} is {kind}, not a file: there is nothing to import from it", .path.display())]
    NotAFile { path: PathBuf, kind: &'static str },

    #[error("{} is empty: there is nothing to import", .path.display())]
    EmptyFile { path: PathBuf },

    #[error("{} is a binary file (NUL byte at byte {offset}), not a text document", .path.display())]
    BinaryFile { path: PathBuf, offset: usize },

    #[error(
        "{} is not valid UTF-8 (line {line}, column {column}); save it as UTF-8 and import it again",
        .path.display()
    )]
    InvalidUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },

    #[error(
        "{} is {size} bytes, over the limit of {limit} bytes for one document",
        .path.display()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error(
        "{} is not a format Commonplace imports (Markdown: .md, .markdown; web pages: .html, .htm; plain text and Kindle clippings: .txt; Readwise's CSV export: .csv; Commonplace's own export: .json; Hypothesis or W3C annotations: .json, .jsonld; Kobo's KoboReader.sqlite; Omnivore's export: .zip)",
        .path.display()
    )]
    UnsupportedFormat { path: PathBuf },

    #[error(
        "{} nests its elements {depth} levels deep, more than the {limit} Commonplace reads",
        .path.display()
    )]
    TooDeeplyNested {
        path: PathBuf,
        depth: usize,
        limit: usize,
    },

    #[error(
        "{} took longer than {} s to read, so it was left out (a page this slow is usually \
         broken or hostile)",
        .path.display(),
        .limit.as_secs_f32()
    )]
    TooSlow {
        path: PathBuf,
        limit: std::time::Duration,
    },

    #[error("{}, line {line}: invalid front matter: {message}", .path.display())]
    InvalidFrontMatter {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("{}, entry {entry} (line {line}): {message}", .path.display())]
    InvalidClippings {
        path: PathBuf,
        entry: usize,
        line: usize,
        message: String,
    },

    #[error("cannot fetch {url}: {reason}")]
    Fetch { url: String, reason: String },

    #[error("cannot fetch {url}: the server answered {status}")]
    HttpStatus { url: String, status: u16 },

    #[error("{url} is not a web page (it is {content_type})")]
    NotAWebPage { url: String, content_type: String },

    #[error("there is no clipping with id {0}")]
    ClippingNotFound(i64),

    #[error("there is no highlight with id {0}")]
    HighlightNotFound(i64),

    #[error("clipping {clipping} does not contain {quote:?}{}", occurrence_note(*.occurrence, *.found))]
    QuoteNotFound {
        clipping: i64,
        quote: String,
        occurrence: usize,
        found: usize,
    },

    #[error(
        "characters {start} to {end} are not a range of clipping {clipping}'s text, which has {len} characters"
    )]
    InvalidRange {
        clipping: i64,
        start: usize,
        end: usize,
        len: usize,
    },

    #[error("{0:?} is not a highlight colour (yellow, green, blue, pink or purple)")]
    InvalidColor(String),

    #[error("{0:?} is not a tag name: a tag needs some text")]
    InvalidTag(String),

    #[error("there is no tag {0:?}")]
    TagNotFound(String),

    #[error("there is no saved search {0:?}")]
    SearchNotFound(String),

    #[error("{0:?} is not a name for a search: it needs some text")]
    InvalidSearchName(String),

    #[error("{0:?} is not a page cursor of this list (start again from the first page)")]
    InvalidCursor(String),

    #[error("{0:?} is not a day: write it as YYYY-MM-DD")]
    InvalidDate(String),

    #[error("{message} (at character {position})")]
    InvalidQuery { message: String, position: usize },

    #[error(
        "{} was written by a newer Commonplace (library version {found}; this version reads up \
         to {supported}). Update Commonplace to open it; the file was left untouched.",
        .path.display()
    )]
    NewerLibrary {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error("{} is not a Commonplace library (it is not an SQLite database)", .path.display())]
    NotALibrary { path: PathBuf },

    #[error(
        "{} is an SQLite database of another program, not a Commonplace library; it was left \
         untouched. Pass the path of a Commonplace library, or of a new file, with --library.",
        .path.display()
    )]
    ForeignDatabase { path: PathBuf },

    #[error(
        "{} cannot be written: it is read-only or immutable, or on a disk mounted read-only. \
         Make it writable (chmod u+w; chattr -i if it is immutable), or copy it to a folder \
         you can write and open the copy.",
        .path.display()
    )]
    ReadOnlyLibrary { path: PathBuf },

    #[error(
        "{} cannot be opened for writing: the file beside it, {}, is read-only (left behind by \
         another user or program). Quit every Commonplace using this library, then remove that \
         file or make it writable; no change was lost.",
        .path.display(), .shared_memory.display()
    )]
    ReadOnlySharedMemory {
        path: PathBuf,
        shared_memory: PathBuf,
    },

    #[error(
        "the disk that holds {} is full: the last change was not written (nothing before it is \
         lost). Free some space and try again.",
        .path.display()
    )]
    DiskFull { path: PathBuf },

    #[error(
        "reading or writing {} failed (disk I/O error): the last change was not written. Check \
         the disk (a removed drive, a network folder that went away) and try again; if it \
         happens again, restore the latest backup (commonplace backups).",
        .path.display()
    )]
    DiskIo { path: PathBuf },

    #[error(
        "{} is damaged ({detail}); nothing more was written to it. Restore the latest backup: \
         File ▸ Restore from Backup… in the app, or commonplace backups and then commonplace \
         restore BACKUP --yes.",
        .path.display()
    )]
    DamagedLibrary { path: PathBuf, detail: String },

    #[error(
        "the backup {} does not hold what the library held ({detail}); it was removed and the \
         older backups kept",
        .path.display()
    )]
    BackupMismatch { path: PathBuf, detail: String },

    #[error("the backup {} is damaged ({detail}): it cannot be restored", .path.display())]
    DamagedBackup { path: PathBuf, detail: String },

    #[error("a library in memory has no other connections to read from")]
    NoReaderInMemory,

    #[error("“{input}” is not a web address: enter one that starts with http:// or https://")]
    NotAWebAddress { input: String },

    #[error("cannot create the library folder {}: {source}", .path.display())]
    CreateFolder { path: PathBuf, source: io::Error },

    #[error(
        "there is no data folder for this user; pass --library PATH or set COMMONPLACE_LIBRARY"
    )]
    NoDataFolder,

    #[error("library database error: {0}")]
    Database(#[from] rusqlite::Error),
}

/// ", occurrence N (it occurs K times)" when a later occurrence than the first was asked.
fn occurrence_note(occurrence: usize, found: usize) -> String {
    if occurrence > 1 || found > 0 {
        format!(
            " (occurrence {occurrence} was asked for; it occurs {found} time{})",
            if found == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    }
}

/// A stable, machine-readable name for each kind of [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Io,
    EmptyFile,
    BinaryFile,
    InvalidUtf8,
    TooLarge,
    TooDeeplyNested,
    TooSlow,
    UnsupportedFormat,
    InvalidFrontMatter,
    InvalidClippings,
    FetchFailed,
    NotAWebAddress,
    HttpStatus,
    NotAWebPage,
    NotFound,
    QuoteNotFound,
    InvalidRange,
    InvalidColor,
    InvalidTag,
    InvalidArgument,
    /// A search query that cannot be read; the message says what and where.
    InvalidQuery,
    NewerLibrary,
    NotALibrary,
    /// The library file cannot be written (read-only, immutable, a read-only `-shm` beside it).
    ReadOnlyLibrary,
    DiskFull,
    DiskIo,
    /// The library fails SQLite's checks; the latest verified backup is the way back.
    DamagedLibrary,
    /// A backup that fails its checks: never restored.
    DamagedBackup,
    NoDataFolder,
    Database,
    /// A fault in Commonplace itself rather than in what it was given.
    Internal,
}

impl Error {
    /// The error as a log line may carry it: its message, less what came from inside a
    /// clipping or from what the person typed (the words of a quote, a value of front
    /// matter, text that was no web address). A log never holds clipping text or notes.
    pub fn log_message(&self) -> String {
        match self {
            Error::QuoteNotFound {
                clipping,
                quote,
                occurrence,
                found,
            } => format!(
                "clipping {clipping} does not contain the quote ({} characters){}",
                quote.chars().count(),
                occurrence_note(*occurrence, *found)
            ),
            Error::InvalidFrontMatter { path, line, .. } => {
                format!("{}, line {line}: invalid front matter", path.display())
            }
            Error::NotAWebAddress { input } => format!(
                "what was entered ({} characters) is not a web address",
                input.chars().count()
            ),
            other => other.to_string(),
        }
    }

    /// This error as it concerns the library file at `path`: a database failure that is
    /// about the file itself (read-only, a full disk, an I/O error, damage) becomes the
    /// error that names the file and says what to do; any other error is returned as it is.
    pub fn about_library(self, path: &std::path::Path) -> Error {
        use rusqlite::ErrorCode as Sqlite;
        let Error::Database(rusqlite::Error::SqliteFailure(failure, message)) = &self else {
            return self;
        };
        let path = path.to_path_buf();
        match failure.code {
            Sqlite::ReadOnly => match failure.extended_code {
                // The shared-memory file could not be opened for writing, or recovered.
                rusqlite::ffi::SQLITE_READONLY_CANTINIT
                | rusqlite::ffi::SQLITE_READONLY_RECOVERY
                | rusqlite::ffi::SQLITE_READONLY_CANTLOCK => {
                    let mut shared_memory = path.clone().into_os_string();
                    shared_memory.push("-shm");
                    Error::ReadOnlySharedMemory {
                        path,
                        shared_memory: shared_memory.into(),
                    }
                }
                _ => Error::ReadOnlyLibrary { path },
            },
            Sqlite::DiskFull => Error::DiskFull { path },
            Sqlite::SystemIoFailure => Error::DiskIo { path },
            Sqlite::DatabaseCorrupt | Sqlite::NotADatabase => Error::DamagedLibrary {
                path,
                detail: message
                    .clone()
                    .unwrap_or_else(|| "the database disk image is malformed".into()),
            },
            _ => self,
        }
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Read { .. } | Error::CreateFolder { .. } | Error::NotAFile { .. } => {
                ErrorCode::Io
            }
            Error::EmptyFile { .. } => ErrorCode::EmptyFile,
            Error::BinaryFile { .. } => ErrorCode::BinaryFile,
            Error::InvalidUtf8 { .. } => ErrorCode::InvalidUtf8,
            Error::TooLarge { .. } => ErrorCode::TooLarge,
            Error::TooDeeplyNested { .. } => ErrorCode::TooDeeplyNested,
            Error::TooSlow { .. } => ErrorCode::TooSlow,
            Error::UnsupportedFormat { .. } => ErrorCode::UnsupportedFormat,
            Error::InvalidFrontMatter { .. } => ErrorCode::InvalidFrontMatter,
            Error::InvalidClippings { .. } => ErrorCode::InvalidClippings,
            Error::Fetch { .. } => ErrorCode::FetchFailed,
            Error::HttpStatus { .. } => ErrorCode::HttpStatus,
            Error::NotAWebPage { .. } => ErrorCode::NotAWebPage,
            Error::ClippingNotFound(_)
            | Error::HighlightNotFound(_)
            | Error::TagNotFound(_)
            | Error::SearchNotFound(_) => ErrorCode::NotFound,
            Error::InvalidSearchName(_) => ErrorCode::InvalidArgument,
            Error::InvalidTag(_) => ErrorCode::InvalidTag,
            Error::InvalidCursor(_) | Error::InvalidDate(_) => ErrorCode::InvalidArgument,
            Error::InvalidQuery { .. } => ErrorCode::InvalidQuery,
            Error::QuoteNotFound { .. } => ErrorCode::QuoteNotFound,
            Error::InvalidRange { .. } => ErrorCode::InvalidRange,
            Error::InvalidColor(_) => ErrorCode::InvalidColor,
            Error::NewerLibrary { .. } => ErrorCode::NewerLibrary,
            Error::NotALibrary { .. } | Error::ForeignDatabase { .. } => ErrorCode::NotALibrary,
            Error::ReadOnlyLibrary { .. } | Error::ReadOnlySharedMemory { .. } => {
                ErrorCode::ReadOnlyLibrary
            }
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::DiskIo { .. } => ErrorCode::DiskIo,
            Error::DamagedLibrary { .. } => ErrorCode::DamagedLibrary,
            Error::DamagedBackup { .. } | Error::BackupMismatch { .. } => ErrorCode::DamagedBackup,
            Error::NoReaderInMemory => ErrorCode::Internal,
            Error::NotAWebAddress { .. } => ErrorCode::NotAWebAddress,
            Error::NoDataFolder => ErrorCode::NoDataFolder,
            Error::Database(_) => ErrorCode::Database,
        }
    }
}
