//! Reading back Commonplace's own lossless JSON export (see `export::json`). Into an empty
//! library every row keeps its id, so the library is what it was; into one that has some
//! of it, clippings merge by identity (the source address, else the content and kind),
//! versions by their content, highlights by their words and place, tags by name, images by
//! hash, saved searches by name: nothing is duplicated, nothing the library has is changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

use base64::Engine;
use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::export::json::{
    CLIPPING, FORMAT, HIGHLIGHT, SAVED_SEARCH, VERSION, VERSION_COLUMNS, camel,
};
use crate::import::book::HighlightCounts;
use crate::model::SaveOutcome;
use crate::store::tags;

/// An export checked for its format and version, and read through once: its JSON is
/// sound, and everything but the clippings is in `head`. The clippings are read again as
/// they are stored, a batch at a time (see [`store`]): a library of 100,000 clippings as one
/// JSON value would take five times the file's size in memory, and reading it while the
/// rows go in costs no time of its own.
#[derive(Clone, PartialEq)]
pub struct LibraryExport {
    path: PathBuf,
    text: String,
    /// The document's fields but `clippings`.
    head: Map<String, Value>,
    clippings: usize,
}

impl std::fmt::Debug for LibraryExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibraryExport")
            .field("path", &self.path)
            .field("bytes", &self.text.len())
            .field("clippings", &self.clippings)
            .finish_non_exhaustive()
    }
}

impl LibraryExport {
    /// How many clippings the export holds.
    pub fn clippings(&self) -> usize {
        self.clippings
    }
}

/// Whether `text` is our export: a JSON object whose `format` is ours.
pub fn is_library_export(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    let compact: String = head.split_whitespace().collect();
    compact.starts_with(&format!("{{\"format\":\"{FORMAT}\""))
}

pub fn parse(text: String, path: &Path) -> Result<LibraryExport> {
    let invalid = |message: String| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line: 0,
        message,
    };
    let mut head = Map::new();
    let mut clippings = 0;
    Document {
        head: Some(&mut head),
        each: &mut |_: Option<Value>| {
            clippings += 1;
            Ok(())
        },
    }
    .deserialize(&mut serde_json::Deserializer::from_str(&text))
    .map_err(|e| not_json(path, &e))?;
    if head.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(invalid(
            "not a Commonplace export (no \"format\": \"commonplace\")".into(),
        ));
    }
    match head.get("version").and_then(Value::as_u64) {
        Some(VERSION) => Ok(LibraryExport {
            path: path.to_path_buf(),
            text,
            head,
            clippings,
        }),
        Some(v) => Err(invalid(format!(
            "written by a newer Commonplace (export version {v}; this version reads {VERSION})"
        ))),
        None => Err(invalid("the export has no version".into())),
    }
}

fn not_json(path: &Path, e: &serde_json::Error) -> Error {
    Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line: e.line(),
        message: format!("not valid JSON: {e}"),
    }
}

/// Reads an export's top-level object: each field but `clippings` into `head` (when
/// given), and each clipping to `each`, as a value when `head` is not collected (the
/// second reading) and as nothing when it is (the first, which only checks them).
struct Document<'a, F> {
    head: Option<&'a mut Map<String, Value>>,
    each: &'a mut F,
}

type Each = std::result::Result<(), String>;

impl<'de, F: FnMut(Option<Value>) -> Each> DeserializeSeed<'de> for Document<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Option<Value>) -> Each> Visitor<'de> for Document<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match (&mut self.head, key.as_str()) {
                (_, "clippings") => map.next_value_seed(Clippings {
                    values: self.head.is_none(),
                    each: &mut *self.each,
                })?,
                (Some(head), _) => {
                    let value = map.next_value()?;
                    head.insert(key, value);
                }
                (None, _) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The `clippings` array, one element at a time.
struct Clippings<'a, F> {
    values: bool,
    each: &'a mut F,
}

impl<'de, F: FnMut(Option<Value>) -> Each> DeserializeSeed<'de> for Clippings<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Option<Value>) -> Each> Visitor<'de> for Clippings<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of clippings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        if self.values {
            while let Some(value) = seq.next_element::<Value>()? {
                (self.each)(Some(value)).map_err(A::Error::custom)?;
            }
        } else {
            while seq.next_element::<IgnoredAny>()?.is_some() {
                (self.each)(None).map_err(A::Error::custom)?;
            }
        }
        Ok(())
    }
}

/// How many clippings go from the reading thread to the storing one at a time.
const BATCH: usize = 64;

/// The export's images by hash: (MIME type, base64 data).
type Images<'a> = HashMap<&'a str, (&'a str, &'a str)>;

/// Reads the export's clippings again, sanitizes them (see [`clean`]) and sends them to
/// `send` a batch at a time, until the receiver is gone.
fn read_clippings(
    export: &LibraryExport,
    images: &Images<'_>,
    send: SyncSender<Vec<Value>>,
) -> Result<()> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .saturating_sub(1)
        .max(1);
    let mut batch = Vec::with_capacity(BATCH);
    let stopped = std::cell::Cell::new(false);
    let flush = |batch: &mut Vec<Value>| {
        sanitize(batch, images, workers);
        if send.send(std::mem::take(batch)).is_err() {
            stopped.set(true);
        }
        !stopped.get()
    };
    let read = Document {
        head: None,
        each: &mut |clipping: Option<Value>| {
            batch.extend(clipping);
            if batch.len() == BATCH && !flush(&mut batch) {
                return Err("the import stopped".to_owned());
            }
            Ok(())
        },
    }
    .deserialize(&mut serde_json::Deserializer::from_str(&export.text));
    match read {
        Ok(()) => {
            flush(&mut batch);
            Ok(())
        }
        // The store stopped first, with its own error.
        Err(_) if stopped.get() => Ok(()),
        Err(e) => Err(not_json(&export.path, &e)),
    }
}

/// A JSON value as SQLite takes it, borrowing its text (a version's markup is kilobytes).
fn sql_value(value: Option<&Value>) -> ToSqlOutput<'_> {
    match value {
        None | Some(Value::Null) => ToSqlOutput::Owned(Sql::Null),
        Some(Value::String(s)) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        Some(Value::Number(n)) => ToSqlOutput::Owned(n.as_i64().map_or(Sql::Null, Sql::Integer)),
        Some(Value::Bool(b)) => ToSqlOutput::Owned(Sql::Integer(i64::from(*b))),
        Some(other) => ToSqlOutput::Owned(Sql::Text(other.to_string())),
    }
}

/// The key of one kind of INSERT: its table, whether ids are kept, its extra columns.
type InsertKind = (&'static str, bool, Vec<&'static str>);

/// Each kind of INSERT the import makes, made once: its SQL and the keys its columns have
/// in the export.
#[derive(Default)]
struct Inserts(HashMap<InsertKind, (String, Vec<String>)>);

impl Inserts {
    /// Inserts a row of `table` with `columns` from `object`; `keep_id` false leaves the
    /// id to SQLite. `extra` are (column, value) pairs that come besides or instead of the
    /// object's.
    fn insert(
        &mut self,
        tx: &Transaction<'_>,
        table: &'static str,
        object: &Map<String, Value>,
        columns: &'static [&'static str],
        keep_id: bool,
        extra: &[(&'static str, Sql)],
    ) -> Result<i64> {
        let extra_names: Vec<&'static str> = extra.iter().map(|(name, _)| *name).collect();
        let (sql, keys) = self
            .0
            .entry((table, keep_id, extra_names.clone()))
            .or_insert_with(|| {
                // An extra column stands in for the export's value of it (a version mapped
                // to ours).
                let columns: Vec<&str> = columns
                    .iter()
                    .copied()
                    .filter(|c| (keep_id || *c != "id") && !extra_names.contains(c))
                    .collect();
                let keys = columns.iter().map(|c| camel(c)).collect();
                let names: Vec<&str> = columns
                    .iter()
                    .copied()
                    .chain(extra_names.iter().copied())
                    .collect();
                let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    marks.join(", ")
                );
                (sql, keys)
            });
        let row: Vec<ToSqlOutput<'_>> = keys
            .iter()
            .map(|key| sql_value(object.get(key)))
            .chain(extra.iter().map(|(_, v)| ToSqlOutput::Owned(v.clone())))
            .collect();
        tx.prepare_cached(sql)?.execute(params_from_iter(row))?;
        Ok(tx.last_insert_rowid())
    }
}

/// The export's images, by hash.
fn images_of(head: &Map<String, Value>) -> Images<'_> {
    objects(head.get("images"))
        .filter_map(|i| Some((text(i, "hash")?, (text(i, "mime")?, text(i, "data")?))))
        .collect()
}

/// Every version's markup in `clippings` through the sanitizer (see `clean`), on
/// `workers` threads: this is most of the work of reading an export.
fn sanitize(clippings: &mut [Value], images: &Images<'_>, workers: usize) {
    let mut versions: Vec<&mut Map<String, Value>> = clippings
        .iter_mut()
        .filter_map(|c| c.get_mut("versions").and_then(Value::as_array_mut))
        .flatten()
        .filter_map(Value::as_object_mut)
        .collect();
    let clean_all = |chunk: &mut [&mut Map<String, Value>]| {
        for version in chunk.iter_mut() {
            if let Some(cleaned) = clean(version, images) {
                **version = cleaned;
            }
        }
    };
    if workers <= 1 {
        return clean_all(&mut versions);
    }
    let size = versions.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        for chunk in versions.chunks_mut(size) {
            scope.spawn(move || clean_all(chunk));
        }
    });
}

/// A version whose markup is not what our sanitizer makes of it (an export anyone could
/// have edited is as untrusted as a web page), made so: its markup, text and hash from the
/// sanitizer, as an import makes them. `None` for markup the sanitizer leaves as it is,
/// which is every version we exported ourselves. Its images go through the sanitizer as
/// the `data:` URIs they are, so that they come out as the same `cpimage:` references.
fn clean(version: &Map<String, Value>, images: &Images<'_>) -> Option<Map<String, Value>> {
    let html = text(version, "html").unwrap_or("");
    let prefix = format!("{}:", crate::image::IMAGE_SCHEME);
    let mut inline = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&prefix) {
        inline.push_str(&rest[..at]);
        let after = &rest[at + prefix.len()..];
        let hash: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
        match images.get(hash.as_str()) {
            Some((mime, data)) => inline.push_str(&format!("data:{mime};base64,{data}")),
            None => {
                inline.push_str(&prefix);
                inline.push_str(&hash);
            }
        }
        rest = &after[hash.len()..];
    }
    inline.push_str(rest);
    let body = crate::body::Body::from_untrusted_html(&inline);
    if body.html == html {
        return None;
    }
    let mut cleaned = version.clone();
    cleaned.insert("html".into(), Value::String(body.html));
    cleaned.insert("text".into(), Value::String(body.text));
    cleaned.insert("contentHash".into(), Value::String(body.content_hash));
    Some(cleaned)
}

/// The objects of an array field.
fn objects(value: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

fn tag_names(object: &Map<String, Value>) -> Vec<String> {
    object
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

pub(crate) fn store(
    tx: &Transaction<'_>,
    export: &LibraryExport,
) -> Result<(Vec<SaveOutcome>, HighlightCounts)> {
    let doc = &export.head;
    let fresh: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM clipping) AND NOT EXISTS (SELECT 1 FROM tag)
            AND NOT EXISTS (SELECT 1 FROM saved_search) AND NOT EXISTS (SELECT 1 FROM image)",
        [],
        |r| r.get(0),
    )?;
    let mut counts = HighlightCounts::default();
    let mut inserts = Inserts::default();
    for tag in objects(doc.get("tags")) {
        if let Some(name) = text(tag, "name") {
            tags::ensure(tx, name)?;
        }
    }
    for image in objects(doc.get("images")) {
        let (Some(hash), Some(mime), Some(data)) = (
            text(image, "hash"),
            text(image, "mime"),
            text(image, "data"),
        ) else {
            continue;
        };
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data) else {
            continue;
        };
        tx.execute(
            "INSERT OR IGNORE INTO image (hash, mime, bytes) VALUES (?1, ?2, ?3)",
            rusqlite::params![hash, mime, bytes],
        )?;
    }
    // The clippings are read, and sanitized, on a thread of their own while the rows go in.
    let images = images_of(doc);
    let mut outcomes = Vec::with_capacity(export.clippings);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Value>>(4);
    std::thread::scope(|scope| {
        // The reader owns the only sender: when it is done, the loop below ends.
        let images = &images;
        let reader = scope.spawn(move || read_clippings(export, images, send));
        let stored = (|| {
            for batch in receive {
                for clipping in batch.iter().filter_map(Value::as_object) {
                    outcomes.push(store_clipping(
                        tx,
                        &mut inserts,
                        fresh,
                        clipping,
                        &mut counts,
                    )?);
                }
            }
            Ok::<_, Error>(())
        })();
        // The receiver is gone: a reader still reading stops at its next batch.
        let read = reader.join().expect("the export's reader panicked");
        stored.and(read)
    })?;
    let next: i64 = tx.query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM saved_search",
        [],
        |r| r.get(0),
    )?;
    for (i, saved) in objects(doc.get("savedSearches")).enumerate() {
        let key = text(saved, "key").unwrap_or("");
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM saved_search WHERE key = ?1)",
            [key],
            |r| r.get(0),
        )?;
        if exists {
            continue;
        }
        let mut row = saved.clone();
        if !fresh {
            row.insert("position".into(), Value::from(next + i as i64));
        }
        inserts.insert(tx, "saved_search", &row, SAVED_SEARCH, false, &[])?;
    }
    Ok((outcomes, counts))
}

/// Stores one clipping of an export, merged by identity into what the library has.
fn store_clipping(
    tx: &Transaction<'_>,
    inserts: &mut Inserts,
    fresh: bool,
    clipping: &Map<String, Value>,
    counts: &mut HighlightCounts,
) -> Result<SaveOutcome> {
    let same: Option<i64> = match text(clipping, "sourceUrl") {
        Some(url) => tx
            .query_row(
                "SELECT id FROM clipping WHERE source_url = ?1",
                [url],
                |r| r.get(0),
            )
            .optional()?,
        None => tx
            .query_row(
                "SELECT id FROM clipping WHERE source_url IS NULL AND content_hash = ?1
                 AND kind = ?2 AND title = ?3 ORDER BY id LIMIT 1",
                rusqlite::params![
                    text(clipping, "contentHash"),
                    text(clipping, "kind"),
                    text(clipping, "title")
                ],
                |r| r.get(0),
            )
            .optional()?,
    };
    let created = same.is_none();
    let id = match same {
        Some(id) => id,
        None => inserts.insert(tx, "clipping", clipping, CLIPPING, fresh, &[])?,
    };
    let mut changed = false;
    // Versions, by their content; the map takes the export's ids to ours.
    let mut version_ids: HashMap<i64, i64> = HashMap::new();
    for version in objects(clipping.get("versions")) {
        let hash = text(version, "contentHash").unwrap_or("");
        let existing: Option<i64> = if created {
            None
        } else {
            tx.query_row(
                "SELECT id FROM clipping_version WHERE clipping_id = ?1 AND content_hash = ?2
                 ORDER BY id LIMIT 1",
                rusqlite::params![id, hash],
                |r| r.get(0),
            )
            .optional()?
        };
        let ours = match existing {
            Some(v) => v,
            None => {
                changed |= !created;
                inserts.insert(
                    tx,
                    "clipping_version",
                    version,
                    VERSION_COLUMNS,
                    fresh,
                    &[("clipping_id", Sql::Integer(id))],
                )?
            }
        };
        if let Some(theirs) = version.get("id").and_then(Value::as_i64) {
            version_ids.insert(theirs, ours);
        }
    }
    if created {
        // What identifies the clipping is its current content, as sanitized here.
        tx.prepare_cached(
            "UPDATE clipping SET content_hash = (SELECT content_hash FROM clipping_version
               WHERE clipping_id = ?1 ORDER BY id DESC LIMIT 1)
             WHERE id = ?1 AND content_hash IS NOT (SELECT content_hash FROM clipping_version
               WHERE clipping_id = ?1 ORDER BY id DESC LIMIT 1)",
        )?
        .execute([id])?;
    }
    for name in tag_names(clipping) {
        let added = tags::add_to_clipping(tx, id, std::slice::from_ref(&name))?;
        changed |= !created && added > 0;
    }
    for hash in clipping
        .get("images")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        tx.execute(
            "INSERT OR IGNORE INTO clipping_image (clipping_id, hash)
             SELECT ?1, hash FROM image WHERE hash = ?2",
            rusqlite::params![id, hash],
        )?;
    }
    for highlight in objects(clipping.get("highlights")) {
        let exists = !created
            && tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM highlight WHERE clipping_id = ?1 AND exact = ?2
                   AND start_pos IS ?3 AND location IS ?4)",
                rusqlite::params![
                    id,
                    text(highlight, "exact"),
                    highlight.get("startPos").and_then(Value::as_i64),
                    text(highlight, "location")
                ],
                |r| r.get::<_, bool>(0),
            )?;
        if exists {
            continue;
        }
        let version = highlight
            .get("versionId")
            .and_then(Value::as_i64)
            .and_then(|v| version_ids.get(&v).copied());
        let hid = inserts.insert(
            tx,
            "highlight",
            highlight,
            HIGHLIGHT,
            fresh,
            &[
                ("clipping_id", Sql::Integer(id)),
                ("version_id", version.map_or(Sql::Null, Sql::Integer)),
            ],
        )?;
        for name in tag_names(highlight) {
            tags::add_to_highlight(tx, hid, &name)?;
        }
        counts.added += 1;
        changed = true;
    }
    Ok(match (created, changed) {
        (true, _) => SaveOutcome::Imported(id),
        (false, true) => SaveOutcome::Updated(id),
        (false, false) => SaveOutcome::Unchanged(id),
    })
}
