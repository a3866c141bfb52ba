//! Import: turning files into clippings. Reading a file safely (size cap, binary and
//! encoding checks), choosing its importer, and importing many files where each file is its
//! own transaction and a failure never stops the others.

pub mod annotations;
pub mod book;
mod front_matter;
mod html;
pub mod kindle;
pub mod kobo;
pub mod library_json;
mod markdown;
pub mod omnivore;
pub mod readwise;
mod source;
mod text;
pub mod web;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::image::ImageSource;
use crate::import::book::HighlightCounts;
use crate::model::{NewClipping, SaveOutcome};
use crate::store::library::Library;

pub use source::canonical_url;
use source::site_name_of;

/// Limits that keep one document from exhausting the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Larger files are refused before they are read.
    pub max_document_bytes: u64,
    /// Documents whose elements nest deeper are refused before they are processed.
    pub max_nesting: usize,
    /// How long fetching one web page may take, redirects included.
    pub fetch_timeout: Duration,
    /// How long reading one web page (extraction and sanitizing) may take.
    pub max_parse_time: Duration,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_document_bytes: 20 * 1024 * 1024,
            max_nesting: 512,
            fetch_timeout: Duration::from_secs(30),
            max_parse_time: Duration::from_secs(10),
        }
    }
}

/// Whether an import of many files goes on after the file just done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Continue,
    Stop,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// What happened to each clipping in the file: one for a document, one per book for
    /// Kindle clippings.
    pub clippings: Vec<SaveOutcome>,
    /// The document's title, or for Kindle clippings how many books it holds.
    pub title: String,
    /// For Kindle clippings: what happened to highlights.
    pub highlights: Option<HighlightCounts>,
    /// What of the file was skipped or changed, for the person to see.
    pub warnings: Vec<kindle::Warning>,
}

/// What an import of many files did, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Ids of new clippings.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub imported: Vec<i64>,
    /// Ids of clippings the library already had exactly as imported.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub unchanged: Vec<i64>,
    /// Ids of clippings that took new content or details.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub updated: Vec<i64>,
    /// Ids of clippings that are in the trash, which the import left there untouched.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub in_trash: Vec<i64>,
    /// Files that could not be imported, and why.
    pub failed: Vec<ImportFailure>,
    /// Whether the import was cancelled before every file was done.
    pub cancelled: bool,
    /// What happened to highlights, when Kindle clippings were imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub highlights: Option<HighlightCounts>,
    /// What of the imported files was skipped or changed: entries that could not be read,
    /// a file that seems cut off.
    pub warnings: Vec<ImportWarning>,
}

/// Something of an imported file that was skipped or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportWarning {
    pub path: String,
    /// The entry (1-based) of a Kindle clippings file; 0 for the file as a whole.
    pub entry: usize,
    /// The line (1-based); 0 for the file as a whole.
    pub line: usize,
    pub message: String,
}

impl ImportWarning {
    /// A warning about the file or folder at `path` as a whole.
    fn about(path: &Path, message: &str) -> Self {
        ImportWarning {
            path: path.display().to_string(),
            entry: 0,
            line: 0,
            message: message.to_owned(),
        }
    }
}

/// One file that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportFailure {
    pub path: String,
    pub code: ErrorCode,
    /// A sentence for the person, naming the file and the place.
    pub error: String,
}

impl ImportReport {
    /// Adds the result of one file.
    pub fn record(&mut self, path: &Path, result: &Result<Imported>) {
        match result {
            Ok(imported) => {
                for outcome in &imported.clippings {
                    match *outcome {
                        SaveOutcome::Imported(id) => self.imported.push(id),
                        SaveOutcome::Unchanged(id) => self.unchanged.push(id),
                        SaveOutcome::Updated(id) => self.updated.push(id),
                        SaveOutcome::InTrash(id) => self.in_trash.push(id),
                    }
                }
                if let Some(counts) = imported.highlights {
                    *self.highlights.get_or_insert_default() += counts;
                }
                for w in &imported.warnings {
                    // Warnings name the entry and say what is wrong with it in our words;
                    // they quote no clipping text.
                    tracing::warn!(
                        target: "commonplace::import",
                        file = %path.display(),
                        entry = w.entry,
                        line = w.line,
                        "{}",
                        w.message
                    );
                }
                self.warnings
                    .extend(imported.warnings.iter().map(|w| ImportWarning {
                        path: path.display().to_string(),
                        entry: w.entry,
                        line: w.line,
                        message: w.message.clone(),
                    }));
            }
            Err(e) => {
                tracing::error!(
                    target: "commonplace::import",
                    file = %path.display(),
                    code = ?e.code(),
                    "{}",
                    e.log_message()
                );
                self.failed.push(ImportFailure {
                    path: path.display().to_string(),
                    code: e.code(),
                    error: e.to_string(),
                });
            }
        }
    }
}

impl Library {
    /// Imports one file, or a web page when `path` is an `http(s)://` address, in one
    /// transaction: all of it, or nothing.
    pub fn import_file(&mut self, path: &Path, options: &ImportOptions) -> Result<Imported> {
        let parsed = read_source(path, options)?;
        self.store(parsed)
    }

    /// Stores what a file held, in one transaction.
    pub fn store(&mut self, parsed: Parsed) -> Result<Imported> {
        let now = chrono::Utc::now();
        match parsed {
            Parsed::Clipping(new) => {
                let outcome = self.save_clipping(&new)?;
                Ok(Imported {
                    clippings: vec![outcome],
                    title: new.title,
                    highlights: None,
                    warnings: Vec::new(),
                })
            }
            Parsed::Kindle(file) => {
                let stored = self.write(|tx| crate::import::book::import(tx, &file, now))?;
                Ok(of_many(stored, file.warnings, "Kindle clippings:", "book"))
            }
            Parsed::Library(export) => {
                let stored = self.write(|tx| crate::import::library_json::store(tx, &export))?;
                Ok(of_many(
                    stored,
                    Vec::new(),
                    "Commonplace export:",
                    "clipping",
                ))
            }
            Parsed::Omnivore(export) => {
                let stored = self.write(|tx| crate::import::omnivore::store(tx, &export, now))?;
                Ok(of_many(
                    stored,
                    export.warnings,
                    "Omnivore export:",
                    "article",
                ))
            }
            Parsed::Annotations(file) => {
                let stored = self.write(|tx| crate::import::annotations::store(tx, &file, now))?;
                Ok(of_many(stored, file.warnings, "Annotations:", "page"))
            }
            Parsed::Readwise(file) => {
                let stored = self.write(|tx| crate::import::readwise::store(tx, &file, now))?;
                Ok(of_many(stored, file.warnings, "Highlights of", "book"))
            }
        }
    }

    /// Imports what was pasted (see [`parse_pasted`]) in one transaction.
    pub fn import_pasted(
        &mut self,
        html: Option<&str>,
        text: Option<&str>,
        options: &ImportOptions,
    ) -> Result<Imported> {
        let new = parse_pasted(html, text, options)?;
        let outcome = self.save_clipping(&new)?;
        Ok(Imported {
            clippings: vec![outcome],
            title: new.title,
            highlights: None,
            warnings: Vec::new(),
        })
    }

    /// Imports each of `paths` (a folder stands for the importable files under it), each
    /// file in its own transaction: a failure never stops the others. `on_file` hears about
    /// each file as it is done (its index, how many there are, the path, and what
    /// happened), so callers can show progress; it returns [`Progress::Stop`] to cancel the
    /// files not started yet (what is done stays done). See [`import_files`].
    pub fn import_files(
        &mut self,
        paths: &[PathBuf],
        options: &ImportOptions,
        on_file: impl FnMut(usize, usize, &Path, &Result<Imported>) -> Progress,
    ) -> ImportReport {
        import_files(paths, options, |parsed| self.store(parsed), on_file)
    }
}

/// What storing a file of many clippings did, titled `what` and how many of `noun` it
/// holds ("Kindle clippings: 3 books").
fn of_many(
    (clippings, counts): (Vec<SaveOutcome>, HighlightCounts),
    warnings: Vec<kindle::Warning>,
    what: &str,
    noun: &str,
) -> Imported {
    let n = clippings.len();
    Imported {
        title: format!("{what} {n} {noun}{}", if n == 1 { "" } else { "s" }),
        clippings,
        highlights: Some(counts),
        warnings,
    }
}

/// Imports each of `paths` as [`Library::import_files`] does, storing each file through
/// `store` (one transaction each): the app passes a `store` that takes its writer for that
/// one file, so that its other writes wait for a file, never for the whole import.
///
/// Files are read and parsed on worker threads, one per core, while this thread stores
/// them one by one in their order: parsing is most of the work, and only this thread
/// writes.
pub fn import_files(
    paths: &[PathBuf],
    options: &ImportOptions,
    mut store: impl FnMut(Parsed) -> Result<Imported>,
    mut on_file: impl FnMut(usize, usize, &Path, &Result<Imported>) -> Progress,
) -> ImportReport {
    let started = std::time::Instant::now();
    let (files, passed_over) = expand_paths(paths);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_WORKERS)
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let stored = AtomicUsize::new(0);
    let mut report = ImportReport::default();
    for warning in &passed_over {
        tracing::warn!(target: "commonplace::import", file = %warning.path, "{}", warning.message);
    }
    report.warnings = passed_over;
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel::<(usize, Result<Parsed>)>();
        for _ in 0..workers {
            let send = send.clone();
            let (files, next, stored) = (&files, &next, &stored);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= files.len() {
                        break;
                    }
                    // Stay a few files ahead of the writer, no more.
                    while index >= stored.load(Ordering::SeqCst) + LOOKAHEAD {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    let parsed = read_source(&files[index], options);
                    if send.send((index, parsed)).is_err() {
                        break; // The import was cancelled.
                    }
                }
            });
        }
        drop(send);
        let mut ready: BTreeMap<usize, Result<Parsed>> = BTreeMap::new();
        'receiving: for (index, parsed) in receive.iter() {
            ready.insert(index, parsed);
            let mut first = stored.load(Ordering::SeqCst);
            while let Some(parsed) = ready.remove(&first) {
                let path = &files[first];
                let result = parsed.and_then(&mut store);
                let step = on_file(first, files.len(), path, &result);
                report.record(path, &result);
                first += 1;
                stored.store(first, Ordering::SeqCst);
                if step == Progress::Stop && first < files.len() {
                    report.cancelled = true;
                    // Workers stop taking files; what they are reading is dropped.
                    next.store(files.len(), Ordering::SeqCst);
                    break 'receiving;
                }
            }
        }
        // Dropping the receiver here releases any worker blocked on its last file.
        drop(receive);
    });
    tracing::info!(
        target: "commonplace::import",
        files = files.len(),
        imported = report.imported.len(),
        updated = report.updated.len(),
        unchanged = report.unchanged.len(),
        failed = report.failed.len(),
        warnings = report.warnings.len(),
        cancelled = report.cancelled,
        ms = started.elapsed().as_millis() as u64,
        "import finished"
    );
    report
}

/// At most this many threads read files during one import.
const MAX_WORKERS: usize = 4;
/// How many files the readers may be ahead of the writer.
const LOOKAHEAD: usize = 8;

/// Reads and parses one import argument: a file, or a web page to fetch.
fn read_source(path: &Path, options: &ImportOptions) -> Result<Parsed> {
    match path.to_str().filter(|p| web::is_web_address(p)) {
        Some(url) => Ok(Parsed::Clipping(Box::new(fetch_page(url, options)?))),
        None => parse_file(path, options),
    }
}

/// The kinds of file Commonplace imports, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Text,
    Html,
    /// Readwise's CSV export (no other CSV is read).
    Csv,
    /// Commonplace's own lossless export (no other JSON is read).
    Json,
    /// Kobo's `KoboReader.sqlite` (no other SQLite file is read).
    Kobo,
    /// Omnivore's export zip (no other zip is read).
    Omnivore,
}

/// Every extension Commonplace imports, with the format it stands for (a `.txt` file may
/// also turn out to be Kindle clippings, by its content).
const EXTENSIONS: &[(&str, Format)] = &[
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("mdown", Format::Markdown),
    ("mkd", Format::Markdown),
    ("txt", Format::Text),
    ("text", Format::Text),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
    ("csv", Format::Csv),
    ("json", Format::Json),
    ("jsonld", Format::Json),
    ("sqlite", Format::Kobo),
    ("zip", Format::Omnivore),
];

/// The extensions of the files Commonplace imports, for a file picker's filter.
pub fn importable_extensions() -> Vec<&'static str> {
    EXTENSIONS.iter().map(|(extension, _)| *extension).collect()
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        EXTENSIONS
            .iter()
            .find(|(known, _)| *known == extension)
            .map(|(_, format)| *format)
    }
}

/// What a file holds, once read.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// One document.
    Clipping(Box<NewClipping>),
    /// Kindle clippings: entries of any number of books.
    Kindle(kindle::Clippings),
    /// Readwise's CSV: highlights of any number of books.
    Readwise(readwise::ReadwiseFile),
    /// Commonplace's own export: a whole library, or part of one.
    Library(Box<library_json::LibraryExport>),
    /// Hypothesis's or W3C web annotations: highlights of pages by their addresses.
    Annotations(annotations::Annotations),
    /// Omnivore's export: articles with their highlights.
    Omnivore(omnivore::OmnivoreExport),
}

/// Reads and parses a file without touching the library. A text file is Kindle clippings
/// when its content says so, whatever its name.
pub fn parse_file(path: &Path, options: &ImportOptions) -> Result<Parsed> {
    let format = Format::of(path).ok_or_else(|| Error::UnsupportedFormat {
        path: path.to_path_buf(),
    })?;
    match format {
        Format::Html => {
            let page = lean_page(&html::decode(&read_bytes(path, options)?), path, options)?;
            parse_page_in_time(page, path, ImageSource::beside(path), options)
                .map(|c| Parsed::Clipping(Box::new(c)))
        }
        Format::Markdown => {
            let text = read_document(path, options)?;
            // Markdown may hold raw HTML; its own lists and block quotes nest too, and the
            // parser's time grows with the square of their depth.
            check_depth(&text, path, options)?;
            let depth = markdown::container_depth(&text);
            if depth > options.max_nesting {
                return Err(Error::TooDeeplyNested {
                    path: path.to_path_buf(),
                    depth,
                    limit: options.max_nesting,
                });
            }
            let owned = path.to_path_buf();
            in_time(path, options.max_parse_time, move || {
                markdown::parse(&text, &owned).map(|c| Parsed::Clipping(Box::new(c)))
            })
        }
        Format::Json => {
            // A whole library: no cap made for one document applies.
            let whole = ImportOptions {
                max_document_bytes: u64::MAX / 2,
                max_parse_time: options.max_parse_time * 30,
                ..*options
            };
            let text = read_document(path, &whole)?;
            let owned = path.to_path_buf();
            if library_json::is_library_export(&text) {
                return in_time(path, whole.max_parse_time, move || {
                    library_json::parse(text, &owned).map(|l| Parsed::Library(Box::new(l)))
                });
            }
            in_time(path, options.max_parse_time, move || {
                let value: serde_json::Value =
                    serde_json::from_str(&text).map_err(|_| annotations::not_ours(&owned))?;
                if !annotations::is_annotations(&value) {
                    return Err(annotations::not_ours(&owned));
                }
                annotations::parse(&value, &owned).map(Parsed::Annotations)
            })
        }
        Format::Omnivore => {
            if let Some(kind) = not_a_file(path) {
                return Err(Error::NotAFile {
                    path: path.to_path_buf(),
                    kind,
                });
            }
            if !omnivore::is_omnivore(path) {
                return Err(Error::UnsupportedFormat {
                    path: path.to_path_buf(),
                });
            }
            let owned = path.to_path_buf();
            in_time(path, options.max_parse_time * 30, move || {
                omnivore::parse(&owned).map(Parsed::Omnivore)
            })
        }
        Format::Kobo => {
            if let Some(kind) = not_a_file(path) {
                return Err(Error::NotAFile {
                    path: path.to_path_buf(),
                    kind,
                });
            }
            if !kobo::is_kobo(path) {
                return Err(Error::UnsupportedFormat {
                    path: path.to_path_buf(),
                });
            }
            let owned = path.to_path_buf();
            in_time(path, options.max_parse_time, move || {
                kobo::parse(&owned).map(Parsed::Readwise)
            })
        }
        Format::Csv => {
            let text = read_document(path, options)?;
            if !readwise::is_readwise_csv(&text) {
                return Err(Error::UnsupportedFormat {
                    path: path.to_path_buf(),
                });
            }
            let owned = path.to_path_buf();
            in_time(path, options.max_parse_time, move || {
                readwise::parse(&text, &owned).map(Parsed::Readwise)
            })
        }
        Format::Text => {
            let owned = path.to_path_buf();
            let options_owned = *options;
            in_time(path, options.max_parse_time, move || {
                read_text_file(&owned, &options_owned)
            })
        }
    }
}

/// A text file: Kindle clippings when its content says so, else a document. Kindle files
/// sometimes hold stray NUL bytes (a device that lost power while writing); they are
/// dropped, with a warning, where the rest reads as clippings. Any other file with NUL
/// bytes is binary.
fn read_text_file(path: &Path, options: &ImportOptions) -> Result<Parsed> {
    let mut bytes = read_file(path, options)?;
    let nul = bytes.iter().position(|&b| b == 0);
    if let Some(offset) = nul {
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let count = bytes.iter().filter(|&&b| b == 0).count();
        bytes.retain(|&b| b != 0);
        let text = decode_document(bytes, path)?;
        if !kindle::is_kindle_clippings(&text) {
            return Err(Error::BinaryFile {
                path: path.to_path_buf(),
                offset,
            });
        }
        let mut file = kindle::parse(&text, path)?;
        file.warnings.insert(
            0,
            kindle::Warning {
                entry: 0,
                line,
                message: format!(
                    "{count} NUL byte{} dropped (the first on line {line}): the device may \
                     have stopped while writing",
                    if count == 1 { "" } else { "s" }
                ),
            },
        );
        return Ok(Parsed::Kindle(file));
    }
    let text = decode_document(bytes, path)?;
    if kindle::is_kindle_clippings(&text) {
        kindle::parse(&text, path).map(Parsed::Kindle)
    } else {
        Ok(Parsed::Clipping(Box::new(text::parse(&text, path))))
    }
}

/// Fetches a web page and reads it as a saved page; its source is the page's canonical
/// address, else the address it was finally fetched from.
pub fn fetch_page(url: &str, options: &ImportOptions) -> Result<NewClipping> {
    let address = url::Url::parse(url.trim()).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    });
    if address.is_none() {
        return Err(Error::NotAWebAddress {
            input: url.to_owned(),
        });
    }
    let url = url.trim();
    let (final_url, bytes) = web::fetch(url, options.fetch_timeout, options.max_document_bytes)?;
    let page = html::decode(&bytes);
    let name = url::Url::parse(&final_url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.next_back().map(str::to_owned))
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "page".to_owned());
    let page = lean_page(&page, Path::new(&name), options)?;
    let images = match url::Url::parse(&final_url) {
        Ok(base) => ImageSource::Web {
            base,
            timeout: options.fetch_timeout,
        },
        Err(_) => ImageSource::DataOnly,
    };
    let mut clipping = parse_page_in_time(page, Path::new(&name), images, options)?;
    if clipping.source_url.is_none() {
        clipping.source_url = canonical_url(&final_url);
        if clipping.site_name.is_none() {
            clipping.site_name = clipping.source_url.as_deref().and_then(site_name_of);
        }
    }
    Ok(clipping)
}

/// What was pasted: the clipboard's HTML when it has some (a selection copied from a
/// browser), else its text: an address is fetched, anything else is a text document.
pub fn parse_pasted(
    html: Option<&str>,
    text: Option<&str>,
    options: &ImportOptions,
) -> Result<NewClipping> {
    let name = Path::new("Pasted");
    let html = html.map(str::trim).filter(|h| !h.is_empty());
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if let Some(html) = html {
        let page = lean_page(html, name, options)?;
        let mut clipping = html::parse(&page, name, &ImageSource::DataOnly);
        // A copied selection has no <title>: its first line of text names it.
        if clipping.title == "Pasted" {
            if let Some(first) = text.and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
            {
                clipping.title = first.chars().take(120).collect();
            }
        }
        return Ok(clipping);
    }
    match text {
        Some(t) if web::is_web_address(t) && !t.contains(char::is_whitespace) => {
            fetch_page(t, options)
        }
        Some(t) => Ok(text::parse(t, name)),
        None => Err(Error::EmptyFile {
            path: PathBuf::from("the clipboard"),
        }),
    }
}

/// Reads a web page on a thread of its own and gives up after `max_parse_time` (plus the
/// fetch timeout when its images come from the web), so that one pathological page cannot
/// hang an import.
fn parse_page_in_time(
    page: String,
    path: &Path,
    images: ImageSource,
    options: &ImportOptions,
) -> Result<NewClipping> {
    let limit = match images {
        ImageSource::Web { timeout, .. } => options.max_parse_time + timeout,
        _ => options.max_parse_time,
    };
    let owned_path = path.to_path_buf();
    in_time(path, limit, move || {
        Ok(html::parse(&page, &owned_path, &images))
    })
}

/// Runs `parse` on a thread of its own and gives up after `limit`, so that no document of
/// any format can hang an import, whatever it holds. (A thread cannot be stopped: one that
/// overruns finishes its work in the background and its result is dropped.)
fn in_time<T: Send + 'static>(
    path: &Path,
    limit: Duration,
    parse: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("parser".into())
        .spawn(move || {
            // The receiver may have given up already; then nobody needs the result.
            let _ = send.send(parse());
        })
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    receive.recv_timeout(limit).map_err(|_| Error::TooSlow {
        path: path.to_path_buf(),
        limit,
    })?
}

/// A web page as [`html::parse`] takes it, read once for both: refused when it is nested
/// deeper than the options allow, else without its scripts, styles and comments.
fn lean_page(page: &str, path: &Path, options: &ImportOptions) -> Result<String> {
    let lean = crate::body::lean(page);
    if lean.depth > options.max_nesting {
        return Err(Error::TooDeeplyNested {
            path: path.to_path_buf(),
            depth: lean.depth,
            limit: options.max_nesting,
        });
    }
    Ok(lean.page.into_owned())
}

/// Refuses a document nested deeper than the options allow.
fn check_depth(markup: &str, path: &Path, options: &ImportOptions) -> Result<()> {
    let depth = crate::body::nesting_depth(markup);
    if depth > options.max_nesting {
        return Err(Error::TooDeeplyNested {
            path: path.to_path_buf(),
            depth,
            limit: options.max_nesting,
        });
    }
    Ok(())
}

/// The files to import for each of `paths`: a file stands for itself; a folder for every
/// importable file under it (recursively, in name order, hidden entries skipped). A path
/// that cannot be read is kept, so that its import reports why. What a folder holds that
/// is not a file (a named pipe, a socket, a device: reading one could wait forever) is
/// passed over, and so is a folder with nothing to import; each is said in a warning.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportWarning>) {
    let mut files = Vec::new();
    let mut passed_over = Vec::new();
    for path in paths {
        if path.to_str().is_some_and(web::is_web_address) {
            files.push(path.clone());
        } else if path.is_dir() {
            let before = files.len();
            collect_folder(path, &mut files, &mut passed_over);
            if files.len() == before {
                passed_over.push(ImportWarning::about(
                    path,
                    "a folder with no file Commonplace imports in it (Markdown, web pages, \
                     plain text, Kindle clippings): nothing to import",
                ));
            }
        } else {
            files.push(path.clone());
        }
    }
    (files, passed_over)
}

fn collect_folder(folder: &Path, files: &mut Vec<PathBuf>, passed_over: &mut Vec<ImportWarning>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        files.push(folder.to_path_buf());
        return;
    };
    let mut entries: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_folder(&entry, files, passed_over);
        } else if Format::of(&entry).is_some_and(|f| {
            !matches!(
                f,
                Format::Json | Format::Csv | Format::Kobo | Format::Omnivore
            )
        }) {
            // (An export or a Readwise file is imported when named, not found in a folder
            // among a project's other JSON and CSV files.)
            match not_a_file(&entry) {
                Some(kind) => passed_over.push(ImportWarning::about(
                    &entry,
                    &format!("passed over: {kind}, not a file"),
                )),
                None => files.push(entry),
            }
        }
    }
}

/// What the entry at `path` is when it is there but is no regular file (following links):
/// reading a named pipe waits for a writer, a device may never end.
fn not_a_file(path: &Path) -> Option<&'static str> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("something other than a file")
}

/// Reads a file's bytes: refuses files over the size cap (before reading them), empty
/// files, and binary files.
pub fn read_bytes(path: &Path, options: &ImportOptions) -> Result<Vec<u8>> {
    let bytes = read_file(path, options)?;
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(Error::BinaryFile {
            path: path.to_path_buf(),
            offset,
        });
    }
    Ok(bytes)
}

/// Reads a file's bytes: refuses files over the size cap (before reading them) and empty
/// files.
fn read_file(path: &Path, options: &ImportOptions) -> Result<Vec<u8>> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // Opening a named pipe waits for a writer: look before opening.
    if let Some(kind) = not_a_file(path) {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    let limit = options.max_document_bytes;
    if size > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Read one byte past the cap so a file that grew after the check is still refused.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    let bytes = from_utf16(bytes);
    if bytes.iter().all(|&b| b.is_ascii_whitespace() || b == 0) {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
}

/// `text` with each carriage return that stands alone (classic Mac OS line ends, which some
/// editors and exports still write) made a line feed; CR LF stays as it is.
pub(crate) fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A file that begins with a UTF-16 byte-order mark (what Windows' Notepad wrote as
/// "Unicode"), as UTF-8 with a UTF-8 mark; any other file as it is. Its NUL bytes would
/// otherwise make it look binary.
fn from_utf16(bytes: Vec<u8>) -> Vec<u8> {
    let encoding = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => encoding_rs::UTF_16LE,
        Some([0xFE, 0xFF]) => encoding_rs::UTF_16BE,
        _ => return bytes,
    };
    // decode() takes the mark off; put a UTF-8 one back, as a UTF-8 file with a mark reads.
    let (text, _, _) = encoding.decode(&bytes);
    let mut utf8 = Vec::with_capacity(text.len() + 3);
    utf8.extend_from_slice("\u{feff}".as_bytes());
    utf8.extend_from_slice(text.as_bytes());
    utf8
}

/// Reads a UTF-8 text document (see [`read_bytes`]), naming the line and column of the
/// first byte that is not UTF-8, and drops a byte-order mark.
pub fn read_document(path: &Path, options: &ImportOptions) -> Result<String> {
    decode_document(read_bytes(path, options)?, path)
}

/// A text document's bytes as UTF-8 (see [`read_document`]).
fn decode_document(bytes: Vec<u8>, path: &Path) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by construction, so this never loses anything.
        let before = String::from_utf8_lossy(valid);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::InvalidUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod line_end_tests {
    use super::lone_cr_as_lf;

    #[test]
    fn a_carriage_return_alone_ends_a_line_and_cr_lf_stays() {
        assert_eq!(lone_cr_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(
            lone_cr_as_lf("a\r\nb"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
