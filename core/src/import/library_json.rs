//! Reading back Commonplace's own lossless JSON export (see `export::json`). Into an empty
//! library every row keeps its id, so the library is what it was; into one that has some
//! of it, clippings merge by identity (the source address, else the content and kind),
//! versions by their content, highlights by their words and place, tags by name, images by
//! hash, saved searches by name: nothing is duplicated, nothing the library has is changed.

use std::collections::HashMap;

use base64::Engine;
use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::export::json::{
    CLIPPING, FORMAT, HIGHLIGHT, SAVED_SEARCH, VERSION, VERSION_COLUMNS, camel,
};
use crate::import::book::HighlightCounts;
use crate::model::SaveOutcome;
use crate::store::tags;

/// A parsed export, checked for its format and version.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryExport {
    pub document: Value,
}

/// Whether `text` is our export: a JSON object whose `format` is ours.
pub fn is_library_export(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    let compact: String = head.split_whitespace().collect();
    compact.starts_with(&format!("{{\"format\":\"{FORMAT}\""))
}

pub fn parse(text: &str, path: &std::path::Path) -> Result<LibraryExport> {
    let invalid = |message: String| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line: 0,
        message,
    };
    let document: Value = serde_json::from_str(text).map_err(|e| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line: e.line(),
        message: format!("not valid JSON: {e}"),
    })?;
    if document.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(invalid(
            "not a Commonplace export (no \"format\": \"commonplace\")".into(),
        ));
    }
    match document.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {
            let mut document = document;
            sanitize_all(&mut document);
            Ok(LibraryExport { document })
        }
        Some(v) => Err(invalid(format!(
            "written by a newer Commonplace (export version {v}; this version reads {VERSION})"
        ))),
        None => Err(invalid("the export has no version".into())),
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

fn array<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Map<String, Value>> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// Every version's markup through the sanitizer (see `clean`), on every core: this is
/// most of the work of reading an export.
fn sanitize_all(document: &mut Value) {
    let images: HashMap<String, (String, String)> = array(document, "images")
        .filter_map(|i| {
            Some((
                text(i, "hash")?.to_owned(),
                (text(i, "mime")?.to_owned(), text(i, "data")?.to_owned()),
            ))
        })
        .collect();
    let images: HashMap<&str, (&str, &str)> = images
        .iter()
        .map(|(h, (m, d))| (h.as_str(), (m.as_str(), d.as_str())))
        .collect();
    let mut versions: Vec<&mut Map<String, Value>> = document
        .get_mut("clippings")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get_mut("versions").and_then(Value::as_array_mut))
        .flatten()
        .filter_map(Value::as_object_mut)
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let size = versions.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        for chunk in versions.chunks_mut(size) {
            let images = &images;
            scope.spawn(move || {
                for version in chunk.iter_mut() {
                    if let Some(cleaned) = clean(version, images) {
                        **version = cleaned;
                    }
                }
            });
        }
    });
}

/// A version whose markup is not what our sanitizer makes of it (an export anyone could
/// have edited is as untrusted as a web page), made so: its markup, text and hash from the
/// sanitizer, as an import makes them. `None` for markup the sanitizer leaves as it is,
/// which is every version we exported ourselves. Its images go through the sanitizer as
/// the `data:` URIs they are, so that they come out as the same `cpimage:` references.
fn clean(
    version: &Map<String, Value>,
    images: &HashMap<&str, (&str, &str)>,
) -> Option<Map<String, Value>> {
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
    let doc = &export.document;
    let fresh: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM clipping) AND NOT EXISTS (SELECT 1 FROM tag)
            AND NOT EXISTS (SELECT 1 FROM saved_search) AND NOT EXISTS (SELECT 1 FROM image)",
        [],
        |r| r.get(0),
    )?;
    let mut counts = HighlightCounts::default();
    let mut inserts = Inserts::default();
    for tag in array(doc, "tags") {
        if let Some(name) = text(tag, "name") {
            tags::ensure(tx, name)?;
        }
    }
    for image in array(doc, "images") {
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
    let mut outcomes = Vec::new();
    for clipping in array(doc, "clippings") {
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
        outcomes.push(match (created, changed) {
            (true, _) => SaveOutcome::Imported(id),
            (false, true) => SaveOutcome::Updated(id),
            (false, false) => SaveOutcome::Unchanged(id),
        });
    }
    let next: i64 = tx.query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM saved_search",
        [],
        |r| r.get(0),
    )?;
    for (i, saved) in array(doc, "savedSearches").enumerate() {
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
