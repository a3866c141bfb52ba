//! Clippings: reading one, and storing what an importer made by the identity rule (the same
//! source is the same clipping, updated; new content keeps the old as an earlier version,
//! and the highlights follow their words). Storage is [`crate::store::clippings`].

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use crate::date::format_timestamp;
use crate::error::Result;
use crate::model::{Clipping, NewClipping, SaveOutcome};
use crate::store::library::Library;
use crate::store::{clippings, highlights, images, tags};

impl Library {
    /// One clipping with its current content (in the trash or not: its `deletedAt` says).
    pub fn clipping(&self, id: i64) -> Result<Clipping> {
        clippings::get(&self.conn, id)
    }

    /// An image by its hash: its type and bytes.
    pub fn image(&self, hash: &str) -> Result<Option<(String, Vec<u8>)>> {
        images::get(&self.conn, hash)
    }

    /// The hashes of a clipping's images (what an export carries with it).
    pub fn clipping_images(&self, clipping_id: i64) -> Result<Vec<String>> {
        images::of_clipping(&self.conn, clipping_id)
    }

    /// Stores `new` in one transaction: a new clipping, or an update of the one that has
    /// the same identity (its source URL when known, else its content hash).
    pub fn save_clipping(&mut self, new: &NewClipping) -> Result<SaveOutcome> {
        let now = Utc::now();
        self.write(|tx| save(tx, new, now))
    }
}

/// The identity rule: the canonical source URL when there is one, else the content.
fn find_same(tx: &Transaction<'_>, new: &NewClipping) -> Result<Option<i64>> {
    match &new.source_url {
        Some(url) => clippings::by_source(tx, url),
        None => clippings::by_content(tx, &new.body.content_hash, new.kind),
    }
}

/// Stores `new` inside `tx` (see [`Library::save_clipping`]).
pub(crate) fn save(
    tx: &Transaction<'_>,
    new: &NewClipping,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let now = format_timestamp(now);
    let Some(id) = find_same(tx, new)? else {
        let id = clippings::insert(tx, new, &now)?;
        images::attach(tx, id, &new.body.images)?;
        tags::add_to_clipping(tx, id, &new.tags)?;
        return Ok(SaveOutcome::Imported(id));
    };
    if clippings::is_trashed(tx, id)? {
        return Ok(SaveOutcome::InTrash(id));
    }
    let (content_same, details_same) = clippings::compare(tx, id, new)?;
    if content_same && details_same {
        // Tags the source gained since (front matter) still reach the clipping; tags the
        // person added stay.
        if tags::add_to_clipping(tx, id, &new.tags)? > 0 {
            clippings::touch(tx, id, &now)?;
            return Ok(SaveOutcome::Updated(id));
        }
        return Ok(SaveOutcome::Unchanged(id));
    }
    clippings::update(tx, id, new, &now)?;
    if !content_same {
        let version = clippings::insert_version(tx, id, &new.body, &now)?;
        images::attach(tx, id, &new.body.images)?;
        highlights::reanchor(tx, id, version, &new.body.text)?;
    }
    tags::add_to_clipping(tx, id, &new.tags)?;
    Ok(SaveOutcome::Updated(id))
}
