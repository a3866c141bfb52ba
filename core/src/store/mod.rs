//! Storage: the library file, its schema, and the SQL for each family of tables. The domain
//! modules above ([`crate::clipping`], [`crate::highlight`], [`crate::tag`], [`crate::list`])
//! keep the rules and call down into these; nothing here decides what a clipping or a
//! highlight is, only how it is read and written. Uses [`crate::model`] for the shapes of
//! rows and the foundation modules (`body`, `anchor`, `date`) for what a migration derives.

/// Declares the columns a row type is read from, by name: `Of::of(&statement)` finds each
/// one's index once per statement, and rows are then read by those indices (looking a name
/// up for every value of 1,000 rows cost a third of reading them).
macro_rules! columns {
    ($(#[$doc:meta])* $name:ident { $($column:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        struct $name {
            $($column: usize),*
        }

        impl $name {
            fn of(statement: &rusqlite::Statement<'_>) -> rusqlite::Result<Self> {
                Ok(Self {
                    $($column: statement.column_index(stringify!($column))?),*
                })
            }
        }
    };
}

pub mod library;
pub mod schema;
mod sql;

pub(crate) mod clippings;
pub(crate) mod filter;
pub(crate) mod highlights;
pub(crate) mod images;
pub(crate) mod search;
pub(crate) mod tags;

/// Whether row `id` of `table` (a table of ours, named in code) exists.
fn exists(conn: &rusqlite::Connection, table: &str, id: i64) -> crate::error::Result<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?)
}

/// Reads back a moment stored as text (RFC 3339). A value nothing could have written (a
/// file changed by hand or by another program) must not make the library unreadable: it
/// reads as no date, and the row and column are logged (never the value's neighbours).
fn stored_time(
    table: &str,
    column: &str,
    id: i64,
    value: &str,
) -> Option<chrono::DateTime<chrono::Utc>> {
    let parsed = crate::date::parse_timestamp(value);
    if parsed.is_none() {
        unreadable_date(table, column, id);
    }
    parsed
}

/// [`stored_time`] for a publication date, stored as a day (`2026-02-11`) or a moment.
fn stored_published(
    table: &str,
    column: &str,
    id: i64,
    value: &str,
) -> Option<crate::date::PublishedAt> {
    use crate::date::PublishedAt;
    let parsed = if value.len() == 10 {
        chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .map(PublishedAt::Date)
    } else {
        crate::date::parse_timestamp(value).map(PublishedAt::DateTime)
    };
    if parsed.is_none() {
        unreadable_date(table, column, id);
    }
    parsed
}

fn unreadable_date(table: &str, column: &str, id: i64) {
    tracing::warn!(
        target: "commonplace::library",
        "{table} {id}: {column} in the library is no date this version reads; read as none"
    );
}
