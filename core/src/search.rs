//! Search: one query language for the app and the CLI ([`query`]), run over the full-text
//! index of clippings and highlights that the store keeps current
//! ([`crate::store::search`]).

pub mod query;

pub use query::{Query, SearchSort, parse};
