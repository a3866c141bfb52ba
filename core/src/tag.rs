//! Tags: the queries over `tag`, `clipping_tag` and `highlight_tag`, and the rule for what
//! makes two tag names the same.

use rusqlite::{Connection, Transaction, params};

use crate::error::Result;

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
fn key(normalized: &str) -> String {
    normalized.to_lowercase()
}

/// The id of the tag named `name`, creating it (with this spelling) if it is new.
fn ensure(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO tag (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![name, key(name)],
    )?;
    Ok(
        tx.query_row("SELECT id FROM tag WHERE key = ?1", [key(name)], |r| {
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
