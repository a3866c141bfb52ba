//! Highlights: the queries over the `highlight` table (schema in migration V1 of
//! [`crate::schema`]). Book highlights from Kindle carry a location instead of positions.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use crate::date::parse_timestamp;
use crate::error::Result;
use crate::library::Library;

/// A highlight as lists show it.
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
    pub color: String,
    /// Where it is in a book: the Kindle location range, else the page (`page 12`).
    pub location: Option<String>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: DateTime<Utc>,
}

impl Library {
    /// Every highlight of one clipping (in reading order), or of the whole library (newest
    /// first); highlights of clippings in the trash are left out.
    pub fn highlights(&self, clipping_id: Option<i64>) -> Result<Vec<Highlight>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.id, h.clipping_id, h.exact, h.note, h.color, h.location, h.created_at
             FROM highlight h JOIN clipping c ON c.id = h.clipping_id
             WHERE h.deleted_at IS NULL AND c.deleted_at IS NULL
               AND (?1 IS NULL OR h.clipping_id = ?1)
             ORDER BY
               CASE WHEN ?1 IS NULL THEN NULL ELSE coalesce(h.start_pos, h.location_start) END,
               h.created_at DESC, h.id DESC",
        )?;
        let rows = stmt.query_map(params![clipping_id], |row| {
            let created: String = row.get(6)?;
            Ok(Highlight {
                id: row.get(0)?,
                clipping_id: row.get(1)?,
                text: row.get(2)?,
                note: row.get(3)?,
                color: row.get(4)?,
                location: row.get(5)?,
                created_at: parse_timestamp(&created).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        6,
                        rusqlite::types::Type::Text,
                        format!("invalid created_at in the library: {created:?}").into(),
                    )
                })?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
