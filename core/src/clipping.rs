//! Clippings: what the library holds. The domain types, and the queries over the `clipping`
//! and `clipping_version` tables (their schema is migration V1 in [`crate::schema`]).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::body::Body;
use crate::date::{PublishedAt, format_timestamp, parse_timestamp};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::tag;

/// What kind of thing a clipping is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ClippingKind {
    /// A web page, a Markdown or text document.
    Article,
    /// A book, from Kindle clippings.
    Book,
    /// A note of the person's own.
    Note,
}

impl ClippingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClippingKind::Article => "article",
            ClippingKind::Book => "book",
            ClippingKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "article" => Some(ClippingKind::Article),
            "book" => Some(ClippingKind::Book),
            "note" => Some(ClippingKind::Note),
            _ => None,
        }
    }
}

/// A clipping as the library list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClippingSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub kind: ClippingKind,
    pub title: String,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub source_url: Option<String>,
    /// ISO 8601: a bare date or an RFC 3339 date-time.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub published_at: Option<PublishedAt>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub clipped_at: DateTime<Utc>,
    /// How many highlights it has (not counting deleted ones).
    pub highlight_count: u32,
    /// Its tags, in name order.
    pub tags: Vec<String>,
    /// When it was moved to the trash (RFC 3339), if it is there.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A whole clipping: its summary, its note, its tags and its current content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Clipping {
    #[serde(flatten)]
    pub summary: ClippingSummary,
    /// The person's Markdown note on the whole clipping.
    pub note: String,
    /// The note rendered as safe HTML.
    pub note_html: String,
    /// SHA-256 of `html`.
    pub content_hash: String,
    /// The sanitized body.
    pub html: String,
    /// The `textContent` of `html`: what highlight positions count in.
    pub text: String,
}

/// A clipping about to be stored, as an importer produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClipping {
    pub kind: ClippingKind,
    pub title: String,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub source_url: Option<String>,
    pub published_at: Option<PublishedAt>,
    pub tags: Vec<String>,
    pub body: Body,
}

/// What storing a [`NewClipping`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new clipping.
    Imported(i64),
    /// The library already had exactly this; nothing changed.
    Unchanged(i64),
    /// The same source with new content or details: the clipping now shows them, and any
    /// earlier content is kept as an earlier version.
    Updated(i64),
}

impl SaveOutcome {
    /// The clipping's id, whatever happened to it.
    pub fn id(self) -> i64 {
        match self {
            SaveOutcome::Imported(id) | SaveOutcome::Unchanged(id) | SaveOutcome::Updated(id) => id,
        }
    }
}

impl Library {
    /// Every clipping not in the trash, newest clipped first.
    pub fn list_clippings(&self) -> Result<Vec<ClippingSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY} FROM clipping c WHERE c.deleted_at IS NULL
             ORDER BY c.clipped_at DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map([], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One clipping with its current content (in the trash or not: its `deletedAt` says).
    pub fn clipping(&self, id: i64) -> Result<Clipping> {
        let found = self
            .conn
            .query_row(
                &format!(
                    "SELECT {SUMMARY}, c.note, c.content_hash, v.html, v.text
                 FROM clipping c
                 JOIN clipping_version v ON v.id =
                      (SELECT max(id) FROM clipping_version WHERE clipping_id = c.id)
                 WHERE c.id = ?1"
                ),
                [id],
                |row| {
                    Ok(Clipping {
                        summary: summary_from_row(row)?,
                        note: row.get(11)?,
                        note_html: String::new(),
                        content_hash: row.get(12)?,
                        html: row.get(13)?,
                        text: row.get(14)?,
                    })
                },
            )
            .optional()?;
        let mut clipping = found.ok_or(Error::ClippingNotFound(id))?;
        clipping.note_html = crate::note::render(&clipping.note);
        Ok(clipping)
    }

    /// Stores `new` in one transaction: a new clipping, or an update of the one that has
    /// the same identity (its source URL when known, else its content hash).
    pub fn save_clipping(&mut self, new: &NewClipping) -> Result<SaveOutcome> {
        let now = Utc::now();
        self.write(|tx| save(tx, new, now))
    }
}

/// Fails unless clipping `id` exists (in the trash or not).
pub(crate) fn require(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM clipping WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::ClippingNotFound(id))
    }
}

/// The identity rule: the canonical source URL when there is one, else the content.
fn find_same(tx: &Transaction<'_>, new: &NewClipping) -> Result<Option<i64>> {
    let found = match &new.source_url {
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
                   AND kind = ?2
                 ORDER BY id LIMIT 1",
                params![new.body.content_hash, new.kind],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(found)
}

pub(crate) fn save(
    tx: &Transaction<'_>,
    new: &NewClipping,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let now_text = format_timestamp(now);
    let published = new.published_at.map(|p| p.to_string());
    let Some(id) = find_same(tx, new)? else {
        tx.execute(
            "INSERT INTO clipping (kind, title, author, site_name, source_url, published_at,
                                   clipped_at, updated_at, content_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![
                new.kind,
                new.title,
                new.author,
                new.site_name,
                new.source_url,
                published,
                now_text,
                new.body.content_hash
            ],
        )?;
        let id = tx.last_insert_rowid();
        insert_version(tx, id, &new.body, &now_text)?;
        crate::image::attach(tx, id, &new.body.images)?;
        tag::add_to_clipping(tx, id, &new.tags)?;
        return Ok(SaveOutcome::Imported(id));
    };

    let (hash, details_same): (String, bool) = tx.query_row(
        "SELECT content_hash,
                kind = ?2 AND title = ?3 AND author IS ?4 AND site_name IS ?5
                AND published_at IS ?6 AND deleted_at IS NULL
         FROM clipping WHERE id = ?1",
        params![
            id,
            new.kind,
            new.title,
            new.author,
            new.site_name,
            published
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let content_same = hash == new.body.content_hash;
    if content_same && details_same {
        // Tags the source gained since (front matter) still reach the clipping; tags the
        // person added stay.
        if tag::add_to_clipping(tx, id, &new.tags)? > 0 {
            tx.execute(
                "UPDATE clipping SET updated_at = ?2 WHERE id = ?1",
                params![id, now_text],
            )?;
            return Ok(SaveOutcome::Updated(id));
        }
        return Ok(SaveOutcome::Unchanged(id));
    }
    tx.execute(
        "UPDATE clipping SET kind = ?2, title = ?3, author = ?4, site_name = ?5,
                published_at = ?6, content_hash = ?7, updated_at = ?8, deleted_at = NULL
         WHERE id = ?1",
        params![
            id,
            new.kind,
            new.title,
            new.author,
            new.site_name,
            published,
            new.body.content_hash,
            now_text
        ],
    )?;
    if !content_same {
        let version = insert_version(tx, id, &new.body, &now_text)?;
        crate::image::attach(tx, id, &new.body.images)?;
        crate::highlight::reanchor(tx, id, version, &new.body.text)?;
    }
    tag::add_to_clipping(tx, id, &new.tags)?;
    Ok(SaveOutcome::Updated(id))
}

/// Stores a new version of a clipping's content; returns its id.
fn insert_version(tx: &Transaction<'_>, clipping_id: i64, body: &Body, now: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![clipping_id, body.html, body.text, body.content_hash, now],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Schema version 8: every stored version's markup as an import makes it today (white space
/// between touching blocks, cells and items; see [`crate::body`]), its text derived again,
/// its clipping's hash with it, and the highlights on it moved by the characters added
/// before and inside them, so that each keeps its words. (The search index is built again
/// from the new text by version 9, in the same transaction.) Runs inside the migration's
/// transaction: all of it lands, or none.
pub(crate) fn set_blocks_apart(tx: &Transaction<'_>) -> Result<()> {
    let versions: Vec<(i64, i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, clipping_id, html, text FROM clipping_version WHERE html <> '' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut changed_clippings: Vec<i64> = Vec::new();
    for (version_id, clipping_id, html, text) in versions {
        let Some((html, new_text, hash)) = crate::body::rederived(&html) else {
            continue;
        };
        tx.execute(
            "UPDATE clipping_version SET html = ?2, text = ?3, content_hash = ?4 WHERE id = ?1",
            params![version_id, html, new_text, hash],
        )?;
        crate::highlight::follow_added_space(tx, clipping_id, version_id, &text, &new_text)?;
        if changed_clippings.last() != Some(&clipping_id) {
            changed_clippings.push(clipping_id);
        }
    }
    changed_clippings.sort_unstable();
    changed_clippings.dedup();
    for id in changed_clippings {
        tx.execute(
            "UPDATE clipping SET content_hash = (SELECT content_hash FROM clipping_version
                 WHERE clipping_id = ?1 ORDER BY id DESC LIMIT 1)
             WHERE id = ?1",
            [id],
        )?;
    }
    Ok(())
}

/// Reads the first nine columns of a clipping row (see [`Library::list_clippings`]).
pub(crate) fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ClippingSummary> {
    let published: Option<String> = row.get(6)?;
    let clipped: String = row.get(7)?;
    Ok(ClippingSummary {
        id: row.get(0)?,
        kind: row.get(1)?,
        title: row.get(2)?,
        author: row.get(3)?,
        site_name: row.get(4)?,
        source_url: row.get(5)?,
        published_at: match published {
            None => None,
            Some(p) => {
                Some(parse_stored_published(&p).ok_or_else(|| invalid(6, "published_at", &p))?)
            }
        },
        clipped_at: parse_timestamp(&clipped).ok_or_else(|| invalid(7, "clipped_at", &clipped))?,
        highlight_count: row.get(8)?,
        tags: tag::split_names(row.get(9)?),
        deleted_at: match row.get::<_, Option<String>>(10)? {
            None => None,
            Some(d) => Some(parse_timestamp(&d).ok_or_else(|| invalid(10, "deleted_at", &d))?),
        },
    })
}

/// The columns [`summary_from_row`] reads, of a clipping aliased `c`.
pub(crate) const SUMMARY: &str = "c.id, c.kind, c.title, c.author, c.site_name, c.source_url,
    c.published_at, c.clipped_at,
    (SELECT count(*) FROM highlight h WHERE h.clipping_id = c.id AND h.deleted_at IS NULL),
    (SELECT group_concat(t.name, char(31) ORDER BY t.key)
     FROM clipping_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.clipping_id = c.id),
    c.deleted_at";

fn parse_stored_published(s: &str) -> Option<PublishedAt> {
    if s.len() == 10 {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(PublishedAt::Date)
    } else {
        parse_timestamp(s).map(PublishedAt::DateTime)
    }
}

fn invalid(column: usize, name: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("invalid {name} in the library: {value:?}").into(),
    )
}
