//! The library's views: pages of clippings, sorted and filtered (by tags, kind, highlight
//! colour and date), paged by cursor (never by offset, so a page costs the same at the end
//! of 100,000 clippings as at the start), the sidebar's counts, and the trash. The query
//! plan is [`crate::store::clippings`]'s.

use chrono::Utc;

use crate::date::format_timestamp;
use crate::error::Result;
use crate::model::{ClippingSummary, Counts, ListQuery, Page};
use crate::store::library::Library;
use crate::store::{clippings, images};

impl Library {
    /// One page of clippings.
    pub fn list(&self, query: &ListQuery) -> Result<Page> {
        clippings::page(&self.conn, query)
    }

    /// Every clipping not in the trash, newest clipped first (all of it at once: for
    /// small libraries and tests; views page with [`Library::list`]).
    pub fn list_clippings(&self) -> Result<Vec<ClippingSummary>> {
        clippings::all(&self.conn)
    }

    /// How many clippings the library, its books and the trash hold.
    pub fn counts(&self) -> Result<Counts> {
        clippings::counts(&self.conn)
    }

    /// Moves a clipping to the trash, with its highlights and notes.
    pub fn trash_clipping(&mut self, id: i64) -> Result<()> {
        self.set_trashed(id, true)
    }

    /// Brings a clipping back from the trash.
    pub fn restore_clipping(&mut self, id: i64) -> Result<()> {
        self.set_trashed(id, false)
    }

    /// Moves a clipping to the trash (`trashed`) or back.
    pub fn set_trashed(&mut self, id: i64, trashed: bool) -> Result<()> {
        let now = format_timestamp(Utc::now());
        self.write(|tx| clippings::set_trashed(tx, id, trashed, &now))
    }

    /// Deletes everything in the trash for good; returns how many clippings went.
    pub fn empty_trash(&mut self) -> Result<usize> {
        self.write(|tx| {
            let gone = clippings::delete_trashed(tx)?;
            images::delete_unused(tx)?;
            Ok(gone)
        })
    }
}
