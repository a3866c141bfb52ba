//! The lossless JSON export: one file, `{"format": "commonplace", "version": 1, …}`, with
//! everything the library holds: each clipping with all its columns, every version of its
//! content, its tags, images and highlights (selectors, status, previous text, notes,
//! tags, trash state); every tag, image and saved search. `import::library_json` reads it
//! back: into an empty library it reproduces the library exactly (exporting again gives
//! the same file but for `exportedAt`); into another it merges by identity.

use std::collections::HashMap;

use base64::Engine;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde_json::{Map, Value, json};

use crate::error::Result;
use crate::export::ExportReport;

/// The format's name and version, which the importer checks.
pub const FORMAT: &str = "commonplace";
pub const VERSION: u64 = 1;

pub(crate) const CLIPPING: &[&str] = &[
    "id",
    "kind",
    "title",
    "author",
    "site_name",
    "source_url",
    "published_at",
    "clipped_at",
    "updated_at",
    "note",
    "content_hash",
    "deleted_at",
];
pub(crate) const VERSION_COLUMNS: &[&str] = &["id", "html", "text", "content_hash", "created_at"];
pub(crate) const HIGHLIGHT: &[&str] = &[
    "id",
    "version_id",
    "exact",
    "prefix",
    "suffix",
    "start_pos",
    "end_pos",
    "status",
    "color",
    "note",
    "location",
    "location_start",
    "location_end",
    "page",
    "created_at",
    "updated_at",
    "deleted_at",
    "previous_exact",
];
pub(crate) const SAVED_SEARCH: &[&str] = &[
    "name",
    "key",
    "query",
    "position",
    "created_at",
    "updated_at",
];

/// `site_name` → `siteName`.
pub(crate) fn camel(column: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in column.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => json!(i),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => json!(base64::engine::general_purpose::STANDARD.encode(b)),
    }
}

/// Rows of `sql` (which selects `columns`, in order, then any more) as objects.
fn rows(
    conn: &Connection,
    sql: &str,
    columns: &[&str],
    param: Option<i64>,
) -> Result<Vec<Map<String, Value>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = match param {
        Some(p) => stmt.query([p])?,
        None => stmt.query([])?,
    };
    let keys: Vec<String> = columns.iter().map(|c| camel(c)).collect();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = Map::new();
        for (i, key) in keys.iter().enumerate() {
            object.insert(key.clone(), value(row.get_ref(i)?));
        }
        out.push(object);
    }
    Ok(out)
}

fn names(conn: &Connection, sql: &str, id: i64) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    Ok(names
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(Value::String)
        .collect())
}

/// The tags of each highlight of clipping `id` that has any, by highlight, in tag order:
/// one query for all of them.
fn highlight_tags(conn: &Connection, id: i64) -> Result<HashMap<i64, Vec<Value>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ht.highlight_id, t.name FROM highlight h
         JOIN highlight_tag ht ON ht.highlight_id = h.id JOIN tag t ON t.id = ht.tag_id
         WHERE h.clipping_id = ?1 ORDER BY ht.highlight_id, t.key",
    )?;
    let mut tags: HashMap<i64, Vec<Value>> = HashMap::new();
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        tags.entry(row.get(0)?)
            .or_default()
            .push(Value::String(row.get(1)?));
    }
    Ok(tags)
}

/// The whole export of the clippings `ids` (all of them, the trash included, when `None`).
pub(crate) fn export(
    conn: &Connection,
    ids: Option<&[i64]>,
    report: &mut ExportReport,
) -> Result<String> {
    let all: Vec<i64> = match ids {
        Some(ids) => ids.to_vec(),
        None => conn
            .prepare("SELECT id FROM clipping ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    // Each clipping is written as it is read, one to a line: a library's export is
    // gigabytes, and holds no more than one clipping in memory besides the text.
    let mut clippings = String::new();
    let mut used_images: Vec<String> = Vec::new();
    for id in all {
        let Some(mut clipping) = rows(
            conn,
            &format!("SELECT {} FROM clipping WHERE id = ?1", CLIPPING.join(", ")),
            CLIPPING,
            Some(id),
        )?
        .pop() else {
            continue;
        };
        let versions = rows(
            conn,
            &format!(
                "SELECT {} FROM clipping_version WHERE clipping_id = ?1 ORDER BY id",
                VERSION_COLUMNS.join(", ")
            ),
            VERSION_COLUMNS,
            Some(id),
        )?;
        let tags = names(
            conn,
            "SELECT t.name FROM clipping_tag ct JOIN tag t ON t.id = ct.tag_id
             WHERE ct.clipping_id = ?1 ORDER BY t.key",
            id,
        )?;
        let images = names(
            conn,
            "SELECT hash FROM clipping_image WHERE clipping_id = ?1 ORDER BY hash",
            id,
        )?;
        used_images.extend(images.iter().filter_map(|v| v.as_str().map(str::to_owned)));
        let mut highlights = rows(
            conn,
            &format!(
                "SELECT {} FROM highlight WHERE clipping_id = ?1 ORDER BY id",
                HIGHLIGHT.join(", ")
            ),
            HIGHLIGHT,
            Some(id),
        )?;
        let mut tags_of = highlight_tags(conn, id)?;
        for h in &mut highlights {
            let hid = h.get("id").and_then(Value::as_i64).unwrap_or_default();
            let tags = tags_of.remove(&hid).unwrap_or_default();
            h.insert("tags".into(), Value::Array(tags));
        }
        report.clippings += 1;
        report.highlights += highlights.len() as u32;
        clipping.insert("versions".into(), json!(versions));
        clipping.insert("tags".into(), Value::Array(tags));
        clipping.insert("images".into(), Value::Array(images));
        clipping.insert("highlights".into(), json!(highlights));
        if !clippings.is_empty() {
            clippings.push_str(",\n");
        }
        clippings.push_str(&serde_json::to_string(&clipping).unwrap_or_default());
    }
    used_images.sort();
    used_images.dedup();
    let mut images = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT hash, mime, bytes FROM image ORDER BY id")?;
        let mut found = stmt.query([])?;
        while let Some(row) = found.next()? {
            let hash: String = row.get(0)?;
            if ids.is_some() && used_images.binary_search(&hash).is_err() {
                continue;
            }
            images.push(json!({
                "hash": hash,
                "mime": row.get::<_, String>(1)?,
                "data": value(row.get_ref(2)?),
            }));
        }
    }
    let tags: Vec<Value> = conn
        .prepare("SELECT name FROM tag ORDER BY id")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|name| json!({ "name": name }))
        .collect();
    let saved = rows(
        conn,
        &format!(
            "SELECT {} FROM saved_search ORDER BY position, id",
            SAVED_SEARCH.join(", ")
        ),
        SAVED_SEARCH,
        None,
    )?;
    let one_a_line = |items: &[Value]| -> String {
        items
            .iter()
            .map(|v| serde_json::to_string(v).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(",\n")
    };
    let head = json!({
        "exportedAt": crate::date::format_timestamp(chrono::Utc::now()),
        "schema": crate::store::schema::version(conn)?,
    });
    let saved: Vec<Value> = saved.into_iter().map(Value::Object).collect();
    let mut text = format!(
        "{{\"format\":{},\"version\":{VERSION},\"exportedAt\":{},\"schema\":{},\n\
         \"tags\":[\n{}],\n\"savedSearches\":[\n{}],\n\"images\":[\n{}],\n\"clippings\":[\n",
        json!(FORMAT),
        head["exportedAt"],
        head["schema"],
        one_a_line(&tags),
        one_a_line(&saved),
        one_a_line(&images),
    );
    text.push_str(&clippings);
    text.push_str("]}\n");
    Ok(text)
}
