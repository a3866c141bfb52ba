//! What the views share: the conditions a query is built of with the values they bind
//! ([`Filter`]), the tag-subtree match ([`Subtree`]), and the keyset cursor that pages them
//! ([`Cursor`]). The clipping list, the highlights view and search build their SQL from these,
//! so that a filter means the same thing wherever it applies.

use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};

use crate::error::{Error, Result};
use crate::model::{tag_key, valid_tag_name};

/// The conditions of a query (all must hold) and the values they bind, numbered in order.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    conditions: Vec<String>,
    values: Vec<Value>,
}

impl Filter {
    /// Binds `value`; returns its placeholder (`?3`).
    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("?{}", self.values.len())
    }

    /// Adds a condition, which may name placeholders [`Filter::bind`] gave.
    pub(crate) fn require(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }

    /// Whether no condition has been added.
    pub(crate) fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// The conditions joined by `AND` (`1` when there are none).
    pub(crate) fn sql(&self) -> String {
        if self.conditions.is_empty() {
            "1".to_owned()
        } else {
            self.conditions.join(" AND ")
        }
    }

    pub(crate) fn values(&self) -> &[Value] {
        &self.values
    }

    /// Rows whose `keys` come after the cursor's in the order `ascending` says: keyset
    /// paging, a condition the sort's index answers directly.
    pub(crate) fn after(&mut self, keys: &[&str], ascending: bool, cursor: &Cursor) -> Vec<String> {
        let placeholders: Vec<String> = cursor.0.iter().map(|v| self.bind(v.clone())).collect();
        self.require(format!(
            "({}) {} ({})",
            keys.join(", "),
            if ascending { ">" } else { "<" },
            placeholders.join(", ")
        ));
        placeholders
    }
}

/// A tag and every tag beneath it: the keys from `k/` up to (not including) `k0`, `0` being
/// the character after `/`, a range the index on `tag.key` reads directly.
#[derive(Debug, Clone)]
pub(crate) struct Subtree {
    key: String,
    prefix: String,
}

impl Subtree {
    /// Tag `name` and those beneath it; an empty name is no tag.
    pub(crate) fn of(name: &str) -> Result<Subtree> {
        Ok(Subtree::of_key(tag_key(&valid_tag_name(name)?)))
    }

    /// The subtree of the tag whose key is `key`.
    pub(crate) fn of_key(key: String) -> Subtree {
        let prefix = format!("{key}/");
        Subtree { key, prefix }
    }

    /// The condition that a tag key (`column`, such as `t.key`) is in the subtree, its two
    /// values bound in `filter`.
    pub(crate) fn condition(&self, column: &str, filter: &mut Filter) -> String {
        let key = filter.bind(self.key.clone());
        let prefix = filter.bind(self.prefix.clone());
        Subtree::matching(column, &key, &prefix)
    }

    /// The condition over `column` with the key and the prefix already bound as `key` and
    /// `prefix` (for statements with fixed parameters).
    pub(crate) fn matching(column: &str, key: &str, prefix: &str) -> String {
        format!(
            "({column} = {key} OR ({column} >= {prefix}
              AND {column} < substr({prefix}, 1, length({prefix}) - 1) || '0'))"
        )
    }

    /// The values [`Subtree::matching`]'s placeholders stand for: the key, then the prefix.
    pub(crate) fn params(&self) -> [&str; 2] {
        [&self.key, &self.prefix]
    }

    /// The ids of the tags in the subtree.
    pub(crate) fn ids(&self, conn: &Connection) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id FROM tag WHERE {}",
            Subtree::matching("key", "?1", "?2")
        ))?;
        let ids = stmt.query_map(self.params(), |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}

/// Ids as an SQL list, or inside `[…]` a JSON array (integers only, so nothing to escape).
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Where a page ended: the sort keys of its last row, as a JSON array (what a page's `next`
/// and a query's `after` carry). Opaque to the caller; only a cursor this build made is read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cursor(Vec<Value>);

impl Cursor {
    /// Reads a cursor of `keys` sort keys; anything else is [`Error::InvalidCursor`].
    pub(crate) fn parse(text: &str, keys: usize) -> Result<Cursor> {
        let invalid = || Error::InvalidCursor(text.to_owned());
        let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|_| invalid())?;
        if items.len() != keys {
            return Err(invalid());
        }
        let values = items
            .into_iter()
            .map(|v| match v {
                serde_json::Value::Number(n) => n.as_i64().map(Value::Integer).ok_or_else(invalid),
                serde_json::Value::Bool(b) => Ok(Value::Integer(i64::from(b))),
                serde_json::Value::String(s) => Ok(Value::Text(s)),
                serde_json::Value::Null => Ok(Value::Null),
                _ => Err(invalid()),
            })
            .collect::<Result<_>>()?;
        Ok(Cursor(values))
    }

    /// The cursor after a row whose sort keys are the `count` columns from `first` on.
    pub(crate) fn at(
        row: &rusqlite::Row<'_>,
        first: usize,
        count: usize,
    ) -> rusqlite::Result<Self> {
        let mut keys = Vec::with_capacity(count);
        for i in first..first + count {
            keys.push(match row.get_ref(i)? {
                ValueRef::Integer(n) => Value::Integer(n),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                _ => Value::Null,
            });
        }
        Ok(Cursor(keys))
    }

    /// A cursor of these keys.
    pub(crate) fn of(keys: Vec<Value>) -> Cursor {
        Cursor(keys)
    }

    /// The text a page's `next` carries.
    pub(crate) fn encode(&self) -> String {
        let items: Vec<serde_json::Value> = self
            .0
            .iter()
            .map(|v| match v {
                Value::Integer(n) => serde_json::Value::from(*n),
                Value::Text(t) => serde_json::Value::from(t.as_str()),
                _ => serde_json::Value::Null,
            })
            .collect();
        serde_json::Value::Array(items).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_refuses_what_it_did_not() {
        let text = r#"["2026-01-02T03:04:05.000Z",42]"#;
        let cursor = Cursor::parse(text, 2).unwrap();
        assert_eq!(cursor.encode(), text);
        assert!(Cursor::parse(text, 3).is_err());
        assert!(Cursor::parse("[1.5, 2]", 2).is_err());
        assert!(Cursor::parse("[{}, 2]", 2).is_err());
        assert!(Cursor::parse("not json", 1).is_err());
    }
}
