//! Storage of tags: `tag` (a name, and the key that makes two spellings one tag),
//! `clipping_tag` and `highlight_tag`, and the counters triggers keep on each tag (V6).

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use crate::error::Result;
use crate::model::{TagCount, TagState, normalize_tag_name, tag_key as key, valid_tag_name};
use crate::store::filter::{Subtree, id_list};

/// The id of the tag named `name` (normalized), creating it if it is new: with this
/// spelling, except for the levels that tags already spell (`Politics` makes
/// `politics/europe` `Politics/europe`, and `Politics/europe` makes `politics` `Politics`).
pub(crate) fn ensure(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let levels: Vec<&str> = name.split('/').collect();
    let mut spelled: Vec<String> = Vec::with_capacity(levels.len());
    for depth in 1..=levels.len() {
        let within = Subtree::of_key(key(&levels[..depth].join("/")));
        let existing: Option<String> = tx
            .query_row(
                &format!(
                    "SELECT name FROM tag WHERE {} LIMIT 1",
                    Subtree::matching("key", "?1", "?2")
                ),
                within.params(),
                |r| r.get("name"),
            )
            .optional()?;
        spelled.push(match existing {
            Some(existing) => existing
                .split('/')
                .nth(depth - 1)
                .unwrap_or(levels[depth - 1])
                .to_owned(),
            None => levels[depth - 1].to_owned(),
        });
    }
    let name = spelled.join("/");
    tx.execute(
        "INSERT INTO tag (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![name, key(&name)],
    )?;
    Ok(
        tx.query_row("SELECT id FROM tag WHERE key = ?1", [key(&name)], |r| {
            r.get("id")
        })?,
    )
}

/// Puts each of `names` on a clipping; names already there and empty names are skipped.
/// Returns how many tags the clipping gained.
pub(crate) fn add_to_clipping(
    tx: &Transaction<'_>,
    clipping_id: i64,
    names: &[String],
) -> Result<usize> {
    let mut added = 0;
    for name in names.iter().filter_map(|n| normalize_tag_name(n)) {
        let tag_id = ensure(tx, &name)?;
        added += tx.execute(
            "INSERT OR IGNORE INTO clipping_tag (clipping_id, tag_id) VALUES (?1, ?2)",
            params![clipping_id, tag_id],
        )?;
    }
    Ok(added)
}

/// Takes the tag whose name is `normalized` off a clipping.
pub(crate) fn remove_from_clipping(
    tx: &Transaction<'_>,
    clipping_id: i64,
    normalized: &str,
) -> Result<()> {
    tx.execute(
        "DELETE FROM clipping_tag WHERE clipping_id = ?1
           AND tag_id = (SELECT id FROM tag WHERE key = ?2)",
        params![clipping_id, key(normalized)],
    )?;
    Ok(())
}

/// Puts tag `name` on highlight `highlight_id`, which the caller made sure exists.
pub(crate) fn add_to_highlight(tx: &Transaction<'_>, highlight_id: i64, name: &str) -> Result<()> {
    let normalized = valid_tag_name(name)?;
    let tag_id = ensure(tx, &normalized)?;
    tx.execute(
        "INSERT OR IGNORE INTO highlight_tag (highlight_id, tag_id) VALUES (?1, ?2)",
        params![highlight_id, tag_id],
    )?;
    Ok(())
}

/// Takes tag `name` off a highlight, inside `tx`.
pub(crate) fn remove_from_highlight(
    tx: &Transaction<'_>,
    highlight_id: i64,
    name: &str,
) -> Result<()> {
    let normalized = valid_tag_name(name)?;
    tx.execute(
        "DELETE FROM highlight_tag WHERE highlight_id = ?1
           AND tag_id = (SELECT id FROM tag WHERE key = ?2)",
        params![highlight_id, key(&normalized)],
    )?;
    Ok(())
}

/// The names of a clipping's tags, in alphabetical order.
pub(crate) fn of_clipping(conn: &Connection, clipping_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name AS name FROM clipping_tag ct JOIN tag t ON t.id = ct.tag_id
         WHERE ct.clipping_id = ?1 ORDER BY t.key",
    )?;
    let names = stmt.query_map([clipping_id], |r| r.get("name"))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// The SQL of a row's tag names, joined by U+001F, for a list query's column: `owner` is
/// `clipping` or `highlight`, `id` the owner's id column (`c.id`).
pub(crate) fn names_column(owner: &str, id: &str) -> String {
    format!(
        "(SELECT group_concat(t.name, char(31) ORDER BY t.key)
          FROM {owner}_tag ot JOIN tag t ON t.id = ot.tag_id WHERE ot.{owner}_id = {id})"
    )
}

/// Tag names as [`names_column`] gives them: joined by U+001F, or NULL for none.
pub(crate) fn split_names(joined: Option<String>) -> Vec<String> {
    joined
        .map(|j| j.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Every tag with its counters, in name order (a parent before its children).
pub(crate) fn counts(conn: &Connection) -> Result<Vec<TagCount>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, clipping_uses, highlight_uses FROM tag ORDER BY key")?;
    let rows = stmt.query_map([], |r: &Row<'_>| {
        Ok(TagCount {
            name: r.get("name")?,
            clipping_count: r.get("clipping_uses")?,
            highlight_count: r.get("highlight_uses")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Tag `tag_id` as it is now: its name and what carries it.
pub(crate) fn state_of(tx: &Transaction<'_>, tag_id: i64, name: String) -> Result<TagState> {
    let ids = |sql: &str| -> Result<Vec<i64>> {
        let mut stmt = tx.prepare_cached(sql)?;
        let rows = stmt.query_map([tag_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(TagState {
        id: tag_id,
        name,
        clippings: ids("SELECT clipping_id FROM clipping_tag WHERE tag_id = ?1 ORDER BY 1")?,
        highlights: ids("SELECT highlight_id FROM highlight_tag WHERE tag_id = ?1 ORDER BY 1")?,
    })
}

/// How many clippings and highlights carry tag `tag_id`.
pub(crate) fn uses(tx: &Transaction<'_>, tag_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT clipping_uses + highlight_uses AS uses FROM tag WHERE id = ?1",
        [tag_id],
        |r| r.get("uses"),
    )?)
}

/// A stored tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredTag {
    pub id: i64,
    pub name: String,
    pub key: String,
}

fn stored(r: &Row<'_>) -> rusqlite::Result<StoredTag> {
    Ok(StoredTag {
        id: r.get("id")?,
        name: r.get("name")?,
        key: r.get("key")?,
    })
}

/// Every tag whose key is `k` or beneath it, in key order.
pub(crate) fn subtree(tx: &Transaction<'_>, k: &str) -> Result<Vec<StoredTag>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT id, name, key FROM tag WHERE {} ORDER BY key",
        Subtree::matching("key", "?1", "?2")
    ))?;
    let rows = stmt.query_map(Subtree::of_key(k.to_owned()).params(), stored)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tag whose key is `k`.
pub(crate) fn by_key(tx: &Transaction<'_>, k: &str) -> Result<Option<StoredTag>> {
    Ok(tx
        .query_row("SELECT id, name, key FROM tag WHERE key = ?1", [k], stored)
        .optional()?)
}

/// Gives tag `id` the name `name` and its key `key`; whether the tag exists.
pub(crate) fn rename(tx: &Transaction<'_>, id: i64, name: &str, key: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE tag SET name = ?2, key = ?3 WHERE id = ?1",
        params![id, name, key],
    )? > 0)
}

/// Gives tag `id` a key no name can have, keeping its name, so that another tag can take
/// its key; whether the tag exists.
pub(crate) fn step_aside(tx: &Transaction<'_>, id: i64) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE tag SET key = ?2 WHERE id = ?1",
        params![id, format!("\u{0}{id}")],
    )? > 0)
}

/// Moves what carries tag `from` to tag `into` (what carries both keeps `into`), then
/// deletes `from`.
pub(crate) fn merge(tx: &Transaction<'_>, from: i64, into: i64) -> Result<()> {
    for table in ["clipping_tag", "highlight_tag"] {
        tx.execute(
            &format!("UPDATE OR IGNORE {table} SET tag_id = ?2 WHERE tag_id = ?1"),
            params![from, into],
        )?;
        tx.execute(&format!("DELETE FROM {table} WHERE tag_id = ?1"), [from])?;
    }
    delete(tx, from)
}

/// Deletes tag `id` from everything that carries it.
pub(crate) fn delete(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.execute("DELETE FROM tag WHERE id = ?1", [id])?;
    Ok(())
}

/// Deletes the tag whose key is `k`, if there is one.
pub(crate) fn delete_by_key(tx: &Transaction<'_>, k: &str) -> Result<()> {
    tx.execute("DELETE FROM tag WHERE key = ?1", [k])?;
    Ok(())
}

/// Makes a tag named `name`, with id `id` when it is free; returns its id.
pub(crate) fn insert_with_id(tx: &Transaction<'_>, id: i64, name: &str) -> Result<i64> {
    Ok(tx.query_row(
        "INSERT INTO tag (id, name, key)
         VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM tag WHERE id = ?1)
                  THEN NULL ELSE ?1 END), ?2, ?3)
         RETURNING id",
        params![id, name, key(name)],
        |r| r.get("id"),
    )?)
}

/// Which rows carry a tag: clippings or highlights.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Carrier {
    Clipping,
    Highlight,
}

/// Makes `ids` (of rows that still exist) exactly what of `carrier` carries tag `tag_id`:
/// set-wise, so that an undo costs what differs, not what the tag carries.
pub(crate) fn set_carriers(
    tx: &Transaction<'_>,
    carrier: Carrier,
    tag_id: i64,
    ids: &[i64],
) -> Result<()> {
    let owner = match carrier {
        Carrier::Clipping => "clipping",
        Carrier::Highlight => "highlight",
    };
    let ids = format!("[{}]", id_list(ids));
    tx.execute(
        &format!(
            "DELETE FROM {owner}_tag WHERE tag_id = ?1
               AND {owner}_id NOT IN (SELECT value FROM json_each(?2))"
        ),
        params![tag_id, ids],
    )?;
    tx.execute(
        &format!(
            "INSERT OR IGNORE INTO {owner}_tag ({owner}_id, tag_id)
             SELECT o.id, ?1 FROM json_each(?2) AS j JOIN {owner} AS o ON o.id = j.value"
        ),
        params![tag_id, ids],
    )?;
    Ok(())
}
