//! Highlights: making, editing, deleting (and undoing that), listing, citing, and finding
//! them again when their clipping changes. The schema is in [`crate::schema`]; anchoring
//! is [`crate::anchor`]. Book highlights from Kindle carry a location instead of positions.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::anchor::{Anchor, Anchorer, Quote, Text};
use crate::date::{format_timestamp, parse_timestamp};
use crate::error::{Error, Result};
use crate::library::Library;

/// The five highlight colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Color {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl Color {
    pub const ALL: [Color; 5] = [
        Color::Yellow,
        Color::Green,
        Color::Blue,
        Color::Pink,
        Color::Purple,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Color::Yellow => "yellow",
            Color::Green => "green",
            Color::Blue => "blue",
            Color::Pink => "pink",
            Color::Purple => "purple",
        }
    }
}

impl std::str::FromStr for Color {
    type Err = Error;

    fn from_str(s: &str) -> Result<Color> {
        Color::parse(&s.trim().to_lowercase()).ok_or_else(|| Error::InvalidColor(s.to_owned()))
    }
}

impl Color {
    /// The colour a stored word names.
    pub(crate) fn parse(word: &str) -> Option<Color> {
        Color::ALL.into_iter().find(|c| c.as_str() == word)
    }
}

/// Whether a highlight is where its words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At its very words.
    Anchored,
    /// Re-anchored to changed words, which it now shows; `previousText` has the old ones.
    Fuzzy,
    /// Its words are no longer in the clipping; it is kept, with its text and note.
    Orphaned,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Anchored => "anchored",
            Status::Fuzzy => "fuzzy",
            Status::Orphaned => "orphaned",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Status> {
        match s {
            "anchored" => Some(Status::Anchored),
            "fuzzy" => Some(Status::Fuzzy),
            "orphaned" => Some(Status::Orphaned),
            _ => None,
        }
    }
}

/// A highlight, with its W3C selectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Highlight {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clipping_id: i64,
    /// The highlighted text (the W3C `exact`).
    pub text: String,
    /// The person's Markdown note on it.
    pub note: String,
    /// The note rendered as safe HTML.
    pub note_html: String,
    pub color: Color,
    /// Where it is in a book: the Kindle location or range (`214-215`).
    pub location: Option<String>,
    /// The page of a book it is on, as the device wrote it (`9`, `12-13`, `xv`).
    pub page: Option<String>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: DateTime<Utc>,
    pub status: Status,
    /// The W3C `TextPositionSelector`, in code points of the clipping's text; `null` for an
    /// orphan and for a book highlight that has no text to point into.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub start: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub end: Option<i64>,
    /// Up to 32 characters before and after `text` (W3C `TextQuoteSelector`).
    pub prefix: String,
    pub suffix: String,
    /// For a fuzzy highlight, the words it had before its clipping changed.
    pub previous_text: Option<String>,
    /// Its tags, in name order.
    pub tags: Vec<String>,
}

impl Highlight {
    /// Where a book highlight is, as a person reads it: `Page 9 · Location 214–215`,
    /// `Page xv`, `Location 1234`; `None` for an article's highlight.
    pub fn place(&self) -> Option<String> {
        let range = |s: &str| s.replace('-', "–");
        let parts: Vec<String> = [
            self.page.as_deref().map(|p| format!("Page {}", range(p))),
            self.location
                .as_deref()
                .map(|l| format!("Location {}", range(l))),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// Where a new highlight goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Code points `start..end` of the clipping's text; `exact` is what the caller saw
    /// there, checked against the text (when it differs, the quote decides).
    Range {
        start: usize,
        end: usize,
        exact: Option<String>,
    },
    /// The `occurrence`-th (from 1) occurrence of `exact`.
    Quote { exact: String, occurrence: usize },
}

/// A citation of a highlight, as plain text and as Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    /// `“quote” — Author, Title, Site (date). URL`
    pub text: String,
    /// A Markdown block quote with the same attribution.
    pub markdown: String,
}

/// The columns [`from_row`] reads, of a highlight aliased `h`.
const COLUMNS: &str = "h.id, h.clipping_id, h.exact, h.note, h.color, h.location,
    h.created_at, h.status, h.start_pos, h.end_pos, h.prefix, h.suffix, h.previous_exact,
    (SELECT group_concat(t.name, char(31) ORDER BY t.key)
     FROM highlight_tag ht JOIN tag t ON t.id = ht.tag_id WHERE ht.highlight_id = h.id),
    h.page";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Highlight> {
    let invalid = |column: usize, what: &str, value: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("invalid {what} in the library: {value:?}").into(),
        )
    };
    let created: String = row.get(6)?;
    let note: String = row.get(3)?;
    Ok(Highlight {
        id: row.get(0)?,
        clipping_id: row.get(1)?,
        text: row.get(2)?,
        note_html: crate::note::render(&note),
        note,
        color: row.get(4)?,
        location: row.get(5)?,
        created_at: parse_timestamp(&created).ok_or_else(|| invalid(6, "created_at", &created))?,
        status: row.get(7)?,
        start: row.get(8)?,
        end: row.get(9)?,
        prefix: row.get(10)?,
        suffix: row.get(11)?,
        previous_text: row.get(12)?,
        tags: crate::tag::split_names(row.get(13)?),
        page: row.get(14)?,
    })
}

impl Library {
    /// Every highlight of one clipping (in reading order, orphans last), or of the whole
    /// library (newest first); deleted highlights and those of clippings in the trash are
    /// left out.
    pub fn highlights(&self, clipping_id: Option<i64>) -> Result<Vec<Highlight>> {
        self.find_highlights(clipping_id, None, None)
    }

    /// As [`Library::highlights`], only those carrying tag `tag` (or one beneath it) and of
    /// colour `color`, when given.
    pub fn find_highlights(
        &self,
        clipping_id: Option<i64>,
        tag: Option<&str>,
        color: Option<Color>,
    ) -> Result<Vec<Highlight>> {
        let (tag_key, tag_prefix) = match tag {
            Some(name) => {
                let (k, p) = crate::tag::under_params(name)?;
                (Some(k), Some(p))
            }
            None => (None, None),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM highlight h WHERE h.deleted_at IS NULL
               AND (SELECT deleted_at FROM clipping c WHERE c.id = h.clipping_id) IS NULL
               AND (?1 IS NULL OR h.clipping_id = ?1)
               AND (?2 IS NULL OR h.color = ?2)
               AND (?3 IS NULL OR h.id IN (
                    SELECT ht.highlight_id FROM highlight_tag ht JOIN tag t ON t.id = ht.tag_id
                    WHERE t.key = ?3 OR (t.key >= ?4 AND t.key < substr(?4, 1, length(?4) - 1) || '0')))
             ORDER BY
               CASE WHEN ?1 IS NULL THEN NULL ELSE h.status = 'orphaned' END,
               CASE WHEN ?1 IS NULL THEN NULL ELSE coalesce(h.start_pos, h.location_start) END,
               h.created_at DESC, h.id DESC"
        ))?;
        let rows = stmt.query_map(params![clipping_id, color, tag_key, tag_prefix], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One highlight, deleted or not.
    pub fn highlight(&self, id: i64) -> Result<Highlight> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM highlight h WHERE h.id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or(Error::HighlightNotFound(id))
    }

    /// Highlights `target` in clipping `clipping_id`'s current text.
    pub fn add_highlight(
        &mut self,
        clipping_id: i64,
        target: &Target,
        color: Color,
        note: &str,
    ) -> Result<Highlight> {
        let id = self.write(|tx| {
            let (version_id, text): (i64, String) = tx
                .query_row(
                    "SELECT id, text FROM clipping_version WHERE clipping_id = ?1
                     ORDER BY id DESC LIMIT 1",
                    [clipping_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(Error::ClippingNotFound(clipping_id))?;
            let (start, end) = resolve_target(clipping_id, &text, target)?;
            let quote = Text::new(&text).quote(start, end);
            let now = format_timestamp(Utc::now());
            tx.execute(
                "INSERT INTO highlight (clipping_id, version_id, exact, prefix, suffix, start_pos,
                                        end_pos, status, color, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'anchored', ?8, ?9, ?10, ?10)",
                params![
                    clipping_id,
                    version_id,
                    quote.exact,
                    quote.prefix,
                    quote.suffix,
                    start as i64,
                    end as i64,
                    color,
                    note,
                    now
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.highlight(id)
    }

    /// Changes a highlight's colour and/or note.
    pub fn edit_highlight(
        &mut self,
        id: i64,
        color: Option<Color>,
        note: Option<&str>,
    ) -> Result<Highlight> {
        self.change_highlight(id, color, note, &[], &[])
    }

    /// Changes a highlight's colour and note (each when given) and its tags, all in one
    /// transaction: every change, or none.
    pub fn change_highlight(
        &mut self,
        id: i64,
        color: Option<Color>,
        note: Option<&str>,
        add_tags: &[String],
        remove_tags: &[String],
    ) -> Result<Highlight> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE highlight SET color = coalesce(?2, color), note = coalesce(?3, note),
                        updated_at = ?4
                 WHERE id = ?1",
                params![id, color, note, format_timestamp(Utc::now())],
            )?;
            if changed == 0 {
                return Err(Error::HighlightNotFound(id));
            }
            for tag in add_tags {
                crate::tag::tag_highlight_in(tx, id, tag)?;
            }
            for tag in remove_tags {
                crate::tag::untag_highlight_in(tx, id, tag)?;
            }
            Ok(())
        })?;
        self.highlight(id)
    }

    /// Deletes a highlight; [`Library::restore_highlight`] brings it back with its note.
    pub fn delete_highlight(&mut self, id: i64) -> Result<Highlight> {
        self.set_deleted(id, true)
    }

    /// Brings back a deleted highlight.
    pub fn restore_highlight(&mut self, id: i64) -> Result<Highlight> {
        self.set_deleted(id, false)
    }

    fn set_deleted(&mut self, id: i64, deleted: bool) -> Result<Highlight> {
        let now = format_timestamp(Utc::now());
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE highlight SET deleted_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3
                 WHERE id = ?1",
                params![id, deleted, now],
            )?;
            if changed == 0 {
                return Err(Error::HighlightNotFound(id));
            }
            Ok(())
        })?;
        self.highlight(id)
    }

    /// Sets a clipping's own note (Markdown).
    pub fn set_clipping_note(&mut self, clipping_id: i64, note: &str) -> Result<()> {
        let now = format_timestamp(Utc::now());
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE clipping SET note = ?2, updated_at = ?3 WHERE id = ?1",
                params![clipping_id, note, now],
            )?;
            if changed == 0 {
                return Err(Error::ClippingNotFound(clipping_id));
            }
            Ok(())
        })
    }

    /// The citation of a highlight: its words and where they are from.
    pub fn citation(&self, highlight_id: i64) -> Result<Citation> {
        let highlight = self.highlight(highlight_id)?;
        let place = match (&highlight.page, &highlight.location) {
            (Some(page), Some(location)) => Some(format!("page {page}, location {location}")),
            (Some(page), None) => Some(format!("page {page}")),
            (None, location) => location.clone(),
        };
        self.cite(highlight.clipping_id, &highlight.text, place.as_deref())
    }

    /// The citation of `words` from clipping `clipping_id` (at a book's `location`, or at
    /// a place that names its page, `page 9, location 214-215`):
    /// `“words” — Author, Title, Site (date). URL`, and a Markdown block quote.
    pub fn cite(&self, clipping_id: i64, words: &str, location: Option<&str>) -> Result<Citation> {
        let clipping = self.clipping(clipping_id)?.summary;
        let mut source: Vec<String> = Vec::new();
        source.extend(clipping.author.clone());
        source.push(clipping.title.clone());
        source.extend(clipping.site_name.clone());
        let mut attribution = source.join(", ");
        if let Some(location) = location {
            let location = if location.starts_with("page") {
                location.to_owned()
            } else {
                format!("location {location}")
            };
            attribution.push_str(&format!(", {location}"));
        }
        if let Some(published) = clipping.published_at {
            let date = published.to_string();
            attribution.push_str(&format!(" ({})", date.get(..10).unwrap_or(&date)));
        }
        attribution.push('.');
        let url = clipping.source_url.clone();
        let words = words.trim();
        let text = match &url {
            Some(url) => format!("“{words}” — {attribution} {url}"),
            None => format!("“{words}” — {attribution}"),
        };
        let mut markdown: String = words
            .lines()
            .map(|l| format!("> {l}").trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n");
        let linked_title = match &url {
            Some(url) => format!("[{}]({url})", clipping.title),
            None => format!("*{}*", clipping.title),
        };
        let markdown_attribution = attribution.replacen(&clipping.title, &linked_title, 1);
        markdown.push_str(&format!("\n>\n> — {markdown_attribution}"));
        Ok(Citation { text, markdown })
    }
}

/// What the Highlights view shows: every highlight across the library, newest first,
/// filtered, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct HighlightQuery {
    /// Only highlights with this tag (or one beneath it).
    pub tag: Option<String>,
    pub color: Option<Color>,
    /// Only highlights with a note.
    pub with_note: bool,
    /// Only orphaned highlights.
    pub orphaned: bool,
    /// Where the previous page ended.
    pub after: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub limit: Option<u32>,
}

/// A highlight with the title of its clipping, for lists across the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HighlightItem {
    #[serde(flatten)]
    pub highlight: Highlight,
    pub clipping_title: String,
}

/// One page of highlights and the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HighlightPage {
    pub items: Vec<HighlightItem>,
    pub next: Option<String>,
}

impl Library {
    /// One page of the library's highlights, newest first.
    pub fn highlight_page(&self, query: &HighlightQuery) -> Result<HighlightPage> {
        let (tag_key, tag_prefix) = match &query.tag {
            Some(name) => {
                let (k, p) = crate::tag::under_params(name)?;
                (Some(k), Some(p))
            }
            None => (None, None),
        };
        let (after_time, after_id): (Option<String>, Option<i64>) = match &query.after {
            Some(cursor) => {
                let parsed: (String, i64) = serde_json::from_str(cursor)
                    .map_err(|_| Error::InvalidCursor(cursor.clone()))?;
                (Some(parsed.0), Some(parsed.1))
            }
            None => (None, None),
        };
        let limit = query.limit.unwrap_or(50).clamp(1, 500);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS}, c.title FROM highlight h JOIN clipping c ON c.id = h.clipping_id
             WHERE h.deleted_at IS NULL AND c.deleted_at IS NULL
               AND (?1 IS NULL OR h.color = ?1)
               AND (?2 IS NULL OR h.id IN (
                    SELECT ht.highlight_id FROM highlight_tag ht JOIN tag t ON t.id = ht.tag_id
                    WHERE t.key = ?2 OR (t.key >= ?3 AND t.key < substr(?3, 1, length(?3) - 1) || '0')))
               AND (NOT ?4 OR h.note <> '')
               AND (NOT ?5 OR h.status = 'orphaned')
               AND (?6 IS NULL OR (h.created_at, h.id) < (?6, ?7))
             ORDER BY h.created_at DESC, h.id DESC LIMIT ?8"
        ))?;
        let rows = stmt.query_map(
            params![
                query.color,
                tag_key,
                tag_prefix,
                query.with_note,
                query.orphaned,
                after_time,
                after_id,
                limit + 1
            ],
            |row| {
                Ok(HighlightItem {
                    highlight: from_row(row)?,
                    clipping_title: row.get(15)?,
                })
            },
        )?;
        let mut items: Vec<HighlightItem> = rows.collect::<rusqlite::Result<_>>()?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|last| {
                serde_json::json!([
                    crate::date::format_timestamp(last.highlight.created_at),
                    last.highlight.id
                ])
                .to_string()
            })
        } else {
            None
        };
        Ok(HighlightPage { items, next })
    }
}

impl Citation {
    /// The Markdown form, or the plain one.
    pub fn form(&self, markdown: bool) -> &str {
        if markdown { &self.markdown } else { &self.text }
    }
}

/// The code point range `target` names in `text`.
fn resolve_target(clipping_id: i64, text: &str, target: &Target) -> Result<(usize, usize)> {
    let len = text.chars().count();
    match target {
        Target::Range { start, end, exact } => {
            if start >= end || *end > len {
                return Err(Error::InvalidRange {
                    clipping: clipping_id,
                    start: *start,
                    end: *end,
                    len,
                });
            }
            let indexed = Text::new(text);
            match exact {
                Some(exact) if indexed.slice(*start, *end) != exact => {
                    // What the caller saw is not there: trust the words, near that place.
                    let quote = Quote {
                        exact: exact.clone(),
                        ..Quote::default()
                    };
                    match Anchorer::new(text).anchor(&quote, Some(*start)) {
                        Anchor::Exact { start, end } => Ok((start, end)),
                        _ => Err(Error::QuoteNotFound {
                            clipping: clipping_id,
                            quote: exact.clone(),
                            occurrence: 1,
                            found: 0,
                        }),
                    }
                }
                _ => Ok((*start, *end)),
            }
        }
        Target::Quote { exact, occurrence } => {
            let not_found = |found| Error::QuoteNotFound {
                clipping: clipping_id,
                quote: exact.clone(),
                occurrence: *occurrence,
                found,
            };
            if exact.is_empty() || *occurrence == 0 {
                return Err(not_found(0));
            }
            let starts: Vec<usize> = text.match_indices(exact.as_str()).map(|(b, _)| b).collect();
            let byte = *starts
                .get(occurrence - 1)
                .ok_or_else(|| not_found(starts.len()))?;
            let start = text[..byte].chars().count();
            Ok((start, start + exact.chars().count()))
        }
    }
}

/// Finds every highlight of a clipping again in its new version `version_id`, whose text is
/// `text`, in reading order (each one's move predicts the next one's): anchored where its words are, fuzzy where words like them are (keeping the words
/// it had), orphaned where they are gone. Book highlights with no text to point into are
/// left as they are. Returns how many of each.
pub(crate) fn reanchor(
    tx: &Transaction<'_>,
    clipping_id: i64,
    version_id: i64,
    text: &str,
) -> Result<ReanchorCounts> {
    let mut anchorer = Anchorer::new(text);
    let mut counts = ReanchorCounts::default();
    let highlights: Vec<Placed> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, exact, prefix, suffix, start_pos, status, previous_exact FROM highlight
             WHERE clipping_id = ?1 AND (start_pos IS NOT NULL OR status = 'orphaned')
             ORDER BY start_pos IS NULL, start_pos",
        )?;
        let rows = stmt.query_map([clipping_id], |r| {
            Ok(Placed {
                id: r.get(0)?,
                quote: Quote {
                    exact: r.get(1)?,
                    prefix: r.get(2)?,
                    suffix: r.get(3)?,
                },
                start: r.get(4)?,
                fuzzy: r.get::<_, String>(5)? == "fuzzy",
                previous: r.get(6)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare_cached(
        "UPDATE highlight SET version_id = ?2, status = ?3, start_pos = ?4, end_pos = ?5,
                exact = ?6, prefix = ?7, suffix = ?8, previous_exact = ?9
         WHERE id = ?1",
    )?;
    for Placed {
        id,
        quote,
        start,
        fuzzy,
        previous,
    } in highlights
    {
        let hint = start.and_then(|s| usize::try_from(s).ok());
        let found = anchorer.anchor(&quote, hint);
        let (status, range, previous) = match found {
            Anchor::Exact { start, end } => {
                counts.anchored += 1;
                // Still fuzzy if it was: its words are the changed ones it took.
                let status = if fuzzy {
                    Status::Fuzzy
                } else {
                    Status::Anchored
                };
                (status, Some((start, end)), previous)
            }
            Anchor::Fuzzy { start, end } => {
                counts.fuzzy += 1;
                (
                    Status::Fuzzy,
                    Some((start, end)),
                    Some(previous.unwrap_or_else(|| quote.exact.clone())),
                )
            }
            Anchor::Orphan => {
                counts.orphaned += 1;
                (Status::Orphaned, None, previous)
            }
        };
        let selectors = match range {
            Some((start, end)) => anchorer.text().quote(start, end),
            None => quote,
        };
        update.execute(params![
            id,
            version_id,
            status,
            range.map(|r| r.0 as i64),
            range.map(|r| r.1 as i64),
            selectors.exact,
            selectors.prefix,
            selectors.suffix,
            previous
        ])?;
    }
    Ok(counts)
}

/// Moves the highlights on version `version_id` of a clipping from its text `old` to `new`,
/// which is `old` with white space added between blocks: each highlight keeps the same
/// characters, and the white space added inside it (a highlight across two paragraphs gains
/// the line between them). Should `new` not be `old` with characters added (a body stored
/// by a version with another idea of its text), the highlights are found again in `new` as
/// after any change of content.
pub(crate) fn follow_added_space(
    tx: &Transaction<'_>,
    clipping_id: i64,
    version_id: i64,
    old: &str,
    new: &str,
) -> Result<()> {
    let Some(moved) = insertion_map(old, new) else {
        let current: i64 = tx.query_row(
            "SELECT max(id) FROM clipping_version WHERE clipping_id = ?1",
            [clipping_id],
            |r| r.get(0),
        )?;
        if current == version_id {
            reanchor(tx, clipping_id, version_id, new)?;
        }
        return Ok(());
    };
    let highlights: Vec<(i64, i64, i64)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, start_pos, end_pos FROM highlight
             WHERE version_id = ?1 AND start_pos IS NOT NULL",
        )?;
        let rows = stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let text = Text::new(new);
    let mut update = tx.prepare_cached(
        "UPDATE highlight SET start_pos = ?2, end_pos = ?3, exact = ?4, prefix = ?5, suffix = ?6
         WHERE id = ?1",
    )?;
    for (id, start, end) in highlights {
        let at = |i: i64| usize::try_from(i).ok().map(|i| i.min(moved.len() - 1));
        let (Some(start), Some(end)) = (at(start), at(end)) else {
            continue;
        };
        // The first character keeps its place; the end follows the last character, so
        // white space added right after a highlight stays out of it.
        let new_start = moved[start];
        let new_end = if end > start {
            moved[end - 1] + 1
        } else {
            new_start
        };
        let quote = text.quote(new_start, new_end);
        update.execute(params![
            id,
            new_start as i64,
            new_end as i64,
            quote.exact,
            quote.prefix,
            quote.suffix
        ])?;
    }
    Ok(())
}

/// Where each character of `old` is in `new` (code points), when `new` is `old` with white
/// space added; the last entry is the length of `new`. `None` when it is not.
fn insertion_map(old: &str, new: &str) -> Option<Vec<usize>> {
    let mut moved = Vec::with_capacity(old.len() + 1);
    let mut new_chars = new.chars().enumerate();
    for c in old.chars() {
        loop {
            let (i, n) = new_chars.next()?;
            if n == c {
                moved.push(i);
                break;
            }
            if !n.is_whitespace() {
                return None;
            }
        }
    }
    let rest: Vec<char> = new_chars.map(|(_, c)| c).collect();
    if !rest.iter().all(|c| c.is_whitespace()) {
        return None;
    }
    moved.push(new.chars().count());
    Some(moved)
}

/// A highlight as re-anchoring reads it.
struct Placed {
    id: i64,
    quote: Quote,
    start: Option<i64>,
    fuzzy: bool,
    previous: Option<String>,
}

/// What re-anchoring did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReanchorCounts {
    pub anchored: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
}
