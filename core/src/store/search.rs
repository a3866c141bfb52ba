//! The full-text index: `clipping_search` and `highlight_search` (FTS5, contentless), kept
//! current from `search_pending`, which triggers fill on every change (schema version 9).

use rusqlite::Transaction;

use crate::error::Result;

/// Brings the search index up to date with what `search_pending` says changed, in rowid
/// order, and empties it (see `V9_SQL` in [`super::schema`]). Every write runs it before it commits; so does the
/// migration to version 9, which indexes the whole library this way.
pub(crate) fn index_pending(tx: &Transaction<'_>) -> Result<()> {
    let pending: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM search_pending)", [], |r| {
        r.get(0)
    })?;
    if !pending {
        return Ok(());
    }
    tx.execute_batch(
        "DELETE FROM clipping_search WHERE rowid IN
           (SELECT id FROM search_pending WHERE kind = 'clipping' AND NOT new);
         INSERT INTO clipping_search (rowid, title, author, site_name, text, note)
         SELECT c.id, c.title, coalesce(c.author, ''), coalesce(c.site_name, ''),
                coalesce((SELECT v.text FROM clipping_version v WHERE v.clipping_id = c.id
                          ORDER BY v.id DESC LIMIT 1), ''),
                c.note
         FROM search_pending p JOIN clipping c ON c.id = p.id
         WHERE p.kind = 'clipping' ORDER BY c.id;
         DELETE FROM highlight_search WHERE rowid IN
           (SELECT id FROM search_pending WHERE kind = 'highlight' AND NOT new);
         INSERT INTO highlight_search (rowid, exact, note)
         SELECT h.id, h.exact, h.note
         FROM search_pending p JOIN highlight h ON h.id = p.id
         WHERE p.kind = 'highlight' ORDER BY h.id;
         DELETE FROM search_pending;",
    )?;
    Ok(())
}
