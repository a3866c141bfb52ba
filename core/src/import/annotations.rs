//! Web annotations from elsewhere: Hypothesis's JSON export (an array of its annotations,
//! or `{"annotations": [...]}`) and W3C Web Annotations (an `AnnotationCollection`, a page
//! or one annotation: what `export --format w3c` writes). Each annotation with a
//! `TextQuoteSelector` becomes a highlight with its note and tags. One on a page the
//! library has (the same canonical address) is anchored in its text by its quote, prefix,
//! suffix and position, as highlights are re-anchored; one on a page it does not have is
//! kept in a clipping for that address, waiting for its text: when the page is imported,
//! the highlights find their words in it. Importing again adds nothing (the same words on
//! the same clipping are the same highlight; one the person deleted stays deleted).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};
use serde_json::Value;

use crate::anchor::{Anchorer, Placed, Quote};
use crate::date::{format_timestamp, parse_timestamp};
use crate::error::{Error, Result};
use crate::import::book::HighlightCounts;
use crate::import::kindle::Warning;
use crate::model::{Color, SaveOutcome};
use crate::store::{clippings, tags};

/// One annotation, as far as we keep it.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub source: String,
    pub title: Option<String>,
    pub quote: Quote,
    pub start: Option<usize>,
    pub note: String,
    pub tags: Vec<String>,
    pub color: Color,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotations {
    pub items: Vec<Annotation>,
    pub warnings: Vec<Warning>,
}

/// Whether `value` is Hypothesis's export or W3C annotations.
pub fn is_annotations(value: &Value) -> bool {
    let first = match value {
        Value::Array(items) => items.first(),
        Value::Object(o) if o.get("annotations").is_some_and(Value::is_array) => {
            return true;
        }
        other => Some(other),
    };
    let Some(first) = first else {
        return false;
    };
    matches!(
        first.get("type").and_then(Value::as_str),
        Some("AnnotationCollection" | "AnnotationPage" | "Annotation")
    ) || (first.get("target").is_some() && first.get("uri").is_some())
}

/// The annotations of a document, wherever it keeps them.
fn items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => {
            if let Some(Value::Array(items)) = o.get("annotations") {
                return items.iter().collect();
            }
            match o.get("type").and_then(Value::as_str) {
                Some("AnnotationCollection") => o
                    .get("first")
                    .and_then(|p| p.get("items"))
                    .and_then(Value::as_array)
                    .map(|items| items.iter().collect())
                    .unwrap_or_default(),
                Some("AnnotationPage") => o
                    .get("items")
                    .and_then(Value::as_array)
                    .map(|items| items.iter().collect())
                    .unwrap_or_default(),
                _ => vec![value],
            }
        }
        _ => Vec::new(),
    }
}

fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

fn string(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

fn read(item: &Value) -> std::result::Result<Annotation, &'static str> {
    let target = one_or_many(item.get("target"))
        .into_iter()
        .next()
        .ok_or("it has no target")?;
    let source = match target {
        Value::String(s) => s.clone(),
        t => string(t.get("source"))
            .or_else(|| string(item.get("uri")))
            .ok_or("its target has no source")?,
    };
    let selectors = one_or_many(target.get("selector"));
    let quote = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextQuoteSelector"))
        .ok_or("it has no quote (a note on the whole page)")?;
    let exact = string(quote.get("exact")).filter(|e| !e.trim().is_empty());
    let exact = exact.ok_or("its quote is empty")?;
    let start = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextPositionSelector"))
        .and_then(|s| s.get("start"))
        .and_then(Value::as_u64)
        .map(|s| s as usize);
    // Hypothesis: `text` and `tags`; W3C: bodies by purpose.
    let mut note = string(item.get("text")).unwrap_or_default();
    let mut tags: Vec<String> = one_or_many(item.get("tags"))
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut color = Color::default();
    for body in one_or_many(item.get("body")) {
        let value = string(body.get("value")).unwrap_or_default();
        match body.get("purpose").and_then(Value::as_str) {
            Some("tagging") => tags.push(value),
            Some("classifying") => color = value.parse().unwrap_or_default(),
            _ if !value.is_empty() => {
                if !note.is_empty() {
                    note.push_str("\n\n");
                }
                note.push_str(&value);
            }
            _ => {}
        }
    }
    let title = item
        .get("document")
        .and_then(|d| d.get("title"))
        .and_then(|t| match t {
            Value::Array(titles) => titles.first().and_then(Value::as_str),
            other => other.as_str(),
        })
        .map(str::to_owned);
    Ok(Annotation {
        source,
        title,
        quote: Quote {
            exact,
            prefix: string(quote.get("prefix")).unwrap_or_default(),
            suffix: string(quote.get("suffix")).unwrap_or_default(),
        },
        start,
        note,
        tags,
        color,
        created: string(item.get("created")).and_then(|c| parse_timestamp(&c)),
    })
}

pub fn parse(value: &Value, _path: &Path) -> Result<Annotations> {
    let mut out = Annotations::default();
    for (i, item) in items(value).into_iter().enumerate() {
        match read(item) {
            Ok(annotation) => out.items.push(annotation),
            Err(why) => out.warnings.push(Warning {
                entry: i + 1,
                line: 0,
                message: format!("annotation {} skipped: {why}", i + 1),
            }),
        }
    }
    Ok(out)
}

pub(crate) fn store(
    tx: &Transaction<'_>,
    file: &Annotations,
    now: DateTime<Utc>,
) -> Result<(Vec<SaveOutcome>, HighlightCounts)> {
    let now_text = format_timestamp(now);
    let mut counts = HighlightCounts::default();
    let mut outcomes = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    for a in &file.items {
        let url =
            crate::import::source::canonical_url(&a.source).unwrap_or_else(|| a.source.clone());
        if !sources.contains(&url) {
            sources.push(url);
        }
    }
    for url in sources {
        let these: Vec<&Annotation> = file
            .items
            .iter()
            .filter(|a| {
                crate::import::source::canonical_url(&a.source).unwrap_or_else(|| a.source.clone())
                    == url
            })
            .collect();
        let existing = clippings::by_source(tx, &url)?;
        if let Some(id) = existing
            && clippings::is_trashed(tx, id)?
        {
            outcomes.push(SaveOutcome::InTrash(id));
            continue;
        }
        let created = existing.is_none();
        let id = match existing {
            Some(id) => id,
            None => {
                let title = these
                    .iter()
                    .find_map(|a| a.title.clone())
                    .unwrap_or_else(|| url.clone());
                let new = crate::model::NewClipping {
                    kind: crate::model::ClippingKind::Article,
                    title,
                    author: None,
                    site_name: crate::import::source::site_name_of(&url),
                    source_url: Some(url.clone()),
                    published_at: None,
                    tags: Vec::new(),
                    body: crate::body::Body::from_untrusted_html(""),
                };
                clippings::insert(tx, &new, &now_text)?
            }
        };
        let changed = place_on(tx, id, &these, now, &mut counts)?;
        outcomes.push(match (created, changed) {
            (true, _) => SaveOutcome::Imported(id),
            (false, true) => SaveOutcome::Updated(id),
            (false, false) => SaveOutcome::Unchanged(id),
        });
    }
    Ok((outcomes, counts))
}

/// Places `these` on clipping `id` (in its current text, by quote, context and position)
/// as highlights with their notes, tags and colours; those whose words the clipping has a
/// highlight of already are left out. Whether any was added.
pub(crate) fn place_on(
    tx: &Transaction<'_>,
    id: i64,
    these: &[&Annotation],
    now: DateTime<Utc>,
    counts: &mut HighlightCounts,
) -> Result<bool> {
    let now_text = format_timestamp(now);
    let (version_id, text) = clippings::current_text(tx, id)?;
    let mut anchorer = Anchorer::new(&text);
    let mut changed = false;
    for a in these {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM highlight WHERE clipping_id = ?1
                   AND (exact = ?2 OR previous_exact = ?2))",
            params![id, a.quote.exact],
            |r| r.get(0),
        )?;
        if known {
            continue;
        }
        let placement = anchorer.place(Placed {
            quote: a.quote.clone(),
            start: a.start,
            fuzzy: false,
            previous: None,
        });
        let (start, end) = placement.range.unzip();
        tx.execute(
            "INSERT INTO highlight (clipping_id, version_id, exact, prefix, suffix, start_pos,
                                        end_pos, status, color, note, previous_exact,
                                        created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                id,
                version_id,
                placement.quote.exact,
                placement.quote.prefix,
                placement.quote.suffix,
                start.map(|s| s as i64),
                end.map(|e| e as i64),
                placement.status,
                a.color,
                a.note,
                placement.previous,
                format_timestamp(a.created.unwrap_or(now)),
                now_text
            ],
        )?;
        let highlight = tx.last_insert_rowid();
        for tag in &a.tags {
            if crate::model::valid_tag_name(tag).is_ok() {
                tags::add_to_highlight(tx, highlight, tag)?;
            }
        }
        counts.added += 1;
        changed = true;
    }
    Ok(changed)
}

/// A document that is JSON but neither our export nor annotations.
pub(crate) fn not_ours(path: &Path) -> Error {
    Error::UnsupportedFormat {
        path: path.to_path_buf(),
    }
}
