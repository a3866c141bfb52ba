//! Kobo's `KoboReader.sqlite` (in the reader's `.kobo` folder): its `Bookmark` table, joined
//! to `content` for each book's title and author, holds the highlights and notes. Read
//! through a read-only connection (the file is never written), stored as books the way a
//! Readwise file is: importing again adds nothing.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::import::kindle::Warning;
use crate::import::readwise::{ReadwiseFile, Row};
use crate::model::Color;

/// Whether the SQLite file at `path` is Kobo's: it has the `Bookmark` and `content` tables.
pub fn is_kobo(path: &Path) -> bool {
    open(path).is_ok_and(|conn| {
        conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'
               AND name IN ('Bookmark', 'content')",
            [],
            |r| r.get::<_, i64>(0),
        )
        .is_ok_and(|n| n == 2)
    })
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    Ok(conn)
}

/// Kobo's highlight colours (newer firmware), by number.
fn color(n: Option<i64>) -> Color {
    match n {
        Some(1) => Color::Pink,
        Some(2) => Color::Blue,
        Some(3) => Color::Green,
        _ => Color::Yellow,
    }
}

pub fn parse(path: &Path) -> Result<ReadwiseFile> {
    let failed = |e: rusqlite::Error| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line: 0,
        message: format!("its Bookmark table cannot be read: {e}"),
    };
    let conn = open(path).map_err(failed)?;
    let has_color: bool = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('Bookmark') WHERE name = 'Color'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(failed)?
        > 0;
    let sql = format!(
        "SELECT b.Text, b.Annotation, b.DateCreated, {}, c.Title, c.Attribution
         FROM Bookmark b JOIN content c ON c.ContentID = b.VolumeID
         WHERE coalesce(b.Hidden, 'false') NOT IN ('true', '1')
         ORDER BY b.VolumeID, b.DateCreated, b.BookmarkID",
        if has_color { "b.Color" } else { "NULL" }
    );
    let mut stmt = conn.prepare(&sql).map_err(failed)?;
    let mut rows = stmt.query([]).map_err(failed)?;
    let mut file = ReadwiseFile::default();
    let mut entry = 0;
    while let Some(row) = rows.next().map_err(failed)? {
        entry += 1;
        let text: Option<String> = row.get(0).map_err(failed)?;
        let note: Option<String> = row.get(1).map_err(failed)?;
        let title: Option<String> = row.get(4).map_err(failed)?;
        let text = text.map(|t| t.trim().to_owned()).unwrap_or_default();
        let Some(title) = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) else {
            file.warnings.push(Warning {
                entry,
                line: 0,
                message: format!("bookmark {entry} skipped: its book has no title"),
            });
            continue;
        };
        if text.is_empty() {
            // A bookmark (dog-ear) marks a place, with no words to keep.
            continue;
        }
        let created: Option<String> = row.get(2).map_err(failed)?;
        file.rows.push(Row {
            line: entry,
            title,
            author: row
                .get::<_, Option<String>>(5)
                .map_err(failed)?
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
            text,
            note: note.unwrap_or_default().trim().to_owned(),
            color: color(row.get(3).map_err(failed)?),
            tags: Vec::new(),
            location: None,
            page: None,
            highlighted_at: created.as_deref().and_then(|c| {
                crate::date::parse_timestamp(c).or_else(|| {
                    chrono::NaiveDateTime::parse_from_str(c, "%Y-%m-%dT%H:%M:%S%.f")
                        .ok()
                        .map(|t| t.and_utc())
                })
            }),
            document_tags: Vec::new(),
        });
    }
    Ok(file)
}
