//! Storage of clippings: `clipping` (what a clipping is, its note, its trash state) and
//! `clipping_version` (every content it had, the last one current), the summaries the list
//! shows, and the list's query plan: keyset pages in each sort's order, driven by a tag's
//! assignments when tags filter it.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::body::Body;
use crate::error::{Error, Result};
use crate::model::{
    Clipping, ClippingKind, ClippingSummary, Counts, ListQuery, NewClipping, PAGE, Page, Sort,
};
use crate::store::filter::{Cursor, Filter, Subtree, id_list};
use crate::store::{highlights, stored_published, stored_time, tags};

/// The columns [`summary_from_row`] reads, of a clipping aliased `c`.
fn summary_columns() -> String {
    format!(
        "c.id AS id, c.kind AS kind, c.title AS title, c.author AS author,
         c.site_name AS site_name, c.source_url AS source_url,
         c.published_at AS published_at, c.clipped_at AS clipped_at,
         (SELECT count(*) FROM highlight h WHERE h.clipping_id = c.id AND h.deleted_at IS NULL)
           AS highlight_count,
         {} AS tags, c.deleted_at AS deleted_at",
        tags::names_column("clipping", "c.id")
    )
}

/// How many columns [`summary_columns`] has: the sort keys of a page's query follow them.
const SUMMARY_COLUMNS: usize = 11;

columns! {
    /// Where the columns of [`summary_columns`] are in a statement's rows.
    Summary {
        id, kind, title, author, site_name, source_url, published_at, clipped_at,
        highlight_count, tags, deleted_at,
    }
}

fn summary_from_row(row: &Row<'_>, c: &Summary) -> rusqlite::Result<ClippingSummary> {
    let id: i64 = row.get(c.id)?;
    let published: Option<String> = row.get(c.published_at)?;
    let clipped: String = row.get(c.clipped_at)?;
    let deleted: Option<String> = row.get(c.deleted_at)?;
    Ok(ClippingSummary {
        id,
        kind: row.get(c.kind)?,
        title: row.get(c.title)?,
        author: row.get(c.author)?,
        site_name: row.get(c.site_name)?,
        source_url: row.get(c.source_url)?,
        published_at: published.and_then(|p| stored_published("clipping", "published_at", id, &p)),
        // A clipping always has a clipped date; an unreadable one reads as the epoch, so
        // that the clipping still lists (last, in newest-first order).
        clipped_at: stored_time("clipping", "clipped_at", id, &clipped).unwrap_or_default(),
        highlight_count: row.get(c.highlight_count)?,
        tags: tags::split_names(row.get(c.tags)?),
        // Trashed stays trashed even when the moment it was cannot be read.
        deleted_at: deleted
            .map(|d| stored_time("clipping", "deleted_at", id, &d).unwrap_or_default()),
    })
}

/// One clipping with its current content, in the trash or not.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Clipping> {
    get_with(conn, id, true)
}

/// [`get`], leaving the content (`html`, `text`) empty unless `content`: what an export
/// without the articles' text needs, without reading a library's worth of text.
pub(crate) fn get_with(conn: &Connection, id: i64, content: bool) -> Result<Clipping> {
    let sql = if content {
        format!(
            "SELECT {}, c.note AS note, c.content_hash AS content_hash, v.html AS html,
                    v.text AS text
             FROM clipping c
             JOIN clipping_version v ON v.id =
                  (SELECT max(id) FROM clipping_version WHERE clipping_id = c.id)
             WHERE c.id = ?1",
            summary_columns()
        )
    } else {
        format!(
            "SELECT {}, c.note AS note, c.content_hash AS content_hash, '' AS html, '' AS text
             FROM clipping c WHERE c.id = ?1",
            summary_columns()
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let summary = Summary::of(&stmt)?;
    let found = stmt
        .query_row([id], |row| {
            let note: String = row.get("note")?;
            Ok(Clipping {
                summary: summary_from_row(row, &summary)?,
                note_html: crate::note::render(&note),
                note,
                content_hash: row.get("content_hash")?,
                html: row.get("html")?,
                text: row.get("text")?,
            })
        })
        .optional()?;
    found.ok_or(Error::ClippingNotFound(id))
}

/// Every clipping not in the trash, newest clipped first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<ClippingSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM clipping c WHERE c.deleted_at IS NULL
         ORDER BY c.clipped_at DESC, c.id DESC",
        summary_columns()
    ))?;
    let c = Summary::of(&stmt)?;
    let rows = stmt.query_map([], |row| summary_from_row(row, &c))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Fails unless clipping `id` exists (in the trash or not).
pub(crate) fn require(tx: &Transaction<'_>, id: i64) -> Result<()> {
    if super::exists(tx, "clipping", id)? {
        Ok(())
    } else {
        Err(Error::ClippingNotFound(id))
    }
}

/// The clipping from source `url`.
pub(crate) fn by_source(tx: &Transaction<'_>, url: &str) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM clipping WHERE source_url = ?1",
            [url],
            |r| r.get("id"),
        )
        .optional()?)
}

/// The first clipping of no source with content `hash`, of kind `kind`.
pub(crate) fn by_content(
    tx: &Transaction<'_>,
    hash: &str,
    kind: ClippingKind,
) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM clipping WHERE source_url IS NULL AND content_hash = ?1
               AND kind = ?2
             ORDER BY id LIMIT 1",
            params![hash, kind],
            |r| r.get("id"),
        )
        .optional()?)
}

/// Stores a new clipping with its first version; returns its id.
pub(crate) fn insert(tx: &Transaction<'_>, new: &NewClipping, now: &str) -> Result<i64> {
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
            new.published_at.map(|p| p.to_string()),
            now,
            new.body.content_hash
        ],
    )?;
    let id = tx.last_insert_rowid();
    insert_version(tx, id, &new.body, now)?;
    Ok(id)
}

/// How clipping `id` compares with `new`: whether its content is the same, and whether
/// its details are (and it is out of the trash).
pub(crate) fn compare(tx: &Transaction<'_>, id: i64, new: &NewClipping) -> Result<(bool, bool)> {
    Ok(tx.query_row(
        "SELECT content_hash = ?7 AS content_same,
                kind = ?2 AND title = ?3 AND author IS ?4 AND site_name IS ?5
                AND published_at IS ?6 AND deleted_at IS NULL AS details_same
         FROM clipping WHERE id = ?1",
        params![
            id,
            new.kind,
            new.title,
            new.author,
            new.site_name,
            new.published_at.map(|p| p.to_string()),
            new.body.content_hash
        ],
        |r| Ok((r.get("content_same")?, r.get("details_same")?)),
    )?)
}

/// Gives clipping `id` the details and content hash of `new` and takes it out of the trash.
pub(crate) fn update(tx: &Transaction<'_>, id: i64, new: &NewClipping, now: &str) -> Result<()> {
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
            new.published_at.map(|p| p.to_string()),
            new.body.content_hash,
            now
        ],
    )?;
    Ok(())
}

/// Whether clipping `id` is in the trash.
pub(crate) fn is_trashed(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT deleted_at IS NOT NULL FROM clipping WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Marks clipping `id` as changed now.
pub(crate) fn touch(tx: &Transaction<'_>, id: i64, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE clipping SET updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Stores a new version of a clipping's content; returns its id.
pub(crate) fn insert_version(
    tx: &Transaction<'_>,
    clipping_id: i64,
    body: &Body,
    now: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![clipping_id, body.html, body.text, body.content_hash, now],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The current version of a clipping and its text.
pub(crate) fn current_text(conn: &Connection, clipping_id: i64) -> Result<(i64, String)> {
    conn.query_row(
        "SELECT id, text FROM clipping_version WHERE clipping_id = ?1
         ORDER BY id DESC LIMIT 1",
        [clipping_id],
        |r| Ok((r.get("id")?, r.get("text")?)),
    )
    .optional()?
    .ok_or(Error::ClippingNotFound(clipping_id))
}

/// Sets a clipping's own note; fails for no such clipping.
pub(crate) fn set_note(
    tx: &Transaction<'_>,
    clipping_id: i64,
    note: &str,
    now: &str,
) -> Result<()> {
    let changed = tx.execute(
        "UPDATE clipping SET note = ?2, updated_at = ?3 WHERE id = ?1",
        params![clipping_id, note, now],
    )?;
    if changed == 0 {
        return Err(Error::ClippingNotFound(clipping_id));
    }
    Ok(())
}

/// Moves clipping `id` to the trash (`trashed`, at `now`) or back; fails for no such
/// clipping.
pub(crate) fn set_trashed(tx: &Transaction<'_>, id: i64, trashed: bool, now: &str) -> Result<()> {
    require(tx, id)?;
    tx.execute(
        "UPDATE clipping SET deleted_at = CASE WHEN ?2 THEN ?3 END WHERE id = ?1",
        params![id, trashed, now],
    )?;
    Ok(())
}

/// Deletes every clipping in the trash, with its versions and highlights (the search index
/// follows by its triggers); returns how many went.
pub(crate) fn delete_trashed(tx: &Transaction<'_>) -> Result<usize> {
    Ok(tx.execute("DELETE FROM clipping WHERE deleted_at IS NOT NULL", [])?)
}

/// How many clippings the library, its books and the trash hold.
pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS library,
                count(*) FILTER (WHERE deleted_at IS NULL AND kind = 'book') AS books,
                count(*) FILTER (WHERE deleted_at IS NOT NULL) AS trash
         FROM clipping",
        [],
        |r| {
            Ok(Counts {
                library: r.get("library")?,
                books: r.get("books")?,
                trash: r.get("trash")?,
            })
        },
    )?)
}

/// The book of `title` and `author`: its id and note.
pub(crate) fn book(
    tx: &Transaction<'_>,
    title: &str,
    author: Option<&str>,
) -> Result<Option<(i64, String)>> {
    Ok(tx
        .query_row(
            "SELECT id, note FROM clipping WHERE kind = 'book' AND title = ?1 AND author IS ?2
             ORDER BY id LIMIT 1",
            params![title, author],
            |r| Ok((r.get("id")?, r.get("note")?)),
        )
        .optional()?)
}

/// Stores a new book of `title` and `author`, with no text; returns its id.
pub(crate) fn insert_book(
    tx: &Transaction<'_>,
    title: &str,
    author: Option<&str>,
    now: &str,
) -> Result<i64> {
    let body = Body::from_untrusted_html("");
    tx.execute(
        "INSERT INTO clipping (kind, title, author, clipped_at, updated_at, content_hash)
         VALUES ('book', ?1, ?2, ?3, ?3, ?4)",
        params![title, author, now, body.content_hash],
    )?;
    let id = tx.last_insert_rowid();
    insert_version(tx, id, &body, now)?;
    Ok(id)
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
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get("id")?,
                r.get("clipping_id")?,
                r.get("html")?,
                r.get("text")?,
            ))
        })?;
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
        highlights::follow_added_space(tx, clipping_id, version_id, &text, &new_text)?;
        changed_clippings.push(clipping_id);
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

/// Each sort's keys, as the list reads them.
impl Sort {
    /// The sort's key expressions, in order, and whether it runs ascending.
    fn keys(self) -> (&'static [&'static str], bool) {
        match self {
            Sort::Clipped => (&["c.clipped_at", "c.id"], false),
            Sort::Published => (&["coalesce(c.published_at, '')", "c.id"], false),
            Sort::Title => (&["c.title COLLATE NOCASE", "c.id"], true),
            Sort::Author => (
                &[
                    "c.author IS NULL",
                    "coalesce(c.author, '') COLLATE NOCASE",
                    "c.id",
                ],
                true,
            ),
        }
    }

    /// The same keys as [`Sort::keys`], as a tag assignment (`tg`) carries them (V5), and
    /// the sort's index on `clipping_tag`, from which a tag's clippings are read in order.
    /// The index is named in the query: for a small LIMIT over a parent tag's many ids,
    /// SQLite's planner otherwise may pick another sort's index, which is not covering
    /// (11 ms instead of 0.8 for a parent tag on 5,000 clippings).
    fn tag_keys(self) -> (&'static [&'static str], &'static str) {
        match self {
            Sort::Clipped => (
                &["tg.clipped_at", "tg.clipping_id"],
                "clipping_tag_by_clipped",
            ),
            Sort::Published => (
                &["tg.published", "tg.clipping_id"],
                "clipping_tag_by_published",
            ),
            Sort::Title => (&["tg.title", "tg.clipping_id"], "clipping_tag_by_title"),
            Sort::Author => (
                &["tg.no_author", "tg.author", "tg.clipping_id"],
                "clipping_tag_by_author",
            ),
        }
    }
}

/// One page of clippings as `query` asks (see [`crate::list`] for what a list shows).
pub(crate) fn page(conn: &Connection, query: &ListQuery) -> Result<Page> {
    let (keys, ascending) = query.sort.keys();
    let mut filter = Filter::default();
    filter.require(if query.trash {
        "c.deleted_at IS NOT NULL"
    } else {
        "c.deleted_at IS NULL"
    });
    // Each tag stands for itself and the tags beneath it. One of them drives the query
    // (see `driver`); the other tags are checked on each assignment it reads.
    let mut sets: Vec<(Vec<i64>, i64)> = Vec::new();
    for name in &query.tags {
        let ids = Subtree::of(name)?.ids(conn)?;
        if ids.is_empty() {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
        // How many clippings the tags are on: the counters (V6) for the library, a count
        // of the trashed assignments for the trash.
        let uses: i64 = conn.query_row(
            &if query.trash {
                format!(
                    "SELECT count(*) FROM clipping_tag WHERE tag_id IN ({}) AND trashed",
                    id_list(&ids)
                )
            } else {
                format!(
                    "SELECT sum(clipping_uses) FROM tag WHERE id IN ({})",
                    id_list(&ids)
                )
            },
            [],
            |r| r.get(0),
        )?;
        sets.push((ids, uses));
    }
    let limit = query.limit.unwrap_or(PAGE).clamp(1, 1000);
    // The tag assignments carry the trash flag and the sort keys, so with no other filter
    // every assignment read is a row of the page; other filters may leave some out, so
    // four times as many are read first.
    let other_filters = query.with_note
        || query.kind.is_some()
        || query.color.is_some()
        || query.clipped_from.is_some()
        || query.clipped_to.is_some();
    let first_fetch = i64::from(limit + 1) * if other_filters { 4 } else { 1 };
    if let Some(at) = driver(&sets, first_fetch, clipping_id_bound(conn)?) {
        sets.swap(0, at);
    }
    if query.with_note {
        filter.require("c.note <> ''");
    }
    if let Some(kind) = query.kind {
        let p = filter.bind(kind.as_str().to_owned());
        filter.require(format!("c.kind = {p}"));
    }
    if let Some(color) = query.color {
        let p = filter.bind(color.as_str().to_owned());
        filter.require(format!(
            "EXISTS (SELECT 1 FROM highlight h WHERE h.clipping_id = c.id
                     AND h.deleted_at IS NULL AND h.color = {p})"
        ));
    }
    if let Some(from) = &query.clipped_from {
        let p = filter.bind(day(from)?);
        filter.require(format!("c.clipped_at >= {p}"));
    }
    if let Some(to) = &query.clipped_to {
        let p = filter.bind(format!("{}T23:59:59.999Z", day(to)?));
        filter.require(format!("c.clipped_at <= {p}"));
    }
    let cursor_at = match &query.after {
        Some(after) => Some(filter.after(keys, ascending, &Cursor::parse(after, keys.len())?)),
        None => None,
    };
    let direction = if ascending { "ASC" } else { "DESC" };
    let Some((driver, uses)) = sets.first() else {
        return page_rows(conn, "clipping c", &filter, keys, direction, limit);
    };
    // The driving tag's next clippings in order, as many as a page needs (and more when
    // other filters may leave some out); when too few remain, more are read, eight times as
    // many each time, until the page is full or the tag has no more.
    let (tag_keys, tag_index) = query.sort.tag_keys();
    let mut inner = vec![
        format!("tg.tag_id IN ({})", id_list(driver)),
        format!("tg.trashed = {}", i32::from(query.trash)),
    ];
    // The other tags, checked on the assignments too, so that the rows read in order are
    // already the ones the page can show: each joins the clipping's own few assignments
    // (`+` keeps SQLite from probing once per tag of a large subtree). A clipping with two
    // tags of one subtree comes twice; DISTINCT below keeps one.
    let joins: String = sets
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, (ids, _))| {
            format!(
                " CROSS JOIN clipping_tag o{i} ON o{i}.clipping_id = tg.clipping_id
                   AND +o{i}.tag_id IN ({})",
                id_list(ids)
            )
        })
        .collect();
    if let Some(at) = &cursor_at {
        inner.push(format!(
            "({}) {} ({})",
            tag_keys.join(", "),
            if ascending { ">" } else { "<" },
            at.join(", ")
        ));
    }
    let tag_order: Vec<String> = tag_keys
        .iter()
        .map(|k| format!("{k} {direction}"))
        .collect();
    let mut fetch = first_fetch;
    loop {
        let all = fetch >= *uses;
        let from = format!(
            "(SELECT DISTINCT id FROM (SELECT tg.clipping_id AS id FROM clipping_tag tg
               INDEXED BY {tag_index}{joins}
               WHERE {} ORDER BY {} LIMIT {})) AS tagged
             CROSS JOIN clipping c ON c.id = tagged.id",
            inner.join(" AND "),
            tag_order.join(", "),
            if all { -1 } else { fetch }
        );
        let page = page_rows(conn, &from, &filter, keys, direction, limit)?;
        if page.next.is_some() || all {
            return Ok(page);
        }
        fetch *= 8;
    }
}

/// Runs a list query: up to `limit` summaries in the order of `keys`, and the cursor after
/// the last when more follow.
fn page_rows(
    conn: &Connection,
    from: &str,
    filter: &Filter,
    keys: &[&str],
    direction: &str,
    limit: u32,
) -> Result<Page> {
    let order: Vec<String> = keys.iter().map(|k| format!("{k} {direction}")).collect();
    // The page's ids first, then their summaries: a summary counts highlights and gathers
    // tags, which is worth doing for the rows shown, not for every row sorted.
    let sql = format!(
        "SELECT {}, {keys} FROM
           (SELECT c.id AS page_id FROM {from} WHERE {} ORDER BY {order} LIMIT {})
         CROSS JOIN clipping c ON c.id = page_id
         ORDER BY {order}",
        summary_columns(),
        filter.sql(),
        limit + 1,
        keys = keys.join(", "),
        order = order.join(", "),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let columns = Summary::of(&stmt)?;
    let mut rows = stmt.query(params_from_iter(filter.values()))?;
    let mut items = Vec::new();
    let mut last: Option<Cursor> = None;
    while let Some(row) = rows.next()? {
        if items.len() == limit as usize {
            return Ok(Page {
                items,
                next: last.map(|c| c.encode()),
            });
        }
        items.push(summary_from_row(row, &columns)?);
        last = Some(Cursor::at(row, SUMMARY_COLUMNS, keys.len())?);
    }
    Ok(Page { items, next: None })
}

/// A bound on the number of clippings (the highest id; no count of 100,000 rows).
fn clipping_id_bound(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM clipping", [], |r| {
            r.get(0)
        })?,
    )
}

/// Which of the tag sets (each its ids and how many assignments they have) should drive a
/// list query that needs about `fetch` rows, from a library of about `clippings`.
///
/// A set of one tag is read in the sort's order from its index, and the read stops once the
/// page is full: about `fetch` rows divided by the share of them the other tags let through
/// (taken as independent, which tags used together seldom are, so this errs high). A set of
/// several tags (a tag and the tags beneath it) is read whole and sorted. The cheaper wins.
fn driver(sets: &[(Vec<i64>, i64)], fetch: i64, clippings: i64) -> Option<usize> {
    let clippings = clippings.max(1) as f64;
    let cost = |at: usize| -> f64 {
        let (ids, uses) = &sets[at];
        if ids.len() > 1 {
            return *uses as f64;
        }
        let passing: f64 = sets
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != at)
            .map(|(_, (_, uses))| (*uses as f64 / clippings).min(1.0))
            .product();
        (*uses as f64).min(fetch as f64 / passing.max(f64::MIN_POSITIVE))
    };
    (0..sets.len()).min_by(|a, b| cost(*a).total_cmp(&cost(*b)))
}

/// A `YYYY-MM-DD` day, checked.
fn day(s: &str) -> Result<String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Error::InvalidDate(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::driver;

    #[test]
    fn the_driver_is_the_set_that_fills_a_page_for_the_fewest_rows_read() {
        // A tag on 10,000 of 100,000 clippings, read in order, against a parent tag on 5,000
        // (fifty tags, read whole): about 204 / 5% = 4,080 rows against 5,000.
        let one = (vec![1], 10_000);
        let parent = ((1..=50).collect::<Vec<_>>(), 5_000);
        assert_eq!(
            driver(&[parent.clone(), one.clone()], 204, 100_000),
            Some(1)
        );
        // A rare parent is cheaper to read whole.
        let rare_parent = ((1..=50).collect::<Vec<_>>(), 300);
        assert_eq!(driver(&[one.clone(), rare_parent], 204, 100_000), Some(1));
        // Of two single tags, the rarer; of two parents, the smaller.
        assert_eq!(
            driver(&[one.clone(), (vec![2], 800)], 204, 100_000),
            Some(1)
        );
        let small_parent = ((60..=70).collect::<Vec<_>>(), 2_000);
        assert_eq!(driver(&[parent, small_parent], 204, 100_000), Some(1));
        assert_eq!(driver(&[], 204, 100_000), None);
    }
}
