//! Storage of highlights: the `highlight` table (its selectors, status, colour and note),
//! the queries of a clipping's highlights and of the Highlights view, and the moves that
//! keep highlights on their words when their clipping's text changes.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::anchor::{Anchorer, Placed, Quote, Text, insertion_map};
use crate::date::format_timestamp;
use crate::error::{Error, Result};
use crate::model::{Color, Highlight, HighlightItem, HighlightPage, HighlightQuery};
use crate::store::filter::{Cursor, Filter, Subtree};
use crate::store::{stored_time, tags};

/// The columns [`from_row`] reads, of a highlight aliased `h`.
fn columns() -> String {
    format!(
        "h.id AS id, h.clipping_id AS clipping_id, h.exact AS exact, h.note AS note,
         h.color AS color, h.location AS location, h.page AS page, h.created_at AS created_at,
         h.status AS status, h.start_pos AS start_pos, h.end_pos AS end_pos,
         h.prefix AS prefix, h.suffix AS suffix, h.previous_exact AS previous_exact,
         {} AS tags",
        tags::names_column("highlight", "h.id")
    )
}

columns! {
    /// Where the columns of [`columns`] are in a statement's rows.
    Columns {
        id, clipping_id, exact, note, color, location, page, created_at, status, start_pos,
        end_pos, prefix, suffix, previous_exact, tags,
    }
}

fn from_row(row: &Row<'_>, c: &Columns) -> rusqlite::Result<Highlight> {
    let created: String = row.get(c.created_at)?;
    let note: String = row.get(c.note)?;
    let id: i64 = row.get(c.id)?;
    Ok(Highlight {
        id,
        clipping_id: row.get(c.clipping_id)?,
        text: row.get(c.exact)?,
        note_html: crate::note::render(&note),
        note,
        color: row.get(c.color)?,
        location: row.get(c.location)?,
        page: row.get(c.page)?,
        created_at: stored_time("highlight", "created_at", id, &created).unwrap_or_default(),
        status: row.get(c.status)?,
        start: row.get(c.start_pos)?,
        end: row.get(c.end_pos)?,
        prefix: row.get(c.prefix)?,
        suffix: row.get(c.suffix)?,
        previous_text: row.get(c.previous_exact)?,
        tags: tags::split_names(row.get(c.tags)?),
    })
}

/// Fails unless highlight `id` exists (deleted or not).
pub(crate) fn require(tx: &Transaction<'_>, id: i64) -> Result<()> {
    if super::exists(tx, "highlight", id)? {
        Ok(())
    } else {
        Err(Error::HighlightNotFound(id))
    }
}

/// One highlight, deleted or not.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Highlight> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM highlight h WHERE h.id = ?1",
        columns()
    ))?;
    let c = Columns::of(&stmt)?;
    stmt.query_row([id], |row| from_row(row, &c))
        .optional()?
        .ok_or(Error::HighlightNotFound(id))
}

/// The highlights of one clipping (in reading order, orphans last) or of the whole library
/// (newest first), of tags `tag` and colour `color` when given; deleted highlights and those
/// of clippings in the trash are left out.
pub(crate) fn find(
    conn: &Connection,
    clipping_id: Option<i64>,
    tag: Option<&Subtree>,
    color: Option<Color>,
) -> Result<Vec<Highlight>> {
    let mut filter = Filter::default();
    filter.require("h.deleted_at IS NULL");
    filter.require("(SELECT deleted_at FROM clipping c WHERE c.id = h.clipping_id) IS NULL");
    if let Some(id) = clipping_id {
        let p = filter.bind(id);
        filter.require(format!("h.clipping_id = {p}"));
    }
    if let Some(color) = color {
        let p = filter.bind(color.as_str().to_owned());
        filter.require(format!("h.color = {p}"));
    }
    if let Some(tag) = tag {
        let within = tag.condition("t.key", &mut filter);
        filter.require(format!(
            "h.id IN (SELECT ht.highlight_id FROM highlight_tag ht
                      JOIN tag t ON t.id = ht.tag_id WHERE {within})"
        ));
    }
    let order = if clipping_id.is_some() {
        "h.status = 'orphaned', coalesce(h.start_pos, h.location_start), h.created_at DESC, h.id DESC"
    } else {
        "h.created_at DESC, h.id DESC"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM highlight h WHERE {} ORDER BY {order}",
        columns(),
        filter.sql()
    ))?;
    let c = Columns::of(&stmt)?;
    let rows = stmt.query_map(params_from_iter(filter.values()), |row| from_row(row, &c))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One page of the library's highlights, newest first (the Highlights view).
pub(crate) fn page(conn: &Connection, query: &HighlightQuery) -> Result<HighlightPage> {
    const KEYS: [&str; 2] = ["h.created_at", "h.id"];
    let mut filter = Filter::default();
    filter.require("h.deleted_at IS NULL AND c.deleted_at IS NULL");
    if let Some(color) = query.color {
        let p = filter.bind(color.as_str().to_owned());
        filter.require(format!("h.color = {p}"));
    }
    if let Some(name) = &query.tag {
        let within = Subtree::of(name)?.condition("t.key", &mut filter);
        filter.require(format!(
            "h.id IN (SELECT ht.highlight_id FROM highlight_tag ht
                      JOIN tag t ON t.id = ht.tag_id WHERE {within})"
        ));
    }
    if query.with_note {
        filter.require("h.note <> ''");
    }
    if query.orphaned {
        filter.require("h.status = 'orphaned'");
    }
    if let Some(after) = &query.after {
        filter.after(&KEYS, false, &Cursor::parse(after, KEYS.len())?);
    }
    let limit = query.limit.unwrap_or(50).clamp(1, 500);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}, c.title AS clipping_title
         FROM highlight h JOIN clipping c ON c.id = h.clipping_id
         WHERE {} ORDER BY h.created_at DESC, h.id DESC LIMIT {}",
        columns(),
        filter.sql(),
        limit + 1
    ))?;
    let c = Columns::of(&stmt)?;
    let title = stmt.column_index("clipping_title")?;
    let rows = stmt.query_map(params_from_iter(filter.values()), |row| {
        Ok(HighlightItem {
            highlight: from_row(row, &c)?,
            clipping_title: row.get(title)?,
        })
    })?;
    let mut items: Vec<HighlightItem> = rows.collect::<rusqlite::Result<_>>()?;
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|last| {
            Cursor::of(vec![
                format_timestamp(last.highlight.created_at).into(),
                last.highlight.id.into(),
            ])
            .encode()
        })
    } else {
        None
    };
    Ok(HighlightPage { items, next })
}

/// A new highlight on version `version_id` of a clipping, at `start..end` of its text.
pub(crate) struct NewHighlight<'a> {
    pub clipping_id: i64,
    pub version_id: i64,
    pub quote: &'a Quote,
    pub start: usize,
    pub end: usize,
    pub color: Color,
    pub note: &'a str,
}

/// Stores a new, anchored highlight; returns its id.
pub(crate) fn insert(tx: &Transaction<'_>, new: &NewHighlight<'_>, now: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO highlight (clipping_id, version_id, exact, prefix, suffix, start_pos,
                                end_pos, status, color, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'anchored', ?8, ?9, ?10, ?10)",
        params![
            new.clipping_id,
            new.version_id,
            new.quote.exact,
            new.quote.prefix,
            new.quote.suffix,
            new.start as i64,
            new.end as i64,
            new.color,
            new.note,
            now
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Sets a highlight's colour and note, each when given; fails for no such highlight.
pub(crate) fn change(
    tx: &Transaction<'_>,
    id: i64,
    color: Option<Color>,
    note: Option<&str>,
    now: &str,
) -> Result<()> {
    let changed = tx.execute(
        "UPDATE highlight SET color = coalesce(?2, color), note = coalesce(?3, note),
                updated_at = ?4
         WHERE id = ?1",
        params![id, color, note, now],
    )?;
    if changed == 0 {
        return Err(Error::HighlightNotFound(id));
    }
    Ok(())
}

/// Deletes a highlight (`deleted`) or brings it back; fails for no such highlight.
pub(crate) fn set_deleted(tx: &Transaction<'_>, id: i64, deleted: bool, now: &str) -> Result<()> {
    let changed = tx.execute(
        "UPDATE highlight SET deleted_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3
         WHERE id = ?1",
        params![id, deleted, now],
    )?;
    if changed == 0 {
        return Err(Error::HighlightNotFound(id));
    }
    Ok(())
}

/// A highlight of a book as the library has it: where it is, by the device's location
/// (`start`, `end`) and page, rather than by positions in a text.
#[derive(Debug, Clone)]
pub(crate) struct BookHighlight {
    pub id: i64,
    pub location: Option<(u32, u32)>,
    pub page: Option<String>,
    pub text: String,
    pub note: String,
    pub deleted: bool,
}

/// Every highlight of book `book_id`, deleted ones last.
pub(crate) fn of_book(tx: &Transaction<'_>, book_id: i64) -> Result<Vec<BookHighlight>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, location_start, location_end, page, exact, note,
                deleted_at IS NOT NULL AS deleted
         FROM highlight WHERE clipping_id = ?1 ORDER BY deleted_at IS NOT NULL, id",
    )?;
    let rows = stmt.query_map([book_id], |r| {
        let start: Option<u32> = r.get("location_start")?;
        let end: Option<u32> = r.get("location_end")?;
        Ok(BookHighlight {
            id: r.get("id")?,
            location: start.zip(end),
            page: r.get("page")?,
            text: r.get("exact")?,
            note: r.get("note")?,
            deleted: r.get("deleted")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The location as a person reads it: `214-215`, or `214` for one.
pub(crate) fn location_text(location: Option<(u32, u32)>) -> Option<String> {
    location.map(|(start, end)| {
        if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        }
    })
}

/// Stores a new highlight of book `book_id` (its words, note and place); returns its id.
pub(crate) fn insert_in_book(
    tx: &Transaction<'_>,
    book_id: i64,
    highlight: &BookHighlight,
    created_at: &str,
    now: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO highlight (clipping_id, exact, note, location, location_start,
                                location_end, page, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        book_id,
        highlight.text,
        highlight.note,
        location_text(highlight.location),
        highlight.location.map(|l| l.0),
        highlight.location.map(|l| l.1),
        highlight.page,
        created_at,
        now
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Gives a book's highlight `highlight.id` the words and place of `highlight`.
pub(crate) fn move_in_book(
    tx: &Transaction<'_>,
    highlight: &BookHighlight,
    now: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE highlight SET exact = ?2, location = ?3, location_start = ?4,
                location_end = ?5, page = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            highlight.id,
            highlight.text,
            location_text(highlight.location),
            highlight.location.map(|l| l.0),
            highlight.location.map(|l| l.1),
            highlight.page,
            now
        ],
    )?;
    Ok(())
}

/// Sets a highlight's note (the rest as it is).
pub(crate) fn set_color(tx: &Transaction<'_>, id: i64, color: Color, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE highlight SET color = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, color, now],
    )?;
    Ok(())
}

pub(crate) fn set_note(tx: &Transaction<'_>, id: i64, note: &str, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE highlight SET note = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, note, now],
    )?;
    Ok(())
}

/// Finds every highlight of a clipping again in its new version `version_id`, whose text is
/// `text`, in reading order (each one's move predicts the next one's), by
/// [`Anchorer::place`]. Book highlights with no text to point into are left as they are.
pub(crate) fn reanchor(
    tx: &Transaction<'_>,
    clipping_id: i64,
    version_id: i64,
    text: &str,
) -> Result<()> {
    let mut anchorer = Anchorer::new(text);
    let highlights: Vec<(i64, Placed)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, exact, prefix, suffix, start_pos, status, previous_exact FROM highlight
             WHERE clipping_id = ?1 AND (start_pos IS NOT NULL OR status = 'orphaned')
             ORDER BY start_pos IS NULL, start_pos",
        )?;
        let rows = stmt.query_map([clipping_id], |r| {
            let start: Option<i64> = r.get("start_pos")?;
            Ok((
                r.get("id")?,
                Placed {
                    quote: Quote {
                        exact: r.get("exact")?,
                        prefix: r.get("prefix")?,
                        suffix: r.get("suffix")?,
                    },
                    start: start.and_then(|s| usize::try_from(s).ok()),
                    fuzzy: r.get::<_, crate::model::Status>("status")?
                        == crate::model::Status::Fuzzy,
                    previous: r.get("previous_exact")?,
                },
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare_cached(
        "UPDATE highlight SET version_id = ?2, status = ?3, start_pos = ?4, end_pos = ?5,
                exact = ?6, prefix = ?7, suffix = ?8, previous_exact = ?9
         WHERE id = ?1",
    )?;
    for (id, placed) in highlights {
        let placement = anchorer.place(placed);
        update.execute(params![
            id,
            version_id,
            placement.status,
            placement.range.map(|r| r.0 as i64),
            placement.range.map(|r| r.1 as i64),
            placement.quote.exact,
            placement.quote.prefix,
            placement.quote.suffix,
            placement.previous
        ])?;
    }
    Ok(())
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
        let rows = stmt.query_map([version_id], |r| {
            Ok((r.get("id")?, r.get("start_pos")?, r.get("end_pos")?))
        })?;
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
