//! The library's views: pages of clippings, sorted and filtered (by tags, kind, highlight
//! colour and date), paged by cursor (never by offset, so a page costs the same at the end
//! of 100,000 clippings as at the start), and the trash.

use chrono::Utc;
use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::clipping::{ClippingKind, ClippingSummary, SUMMARY, summary_from_row};
use crate::date::format_timestamp;
use crate::error::{Error, Result};
use crate::highlight::Color;
use crate::library::Library;
use crate::tag;

/// How a list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Newest clipped first.
    #[default]
    Clipped,
    /// Newest published first; undated last.
    Published,
    /// By title, A to Z.
    Title,
    /// By author, A to Z; no author last.
    Author,
}

impl std::str::FromStr for Sort {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Sort, String> {
        match s {
            "clipped" => Ok(Sort::Clipped),
            "published" => Ok(Sort::Published),
            "title" => Ok(Sort::Title),
            "author" => Ok(Sort::Author),
            other => Err(format!(
                "{other:?} is not a sort (clipped, published, title or author)"
            )),
        }
    }
}

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

/// What a list shows. Every filter given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ListQuery {
    /// Clippings carrying each of these tags (or a tag beneath it).
    pub tags: Vec<String>,
    pub kind: Option<ClippingKind>,
    /// Clippings with a highlight of this colour.
    pub color: Option<Color>,
    pub sort: Sort,
    /// Clipped on or after this day (`YYYY-MM-DD`).
    pub clipped_from: Option<String>,
    /// Clipped on or before this day (`YYYY-MM-DD`).
    pub clipped_to: Option<String>,
    /// The trash instead of the library.
    pub trash: bool,
    /// Only clippings with a note of their own.
    pub with_note: bool,
    /// Where the previous page ended (its `next`).
    pub after: Option<String>,
    /// At most this many (50 when not given).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub limit: Option<u32>,
}

/// One page of a list, and the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub items: Vec<ClippingSummary>,
    /// Pass as `after` for the next page; `null` at the end.
    pub next: Option<String>,
}

/// How many clippings each section of the sidebar holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub library: u32,
    pub books: u32,
    pub trash: u32,
}

/// The default page size.
pub const PAGE: u32 = 50;

/// Ids as an SQL list, or inside `[…]` a JSON array (integers only, so nothing to escape).
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Library {
    /// One page of clippings.
    pub fn list(&self, query: &ListQuery) -> Result<Page> {
        let (keys, ascending) = query.sort.keys();
        let mut conditions: Vec<String> = vec![if query.trash {
            "c.deleted_at IS NOT NULL".to_owned()
        } else {
            "c.deleted_at IS NULL".to_owned()
        }];
        let mut values: Vec<Value> = Vec::new();
        let bind = |value: Value, values: &mut Vec<Value>| {
            values.push(value);
            format!("?{}", values.len())
        };
        // Each tag stands for itself and the tags beneath it. One of them drives the query
        // (see `driver`); the other tags are checked on each assignment it reads.
        let mut sets: Vec<(Vec<i64>, i64)> = Vec::new();
        for name in &query.tags {
            let ids = self.tag_subtree_ids(name)?;
            if ids.is_empty() {
                return Ok(Page {
                    items: Vec::new(),
                    next: None,
                });
            }
            // How many clippings the tags are on: the counters (V6) for the library, a
            // count of the trashed assignments for the trash.
            let uses: i64 = self.conn.query_row(
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
        // The tag assignments carry the trash flag and the sort keys, so with no other
        // filter every assignment read is a row of the page; other filters may leave some
        // out, so four times as many are read first.
        let other_filters = query.with_note
            || query.kind.is_some()
            || query.color.is_some()
            || query.clipped_from.is_some()
            || query.clipped_to.is_some();
        let first_fetch = i64::from(limit + 1) * if other_filters { 4 } else { 1 };
        if let Some(at) = driver(&sets, first_fetch, self.clipping_id_bound()?) {
            sets.swap(0, at);
        }
        if query.with_note {
            conditions.push("c.note <> ''".to_owned());
        }
        if let Some(kind) = query.kind {
            let p = bind(Value::Text(kind.as_str().to_owned()), &mut values);
            conditions.push(format!("c.kind = {p}"));
        }
        if let Some(color) = query.color {
            let p = bind(Value::Text(color.as_str().to_owned()), &mut values);
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM highlight h WHERE h.clipping_id = c.id
                         AND h.deleted_at IS NULL AND h.color = {p})"
            ));
        }
        if let Some(from) = &query.clipped_from {
            let p = bind(Value::Text(day(from)?), &mut values);
            conditions.push(format!("c.clipped_at >= {p}"));
        }
        if let Some(to) = &query.clipped_to {
            let p = bind(
                Value::Text(format!("{}T23:59:59.999Z", day(to)?)),
                &mut values,
            );
            conditions.push(format!("c.clipped_at <= {p}"));
        }
        let mut cursor_at: Option<Vec<String>> = None;
        if let Some(after) = &query.after {
            let cursor: Vec<serde_json::Value> = serde_json::from_str(after)
                .ok()
                .filter(|c: &Vec<serde_json::Value>| c.len() == keys.len())
                .ok_or_else(|| Error::InvalidCursor(after.clone()))?;
            let placeholders: Vec<String> = cursor
                .into_iter()
                .map(|v| {
                    let value = match v {
                        serde_json::Value::Number(n) => Value::Integer(n.as_i64().unwrap_or(0)),
                        serde_json::Value::Bool(b) => Value::Integer(i64::from(b)),
                        serde_json::Value::String(s) => Value::Text(s),
                        _ => Value::Null,
                    };
                    bind(value, &mut values)
                })
                .collect();
            conditions.push(format!(
                "({}) {} ({})",
                keys.join(", "),
                if ascending { ">" } else { "<" },
                placeholders.join(", ")
            ));
            cursor_at = Some(placeholders);
        }
        let direction = if ascending { "ASC" } else { "DESC" };
        let Some((driver, uses)) = sets.first() else {
            let (items, last_keys, more) =
                self.page_rows("clipping c", &conditions, keys, direction, limit, &values)?;
            return Ok(page(items, last_keys, more));
        };
        // The driving tag's next clippings in order, as many as a page needs (and more when
        // other filters may leave some out); when too few remain, more are read, eight times
        // as many each time, until the page is full or the tag has no more.
        let (tag_keys, tag_index) = query.sort.tag_keys();
        let mut inner = vec![
            format!("tg.tag_id IN ({})", id_list(driver)),
            format!("tg.trashed = {}", i32::from(query.trash)),
        ];
        // The other tags, checked on the assignments too, so that the rows read in order are
        // already the ones the page can show: each joins the clipping's own few assignments
        // (`+` keeps SQLite from probing once per tag of a large subtree). A clipping with
        // two tags of one subtree comes twice; DISTINCT below keeps one.
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
            let (items, last_keys, more) =
                self.page_rows(&from, &conditions, keys, direction, limit, &values)?;
            if more || all {
                return Ok(page(items, last_keys, more));
            }
            fetch *= 8;
        }
    }

    /// Runs a list query: up to `limit` summaries in the order of `keys`, the keys of the
    /// last, and whether more follow.
    fn page_rows(
        &self,
        from: &str,
        conditions: &[String],
        keys: &[&str],
        direction: &str,
        limit: u32,
        values: &[Value],
    ) -> Result<(Vec<ClippingSummary>, Option<Vec<serde_json::Value>>, bool)> {
        let order: Vec<String> = keys.iter().map(|k| format!("{k} {direction}")).collect();
        let key_count = keys.len();
        // The page's ids first, then their summaries: a summary counts highlights and
        // gathers tags, which is worth doing for the rows shown, not for every row sorted.
        let sql = format!(
            "SELECT {SUMMARY}, {keys} FROM
               (SELECT c.id AS page_id FROM {from} WHERE {} ORDER BY {order} LIMIT {})
             CROSS JOIN clipping c ON c.id = page_id
             ORDER BY {order}",
            conditions.join(" AND "),
            limit + 1,
            keys = keys.join(", "),
            order = order.join(", "),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut items = Vec::new();
        let mut last_keys: Option<Vec<serde_json::Value>> = None;
        let mut more = false;
        while let Some(row) = rows.next()? {
            if items.len() == limit as usize {
                more = true;
                break;
            }
            items.push(summary_from_row(row)?);
            let mut cursor = Vec::with_capacity(key_count);
            for i in 0..key_count {
                cursor.push(match row.get_ref(11 + i)? {
                    rusqlite::types::ValueRef::Integer(n) => serde_json::Value::from(n),
                    rusqlite::types::ValueRef::Text(t) => {
                        serde_json::Value::from(String::from_utf8_lossy(t).into_owned())
                    }
                    _ => serde_json::Value::Null,
                });
            }
            last_keys = Some(cursor);
        }
        Ok((items, last_keys, more))
    }

    /// How many clippings the library, its books and the trash hold.
    pub fn counts(&self) -> Result<Counts> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE deleted_at IS NULL),
                    count(*) FILTER (WHERE deleted_at IS NULL AND kind = 'book'),
                    count(*) FILTER (WHERE deleted_at IS NOT NULL)
             FROM clipping",
            [],
            |r| {
                Ok(Counts {
                    library: r.get(0)?,
                    books: r.get(1)?,
                    trash: r.get(2)?,
                })
            },
        )?)
    }

    /// A bound on the number of clippings (the highest id; no count of 100,000 rows).
    fn clipping_id_bound(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM clipping", [], |r| {
                r.get(0)
            })?)
    }

    /// The ids of tag `name` and the tags beneath it.
    fn tag_subtree_ids(&self, name: &str) -> Result<Vec<i64>> {
        let (k, prefix) = tag::under_params(name)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM tag WHERE key = ?1 OR (key >= ?2 AND key < substr(?2, 1, length(?2) - 1) || '0')",
        )?;
        let ids = stmt.query_map(rusqlite::params![k, prefix], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves a clipping to the trash, with its highlights and notes.
    pub fn trash_clipping(&mut self, id: i64) -> Result<()> {
        self.set_trashed(id, true)
    }

    /// Brings a clipping back from the trash.
    pub fn restore_clipping(&mut self, id: i64) -> Result<()> {
        self.set_trashed(id, false)
    }

    /// Moves a clipping to the trash (`trashed`) or back.
    pub fn set_trashed(&mut self, id: i64, trashed: bool) -> Result<()> {
        let now = format_timestamp(Utc::now());
        self.write(|tx| {
            crate::clipping::require(tx, id)?;
            tx.execute(
                "UPDATE clipping SET deleted_at = CASE WHEN ?2 THEN ?3 END WHERE id = ?1",
                rusqlite::params![id, trashed, now],
            )?;
            Ok(())
        })
    }

    /// Deletes everything in the trash for good; returns how many clippings went.
    pub fn empty_trash(&mut self) -> Result<usize> {
        self.write(|tx| {
            // The search index follows by its triggers, for the highlights too.
            let gone = tx.execute("DELETE FROM clipping WHERE deleted_at IS NOT NULL", [])?;
            // Images no clipping shows any more.
            tx.execute(
                "DELETE FROM image WHERE hash NOT IN (SELECT hash FROM clipping_image)",
                [],
            )?;
            Ok(gone)
        })
    }
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

/// A page of `items`; the cursor of the next is the keys of the last, when more follow.
fn page(
    items: Vec<ClippingSummary>,
    last_keys: Option<Vec<serde_json::Value>>,
    more: bool,
) -> Page {
    let next = if more {
        last_keys.map(|k| serde_json::Value::Array(k).to_string())
    } else {
        None
    };
    Page { items, next }
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
