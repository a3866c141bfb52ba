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

    /// The same keys as [`Sort::keys`], as a tag assignment (`tg`) carries them (V5), so that
    /// a tag's clippings are read in order from the sort's index on `clipping_tag`.
    fn tag_keys(self) -> &'static [&'static str] {
        match self {
            Sort::Clipped => &["tg.clipped_at", "tg.clipping_id"],
            Sort::Published => &["tg.published", "tg.clipping_id"],
            Sort::Title => &["tg.title", "tg.clipping_id"],
            Sort::Author => &["tg.no_author", "tg.author", "tg.clipping_id"],
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

/// Ids as an SQL list (integers only, so nothing to escape).
fn id_list(ids: &[i64]) -> String {
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
        // Each tag stands for itself and the tags beneath it. The rarest one drives the
        // query: its clippings are read in the sort's order from the tag assignments' index
        // for that sort (which carries the keys), so a page costs what its rows do, however
        // many clippings the tag is on. The other tags are checked on each assignment read.
        let mut sets: Vec<(Vec<i64>, i64)> = Vec::new();
        for name in &query.tags {
            let ids = self.tag_subtree_ids(name)?;
            if ids.is_empty() {
                return Ok(Page {
                    items: Vec::new(),
                    next: None,
                });
            }
            let uses: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM clipping_tag WHERE tag_id IN ({})",
                    id_list(&ids)
                ),
                [],
                |r| r.get(0),
            )?;
            sets.push((ids, uses));
        }
        sets.sort_by_key(|(_, uses)| *uses);
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
        let limit = query.limit.unwrap_or(PAGE).clamp(1, 1000);
        let Some((driver, uses)) = sets.first() else {
            let (items, last_keys, more) =
                self.page_rows("clipping c", &conditions, keys, direction, limit, &values)?;
            return Ok(page(items, last_keys, more));
        };
        // The driving tag's next clippings in order, as many as a page needs and more: the
        // other filters may leave some out, and then more are read, eight times as many
        // each time, until the page is full or the tag has no more.
        let tag_keys = query.sort.tag_keys();
        let mut inner = vec![
            format!("tg.tag_id IN ({})", id_list(driver)),
            format!("tg.trashed = {}", i32::from(query.trash)),
        ];
        for (ids, _) in sets.iter().skip(1) {
            // The other tags, checked on the assignments too, so that the rows read in order
            // are already the ones the page can show.
            inner.push(format!(
                "EXISTS (SELECT 1 FROM clipping_tag o WHERE o.clipping_id = tg.clipping_id
                         AND o.tag_id IN ({}))",
                id_list(ids)
            ));
        }
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
        let mut fetch = i64::from(limit + 1) * 4;
        loop {
            let all = fetch >= *uses;
            let from = format!(
                "(SELECT DISTINCT id FROM (SELECT tg.clipping_id AS id FROM clipping_tag tg
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
        let sql = format!(
            "SELECT {SUMMARY}, {} FROM {from} WHERE {} ORDER BY {} LIMIT {}",
            keys.join(", "),
            conditions.join(" AND "),
            order.join(", "),
            limit + 1
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

    /// The ids of tag `name` and the tags beneath it.
    fn tag_subtree_ids(&self, name: &str) -> Result<Vec<i64>> {
        let (k, prefix) = tag::under_params(name)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM tag WHERE key = ?1 OR substr(key, 1, length(?2)) = ?2",
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
            tx.execute(
                "DELETE FROM clipping_search WHERE rowid IN
                   (SELECT id FROM clipping WHERE deleted_at IS NOT NULL)",
                [],
            )?;
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
