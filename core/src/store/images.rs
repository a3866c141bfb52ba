//! Storage of images: `image` (each image once, by the SHA-256 of its bytes) and
//! `clipping_image` (which clippings show it).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::Result;
use crate::image::Image;

/// Stores `images` (once each, whoever else has them) and records that clipping `id`
/// has them.
pub(crate) fn attach(tx: &Transaction<'_>, clipping_id: i64, images: &[Image]) -> Result<()> {
    for image in images {
        tx.execute(
            "INSERT OR IGNORE INTO image (hash, mime, bytes) VALUES (?1, ?2, ?3)",
            params![image.hash, image.mime, image.bytes],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO clipping_image (clipping_id, hash) VALUES (?1, ?2)",
            params![clipping_id, image.hash],
        )?;
    }
    Ok(())
}

/// An image by its hash: its type and bytes.
pub(crate) fn get(conn: &Connection, hash: &str) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .query_row(
            "SELECT mime, bytes FROM image WHERE hash = ?1",
            [hash],
            |r| Ok((r.get("mime")?, r.get("bytes")?)),
        )
        .optional()?)
}

/// The hashes of a clipping's images.
pub(crate) fn of_clipping(conn: &Connection, clipping_id: i64) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT hash FROM clipping_image WHERE clipping_id = ?1 ORDER BY hash")?;
    let hashes = statement
        .query_map([clipping_id], |r| r.get("hash"))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(hashes)
}

/// Deletes the images no clipping shows any more.
pub(crate) fn delete_unused(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "DELETE FROM image WHERE hash NOT IN (SELECT hash FROM clipping_image)",
        [],
    )?;
    Ok(())
}
