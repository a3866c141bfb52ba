//! How the domain's enums are stored: as the lowercase words the schema's `CHECK`s name
//! (`'article'`, `'yellow'`, `'anchored'`), read and written through rusqlite's `FromSql`
//! and `ToSql`, so that a query binds and reads the enum itself and a word the library
//! should never hold fails the read with a message naming it.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::model::{ClippingKind, Color, Status};

/// Stores an enum as the word its `as_str` gives, and reads it back by its `parse`.
macro_rules! stored_as_word {
    ($($kind:ty),*) => {$(
        impl ToSql for $kind {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $kind {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let word = value.as_str()?;
                <$kind>::parse(word).ok_or_else(|| {
                    FromSqlError::Other(
                        format!("“{word}” in the library is no {}", stringify!($kind)).into(),
                    )
                })
            }
        }
    )*};
}

stored_as_word!(ClippingKind, Color, Status);
