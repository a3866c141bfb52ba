//! Storage: the library file, its schema, and the SQL for each family of tables. The domain
//! modules above ([`crate::clipping`], [`crate::highlight`], [`crate::tag`], [`crate::list`])
//! keep the rules and call down into these; nothing here decides what a clipping or a
//! highlight is, only how it is read and written. Uses [`crate::model`] for the shapes of
//! rows and the foundation modules (`body`, `anchor`, `date`) for what a migration derives.

pub mod library;
pub mod schema;
mod sql;

pub(crate) mod clippings;
pub(crate) mod filter;
pub(crate) mod highlights;
pub(crate) mod images;
pub(crate) mod search;
pub(crate) mod tags;
