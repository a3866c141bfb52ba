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
