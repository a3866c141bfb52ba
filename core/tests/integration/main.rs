//! Integration tests of commonplace-core, one module per module of `src/`, all through a
//! real library (in memory or in a temporary file) opened by the real migrations.
#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

mod anchor;
mod annotations;
mod backup;
mod book;
mod clipping;
mod export;
mod highlight;
mod import;
mod kobo;
mod layers;
mod library;
mod library_json;
mod log;
mod omnivore;
mod readwise;
mod safety;
mod search;
mod views;
mod web;

use std::path::PathBuf;

use commonplace_core::Library;

/// A fresh library in memory, through the same migrations as a file.
fn library() -> Library {
    Library::open_in_memory().expect("an in-memory library opens")
}

/// A fixture shared by every test suite of the project (core, CLI and end-to-end).
fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(relative)
}
