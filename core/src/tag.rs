//! Tags: the queries over `tag`, `clipping_tag` and `highlight_tag`, and the rule for what
//! makes two tag names the same.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::library::Library;

/// A tag name as stored: trimmed, each `/`-separated level trimmed, empty levels dropped.
/// `None` when nothing is left.
pub fn normalize_name(name: &str) -> Option<String> {
    let levels: Vec<&str> = name
        .split('/')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!levels.is_empty()).then(|| levels.join("/"))
}

/// What makes two names one tag: the same letters, whatever their case.
pub(crate) fn key(normalized: &str) -> String {
    normalized.to_lowercase()
}

/// Puts tag `name` on a highlight, inside `tx`.
pub(crate) fn tag_highlight_in(tx: &Transaction<'_>, highlight_id: i64, name: &str) -> Result<()> {
    let normalized = normalize_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM highlight WHERE id = ?1)",
        [highlight_id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::HighlightNotFound(highlight_id));
    }
    let tag_id = ensure(tx, &normalized)?;
    tx.execute(
        "INSERT OR IGNORE INTO highlight_tag (highlight_id, tag_id) VALUES (?1, ?2)",
        params![highlight_id, tag_id],
    )?;
    Ok(())
}

/// Takes tag `name` off a highlight, inside `tx`.
pub(crate) fn untag_highlight_in(
    tx: &Transaction<'_>,
    highlight_id: i64,
    name: &str,
) -> Result<()> {
    let normalized = normalize_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))?;
    tx.execute(
        "DELETE FROM highlight_tag WHERE highlight_id = ?1
           AND tag_id = (SELECT id FROM tag WHERE key = ?2)",
        params![highlight_id, key(&normalized)],
    )?;
    Ok(())
}

/// The id of the tag named `name`, creating it if it is new: with this spelling, except for
/// the levels that tags already spell (`Politics` makes `politics/europe` `Politics/europe`,
/// and `Politics/europe` makes `politics` `Politics`).
fn ensure(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let levels: Vec<&str> = name.split('/').collect();
    let mut spelled: Vec<String> = Vec::with_capacity(levels.len());
    for depth in 1..=levels.len() {
        let prefix = key(&levels[..depth].join("/"));
        let existing: Option<String> = tx
            .query_row(
                "SELECT name FROM tag WHERE key = ?1 OR (key >= ?2 AND key < substr(?2, 1, length(?2) - 1) || '0') LIMIT 1",
                params![prefix, format!("{prefix}/")],
                |r| r.get(0),
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
            r.get(0)
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
    for name in names.iter().filter_map(|n| normalize_name(n)) {
        let tag_id = ensure(tx, &name)?;
        added += tx.execute(
            "INSERT OR IGNORE INTO clipping_tag (clipping_id, tag_id) VALUES (?1, ?2)",
            params![clipping_id, tag_id],
        )?;
    }
    Ok(added)
}

/// The names of a clipping's tags, in alphabetical order.
pub(crate) fn clipping_tags(conn: &Connection, clipping_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM clipping_tag ct JOIN tag t ON t.id = ct.tag_id
         WHERE ct.clipping_id = ?1 ORDER BY t.key",
    )?;
    let names = stmt.query_map([clipping_id], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// Tag names as the list queries give them: joined by U+001F (`char(31)`), or NULL for none.
pub(crate) fn split_names(joined: Option<String>) -> Vec<String> {
    joined
        .map(|j| j.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// A tag and how many clippings (not in the trash) and highlights carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clipping_count: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub highlight_count: i64,
}

/// What a rename, merge or delete changed, so that it can be undone: every tag it touched as
/// it was before, and the tags it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagChange {
    pub before: Vec<TagState>,
    pub created: Vec<String>,
}

/// One tag and what carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagState {
    /// The tag's id then: an undo finds a renamed or merged tag by it and puts it back as it
    /// was, moving only what the change moved.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub clippings: Vec<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub highlights: Vec<i64>,
}

/// The key of tag `name`, and that key with a `/`: what matches the tag and those beneath it.
/// Queries match the tags beneath as the keys from `k/` up to (not including) `k0`, the
/// character after `/`: a range the index on `tag.key` reads directly.
pub(crate) fn under_params(name: &str) -> Result<(String, String)> {
    let normalized = normalize_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))?;
    let k = key(&normalized);
    Ok((k.clone(), format!("{k}/")))
}

fn state_of(tx: &Transaction<'_>, tag_id: i64, name: String) -> Result<TagState> {
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
fn uses(tx: &Transaction<'_>, tag_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT clipping_uses + highlight_uses FROM tag WHERE id = ?1",
        [tag_id],
        |r| r.get(0),
    )?)
}

/// Every tag whose key is `k` or beneath it: (id, name, key).
fn subtree(tx: &Transaction<'_>, k: &str) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, name, key FROM tag WHERE key = ?1 OR (key >= ?2 AND key < substr(?2, 1, length(?2) - 1) || '0')
         ORDER BY key",
    )?;
    let rows = stmt.query_map(params![k, format!("{k}/")], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Library {
    /// Every tag with its counts, in name order (a parent before its children): each tag's
    /// counters of what shows it (V6, kept by triggers), not a count of every assignment.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, clipping_uses, highlight_uses FROM tag ORDER BY key")?;
        let rows = stmt.query_map([], |r| {
            Ok(TagCount {
                name: r.get(0)?,
                clipping_count: r.get(1)?,
                highlight_count: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts tag `name` on a clipping; returns the clipping's tags.
    pub fn tag_clipping(&mut self, clipping_id: i64, name: &str) -> Result<Vec<String>> {
        let normalized = normalize_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))?;
        self.write(|tx| {
            crate::clipping::require(tx, clipping_id)?;
            add_to_clipping(tx, clipping_id, &[normalized])?;
            Ok(())
        })?;
        clipping_tags(&self.conn, clipping_id)
    }

    /// Takes tag `name` off a clipping; returns the clipping's tags.
    pub fn untag_clipping(&mut self, clipping_id: i64, name: &str) -> Result<Vec<String>> {
        let normalized = normalize_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))?;
        self.write(|tx| {
            crate::clipping::require(tx, clipping_id)?;
            tx.execute(
                "DELETE FROM clipping_tag WHERE clipping_id = ?1
                   AND tag_id = (SELECT id FROM tag WHERE key = ?2)",
                params![clipping_id, key(&normalized)],
            )?;
            Ok(())
        })?;
        clipping_tags(&self.conn, clipping_id)
    }

    /// Puts tag `name` on a clipping (`on`) or takes it off; returns the clipping's tags.
    pub fn set_clipping_tag(
        &mut self,
        clipping_id: i64,
        name: &str,
        on: bool,
    ) -> Result<Vec<String>> {
        if on {
            self.tag_clipping(clipping_id, name)
        } else {
            self.untag_clipping(clipping_id, name)
        }
    }

    /// Puts tag `name` on a highlight (`on`) or takes it off.
    pub fn set_highlight_tag(&mut self, highlight_id: i64, name: &str, on: bool) -> Result<()> {
        if on {
            self.tag_highlight(highlight_id, name)
        } else {
            self.untag_highlight(highlight_id, name)
        }
    }

    /// Puts tag `name` on a highlight.
    pub fn tag_highlight(&mut self, highlight_id: i64, name: &str) -> Result<()> {
        self.write(|tx| tag_highlight_in(tx, highlight_id, name))
    }

    /// Takes tag `name` off a highlight.
    pub fn untag_highlight(&mut self, highlight_id: i64, name: &str) -> Result<()> {
        self.write(|tx| untag_highlight_in(tx, highlight_id, name))
    }

    /// Renames tag `old` (and the tags beneath it) to `new`, in one transaction. When `new`
    /// (or a renamed child) already exists, the two are merged.
    pub fn rename_tag(&mut self, old: &str, new: &str) -> Result<TagChange> {
        let old_name = normalize_name(old).ok_or_else(|| Error::InvalidTag(old.to_owned()))?;
        let new_name = normalize_name(new).ok_or_else(|| Error::InvalidTag(new.to_owned()))?;
        let (old_key, new_key) = (key(&old_name), key(&new_name));
        if new_key != old_key && new_key.starts_with(&format!("{old_key}/")) {
            return Err(Error::InvalidTag(format!(
                "{new_name} (a tag cannot move beneath itself)"
            )));
        }
        self.write(|tx| {
            let sources = subtree(tx, &old_key)?;
            if sources.is_empty() {
                return Err(Error::TagNotFound(old_name.clone()));
            }
            // Each source tag, its new name, and the tag that already has that name (which
            // it merges with). What the change touches is these and nothing else.
            let mut moves = Vec::with_capacity(sources.len());
            let mut change = TagChange {
                before: Vec::new(),
                created: Vec::new(),
            };
            for (id, name, source_key) in sources {
                let renamed = format!("{new_name}{}", &name[old_name.len().min(name.len())..]);
                let renamed_key = key(&renamed);
                let existing: Option<(i64, String)> = tx
                    .query_row(
                        "SELECT id, name FROM tag WHERE key = ?1",
                        [&renamed_key],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                for (touched, touched_name) in
                    std::iter::once((id, &name)).chain(existing.iter().map(|(i, n)| (*i, n)))
                {
                    if !change.before.iter().any(|s| s.id == touched) {
                        change
                            .before
                            .push(state_of(tx, touched, touched_name.clone())?);
                    }
                }
                moves.push((id, source_key, renamed, renamed_key, existing));
            }
            for (id, source_key, renamed, renamed_key, existing) in moves {
                match existing {
                    Some((target, target_name)) if target != id => {
                        // Whichever of the two carries less moves into the other (what it
                        // already has stays behind, then goes), so a merge costs what the
                        // smaller tag does. The tag that stays is the target, by name.
                        let (from, into) = if uses(tx, id)? > uses(tx, target)? {
                            (target, id)
                        } else {
                            (id, target)
                        };
                        for table in ["clipping_tag", "highlight_tag"] {
                            tx.execute(
                                &format!(
                                    "UPDATE OR IGNORE {table} SET tag_id = ?2 WHERE tag_id = ?1"
                                ),
                                params![from, into],
                            )?;
                            tx.execute(&format!("DELETE FROM {table} WHERE tag_id = ?1"), [from])?;
                        }
                        tx.execute("DELETE FROM tag WHERE id = ?1", [from])?;
                        if into == id {
                            tx.execute(
                                "UPDATE tag SET name = ?2, key = ?3 WHERE id = ?1",
                                params![id, target_name, renamed_key],
                            )?;
                        }
                    }
                    _ => {
                        tx.execute(
                            "UPDATE tag SET name = ?2, key = ?3 WHERE id = ?1",
                            params![id, renamed, renamed_key],
                        )?;
                        if renamed_key != source_key {
                            change.created.push(renamed.clone());
                        }
                    }
                }
            }
            Ok(change)
        })
    }

    /// Deletes tag `name` and the tags beneath it from everything that carries them.
    pub fn delete_tag(&mut self, name: &str) -> Result<TagChange> {
        let normalized = normalize_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))?;
        self.write(|tx| {
            let doomed = subtree(tx, &key(&normalized))?;
            if doomed.is_empty() {
                return Err(Error::TagNotFound(normalized.clone()));
            }
            let mut change = TagChange {
                before: Vec::new(),
                created: Vec::new(),
            };
            for (id, name, _) in doomed {
                change.before.push(state_of(tx, id, name)?);
                tx.execute("DELETE FROM tag WHERE id = ?1", [id])?;
            }
            Ok(change)
        })
    }

    /// Undoes a rename, merge or delete: every tag it touched is as it was. A tag that still
    /// exists (renamed, or what a merge kept) gets its name back and loses or regains only
    /// the assignments that differ; a tag that went is made again, with its id when free.
    pub fn undo_tag_change(&mut self, change: &TagChange) -> Result<()> {
        self.write(|tx| {
            // First the touched tags that still exist step aside (to a key no name can
            // have), so that what now holds their names can go and they can take them back.
            let mut stepped_aside = Vec::new();
            for state in &change.before {
                let aside = format!("\u{0}{}", state.id);
                if tx.execute(
                    "UPDATE tag SET key = ?2 WHERE id = ?1",
                    params![state.id, aside],
                )? > 0
                {
                    stepped_aside.push(state.id);
                }
            }
            for name in change
                .created
                .iter()
                .chain(change.before.iter().map(|s| &s.name))
            {
                tx.execute("DELETE FROM tag WHERE key = ?1", [key(name)])?;
            }
            for state in &change.before {
                let id = if stepped_aside.contains(&state.id) {
                    tx.execute(
                        "UPDATE tag SET name = ?2, key = ?3 WHERE id = ?1",
                        params![state.id, state.name, key(&state.name)],
                    )?;
                    state.id
                } else {
                    tx.query_row(
                        "INSERT INTO tag (id, name, key)
                         VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM tag WHERE id = ?1)
                                  THEN NULL ELSE ?1 END), ?2, ?3)
                         RETURNING id",
                        params![state.id, state.name, key(&state.name)],
                        |r| r.get(0),
                    )?
                };
                restore_assignments(
                    tx,
                    "clipping_tag",
                    "clipping_id",
                    "clipping",
                    id,
                    &state.clippings,
                )?;
                restore_assignments(
                    tx,
                    "highlight_tag",
                    "highlight_id",
                    "highlight",
                    id,
                    &state.highlights,
                )?;
            }
            Ok(())
        })
    }
}

/// Makes `ids` (of rows of `owner` that still exist) exactly what carries tag `tag_id` in
/// `table`: set-wise, so an undo costs what differs, not what the tag carries.
fn restore_assignments(
    tx: &Transaction<'_>,
    table: &str,
    column: &str,
    owner: &str,
    tag_id: i64,
    ids: &[i64],
) -> Result<()> {
    let ids = format!("[{}]", crate::list::id_list(ids));
    tx.execute(
        &format!(
            "DELETE FROM {table} WHERE tag_id = ?1
               AND {column} NOT IN (SELECT value FROM json_each(?2))"
        ),
        params![tag_id, ids],
    )?;
    tx.execute(
        &format!(
            "INSERT OR IGNORE INTO {table} ({column}, tag_id)
             SELECT o.id, ?1 FROM json_each(?2) AS j JOIN {owner} AS o ON o.id = j.value"
        ),
        params![tag_id, ids],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::normalize_name;

    #[test]
    fn names_are_trimmed_level_by_level() {
        assert_eq!(
            normalize_name("  Politics / Europe/ ").as_deref(),
            Some("Politics/Europe")
        );
        assert_eq!(normalize_name(" / "), None);
    }
}
