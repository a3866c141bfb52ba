//! The schema and its migrations. Migrations are an ordered list tracked by
//! `PRAGMA user_version` and applied together in one transaction. A shipped migration is
//! never edited: change the schema by appending a new one.

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// Version 1: clippings with their content versions, highlights carrying W3C selectors,
/// tags on clippings and on highlights, and a full-text index.
const V1: &str = r#"
CREATE TABLE clipping (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('article', 'book', 'note')),
    title         TEXT NOT NULL,
    author        TEXT,
    site_name     TEXT,
    -- The canonical URL of the original: what identifies a web clipping across imports.
    source_url    TEXT,
    -- ISO 8601, as precise as the source: a bare date or an RFC 3339 date-time.
    published_at  TEXT,
    clipped_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    -- The person's own Markdown note on the whole clipping.
    note          TEXT NOT NULL DEFAULT '',
    -- Hash of the current version's sanitized HTML: the identity when there is no URL.
    content_hash  TEXT NOT NULL,
    -- Set while the clipping is in the trash.
    deleted_at    TEXT
);
CREATE UNIQUE INDEX clipping_by_source_url ON clipping (source_url) WHERE source_url IS NOT NULL;
CREATE INDEX clipping_by_content_hash ON clipping (content_hash);
CREATE INDEX clipping_by_clipped_at ON clipping (clipped_at DESC, id DESC);

-- Every version of a clipping's content; the one with the highest id is the current one.
-- `text` is exactly the textContent of `html` as the reader renders it: highlight
-- positions are offsets into it.
CREATE TABLE clipping_version (
    id            INTEGER PRIMARY KEY,
    clipping_id   INTEGER NOT NULL REFERENCES clipping (id) ON DELETE CASCADE,
    html          TEXT NOT NULL,
    text          TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX clipping_version_by_clipping ON clipping_version (clipping_id, id);

-- A highlight is a W3C Web Annotation target: a TextQuoteSelector (exact, prefix, suffix)
-- and a TextPositionSelector (start_pos, end_pos, in Unicode code points of the version's
-- text). Book highlights without a body carry a Kindle location instead of positions.
CREATE TABLE highlight (
    id            INTEGER PRIMARY KEY,
    clipping_id   INTEGER NOT NULL REFERENCES clipping (id) ON DELETE CASCADE,
    version_id    INTEGER REFERENCES clipping_version (id) ON DELETE SET NULL,
    exact         TEXT NOT NULL,
    prefix        TEXT NOT NULL DEFAULT '',
    suffix        TEXT NOT NULL DEFAULT '',
    start_pos     INTEGER,
    end_pos       INTEGER,
    status        TEXT NOT NULL DEFAULT 'anchored'
                  CHECK (status IN ('anchored', 'fuzzy', 'orphaned')),
    color         TEXT NOT NULL DEFAULT 'yellow',
    note          TEXT NOT NULL DEFAULT '',
    -- Where a book highlight is, as the person reads it ("1234-1236"; since V7 the
    -- location only), and the Kindle location range and page it came with, which
    -- re-imports match on.
    location      TEXT,
    location_start INTEGER,
    location_end  INTEGER,
    page          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    CHECK ((start_pos IS NULL) = (end_pos IS NULL)),
    CHECK (start_pos IS NULL OR start_pos <= end_pos)
);
CREATE INDEX highlight_by_clipping ON highlight (clipping_id, start_pos);
CREATE INDEX highlight_by_location ON highlight (clipping_id, location_start);
CREATE INDEX highlight_by_created_at ON highlight (created_at DESC, id DESC);

-- Tags: `name` as the person wrote it, `key` its case-folded form that makes it unique.
-- A `/` in a name makes a hierarchy.
CREATE TABLE tag (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    key   TEXT NOT NULL UNIQUE
);
CREATE TABLE clipping_tag (
    clipping_id  INTEGER NOT NULL REFERENCES clipping (id) ON DELETE CASCADE,
    tag_id       INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (clipping_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX clipping_tag_by_tag ON clipping_tag (tag_id, clipping_id);
CREATE TABLE highlight_tag (
    highlight_id INTEGER NOT NULL REFERENCES highlight (id) ON DELETE CASCADE,
    tag_id       INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (highlight_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX highlight_tag_by_tag ON highlight_tag (tag_id, highlight_id);

-- Full-text index over each clipping's current version; rowid = clipping.id.
CREATE VIRTUAL TABLE clipping_search USING fts5 (
    title, author, site_name, text,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

/// Version 2: images, stored once by content and shared by the clippings that show them.
const V2: &str = r#"
CREATE TABLE image (
    id     INTEGER PRIMARY KEY,
    -- SHA-256 of `bytes`: stored HTML refers to an image as `cpimage:<hash>`.
    hash   TEXT NOT NULL UNIQUE,
    mime   TEXT NOT NULL,
    bytes  BLOB NOT NULL
);
CREATE TABLE clipping_image (
    clipping_id  INTEGER NOT NULL REFERENCES clipping (id) ON DELETE CASCADE,
    hash         TEXT NOT NULL REFERENCES image (hash),
    PRIMARY KEY (clipping_id, hash)
) WITHOUT ROWID;
"#;

/// Version 3: a highlight re-anchored to changed words keeps the words it had.
const V3: &str = r#"
ALTER TABLE highlight ADD COLUMN previous_exact TEXT;
"#;

/// Version 4: indexes for the list's sorts (each matching its sort's keys exactly) and the
/// tag filter.
const V4: &str = r#"
CREATE INDEX clipping_by_published ON clipping (coalesce(published_at, '') DESC, id DESC);
CREATE INDEX clipping_by_title ON clipping (title COLLATE NOCASE, id);
CREATE INDEX clipping_by_author
    ON clipping (author IS NULL, coalesce(author, '') COLLATE NOCASE, id);
CREATE INDEX clipping_by_deleted_at ON clipping (deleted_at) WHERE deleted_at IS NOT NULL;
"#;

/// Version 5: each tag assignment carries its clipping's sort keys and whether it is in the
/// trash, kept in step by triggers, so that a page of a tag's clippings in any sort is read
/// in order from a covering index (one per sort), never from the rows of every clipping the
/// tag is on.
const V5: &str = r#"
ALTER TABLE clipping_tag ADD COLUMN trashed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clipping_tag ADD COLUMN clipped_at TEXT NOT NULL DEFAULT '';
ALTER TABLE clipping_tag ADD COLUMN published TEXT NOT NULL DEFAULT '';
ALTER TABLE clipping_tag ADD COLUMN title TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE clipping_tag ADD COLUMN no_author INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clipping_tag ADD COLUMN author TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
UPDATE clipping_tag SET (trashed, clipped_at, published, title, no_author, author) =
    (SELECT c.deleted_at IS NOT NULL, c.clipped_at, coalesce(c.published_at, ''), c.title,
            c.author IS NULL, coalesce(c.author, '')
     FROM clipping c WHERE c.id = clipping_tag.clipping_id);
CREATE INDEX clipping_tag_by_clipped ON clipping_tag (tag_id, trashed, clipped_at, clipping_id);
CREATE INDEX clipping_tag_by_published ON clipping_tag (tag_id, trashed, published, clipping_id);
CREATE INDEX clipping_tag_by_title ON clipping_tag (tag_id, trashed, title, clipping_id);
CREATE INDEX clipping_tag_by_author
    ON clipping_tag (tag_id, trashed, no_author, author, clipping_id);
CREATE TRIGGER clipping_tag_takes_keys AFTER INSERT ON clipping_tag BEGIN
    UPDATE clipping_tag SET (trashed, clipped_at, published, title, no_author, author) =
        (SELECT c.deleted_at IS NOT NULL, c.clipped_at, coalesce(c.published_at, ''), c.title,
                c.author IS NULL, coalesce(c.author, '')
         FROM clipping c WHERE c.id = NEW.clipping_id)
    WHERE clipping_id = NEW.clipping_id AND tag_id = NEW.tag_id;
END;
CREATE TRIGGER clipping_gives_keys
AFTER UPDATE OF deleted_at, clipped_at, published_at, title, author ON clipping BEGIN
    UPDATE clipping_tag SET (trashed, clipped_at, published, title, no_author, author) =
        (NEW.deleted_at IS NOT NULL, NEW.clipped_at, coalesce(NEW.published_at, ''), NEW.title,
         NEW.author IS NULL, coalesce(NEW.author, ''))
    WHERE clipping_id = NEW.id;
END;
"#;

/// Version 6: each tag counts what shows it: its clippings outside the trash and its
/// highlights neither deleted nor in a trashed clipping, kept by triggers, so that the tag
/// tree's counts and a list's choice of which tag drives it read one row per tag instead of
/// every assignment. A highlight's tag assignment carries whether it is hidden (as a
/// clipping's carries `trashed` since V5).
const V6: &str = r#"
ALTER TABLE highlight_tag ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
UPDATE highlight_tag SET hidden = (
    SELECT h.deleted_at IS NOT NULL OR c.deleted_at IS NOT NULL
    FROM highlight h JOIN clipping c ON c.id = h.clipping_id
    WHERE h.id = highlight_tag.highlight_id);
CREATE TRIGGER highlight_tag_takes_hidden AFTER INSERT ON highlight_tag BEGIN
    UPDATE highlight_tag SET hidden = (
        SELECT h.deleted_at IS NOT NULL OR c.deleted_at IS NOT NULL
        FROM highlight h JOIN clipping c ON c.id = h.clipping_id WHERE h.id = NEW.highlight_id)
    WHERE highlight_id = NEW.highlight_id AND tag_id = NEW.tag_id;
END;
CREATE TRIGGER highlight_hides_tags AFTER UPDATE OF deleted_at ON highlight BEGIN
    UPDATE highlight_tag SET hidden = (NEW.deleted_at IS NOT NULL
        OR (SELECT deleted_at IS NOT NULL FROM clipping WHERE id = NEW.clipping_id))
    WHERE highlight_id = NEW.id;
END;
CREATE TRIGGER clipping_hides_highlight_tags AFTER UPDATE OF deleted_at ON clipping BEGIN
    UPDATE highlight_tag SET hidden = (NEW.deleted_at IS NOT NULL
        OR (SELECT deleted_at IS NOT NULL FROM highlight WHERE id = highlight_tag.highlight_id))
    WHERE highlight_id IN (SELECT id FROM highlight WHERE clipping_id = NEW.id);
END;

ALTER TABLE tag ADD COLUMN clipping_uses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tag ADD COLUMN highlight_uses INTEGER NOT NULL DEFAULT 0;
UPDATE tag SET
    clipping_uses = (SELECT count(*) FROM clipping_tag WHERE tag_id = tag.id AND NOT trashed),
    highlight_uses = (SELECT count(*) FROM highlight_tag WHERE tag_id = tag.id AND NOT hidden);
CREATE TRIGGER clipping_tag_counted AFTER INSERT ON clipping_tag WHEN NOT NEW.trashed BEGIN
    UPDATE tag SET clipping_uses = clipping_uses + 1 WHERE id = NEW.tag_id;
END;
CREATE TRIGGER clipping_tag_uncounted AFTER DELETE ON clipping_tag WHEN NOT OLD.trashed BEGIN
    UPDATE tag SET clipping_uses = clipping_uses - 1 WHERE id = OLD.tag_id;
END;
CREATE TRIGGER clipping_tag_recounted AFTER UPDATE OF tag_id, trashed ON clipping_tag
WHEN OLD.tag_id <> NEW.tag_id OR OLD.trashed <> NEW.trashed BEGIN
    UPDATE tag SET clipping_uses = clipping_uses - 1 WHERE id = OLD.tag_id AND NOT OLD.trashed;
    UPDATE tag SET clipping_uses = clipping_uses + 1 WHERE id = NEW.tag_id AND NOT NEW.trashed;
END;
CREATE TRIGGER highlight_tag_counted AFTER INSERT ON highlight_tag WHEN NOT NEW.hidden BEGIN
    UPDATE tag SET highlight_uses = highlight_uses + 1 WHERE id = NEW.tag_id;
END;
CREATE TRIGGER highlight_tag_uncounted AFTER DELETE ON highlight_tag WHEN NOT OLD.hidden BEGIN
    UPDATE tag SET highlight_uses = highlight_uses - 1 WHERE id = OLD.tag_id;
END;
CREATE TRIGGER highlight_tag_recounted AFTER UPDATE OF tag_id, hidden ON highlight_tag
WHEN OLD.tag_id <> NEW.tag_id OR OLD.hidden <> NEW.hidden BEGIN
    UPDATE tag SET highlight_uses = highlight_uses - 1 WHERE id = OLD.tag_id AND NOT OLD.hidden;
    UPDATE tag SET highlight_uses = highlight_uses + 1 WHERE id = NEW.tag_id AND NOT NEW.hidden;
END;
"#;

/// Version 7: a book highlight's page and location are kept apart (`Page 9 · Location
/// 214-215`): `location` holds only the Kindle location, the page is in `page`, where it was
/// before; a highlight with a page only no longer repeats it as `page 12` in `location`.
const V7: &str = r#"
UPDATE highlight SET location = NULL
WHERE location_start IS NULL AND location LIKE 'page %';
"#;

/// Version 8: words never run together in a clipping's text. Bodies stored before carried
/// nothing between touching blocks, cells and list items (`<p>century.</p><p>Simmons</p>`
/// read "century.Simmons"); every stored version gets the white space an import puts there
/// today, its text is derived again, and each highlight keeps its words, moved by the
/// characters added before and inside it (see [`crate::store::clippings::set_blocks_apart`]).
const V8: Migration = Migration::Code(crate::store::clippings::set_blocks_apart);

/// Version 9: the full-text index kept current by triggers, so that no write can leave it
/// behind, and notes in it. `clipping_search` (rowid = the clipping's id) holds each
/// clipping's title, author, site, current text and its own note, trash included (what is
/// shown is search's filter, not the index's); `highlight_search` (rowid = the highlight's
/// id) each highlight's words and note, deleted ones included. Both are contentless: tokens,
/// not a second copy of the library. Triggers note what changed in `search_pending`, and
/// every write brings the index up to date from it before it commits
/// ([`Library::write`](crate::Library)), in rowid order: FTS5 writes its pending terms
/// to disk each time a row comes in below the last one, so rows indexed one by one as they
/// change (a Kindle import updates thousands) would cost a flush and a merge each.
/// `updated_at` of a clipping and of a highlight is set by any change that does not set it
/// itself.
const V9_SQL: &str = r#"
DROP TABLE clipping_search;
CREATE VIRTUAL TABLE clipping_search USING fts5 (
    title, author, site_name, text, note,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE highlight_search USING fts5 (
    exact, note,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_pending (
    kind  TEXT NOT NULL CHECK (kind IN ('clipping', 'highlight')),
    id    INTEGER NOT NULL,
    -- Not in the index yet (made since it was last brought up to date): nothing to remove.
    new   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
INSERT INTO search_pending (kind, id, new) SELECT 'clipping', id, 1 FROM clipping;
INSERT INTO search_pending (kind, id, new) SELECT 'highlight', id, 1 FROM highlight;

-- A row noted as changed stays noted as such when its id is taken again by a new row in
-- the same write (ids of deleted rows are reused): its old terms must still go.
CREATE TRIGGER clipping_indexed AFTER INSERT ON clipping BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id, new) VALUES ('clipping', NEW.id, 1);
END;
CREATE TRIGGER clipping_reindexed AFTER UPDATE OF title, author, site_name, note ON clipping
WHEN OLD.title IS NOT NEW.title OR OLD.author IS NOT NEW.author
  OR OLD.site_name IS NOT NEW.site_name OR OLD.note IS NOT NEW.note BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('clipping', NEW.id);
END;
CREATE TRIGGER clipping_unindexed AFTER DELETE ON clipping BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('clipping', OLD.id);
END;
CREATE TRIGGER clipping_version_indexed AFTER INSERT ON clipping_version BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('clipping', NEW.clipping_id);
END;
CREATE TRIGGER clipping_version_reindexed AFTER UPDATE OF text ON clipping_version BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('clipping', NEW.clipping_id);
END;
CREATE TRIGGER highlight_indexed AFTER INSERT ON highlight BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id, new) VALUES ('highlight', NEW.id, 1);
END;
CREATE TRIGGER highlight_reindexed AFTER UPDATE OF exact, note ON highlight
WHEN OLD.exact IS NOT NEW.exact OR OLD.note IS NOT NEW.note BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('highlight', NEW.id);
END;
CREATE TRIGGER highlight_unindexed AFTER DELETE ON highlight BEGIN
    INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('highlight', OLD.id);
END;

CREATE TRIGGER clipping_touched AFTER UPDATE ON clipping
WHEN NEW.updated_at IS OLD.updated_at BEGIN
    UPDATE clipping SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
CREATE TRIGGER highlight_touched AFTER UPDATE ON highlight
WHEN NEW.updated_at IS OLD.updated_at BEGIN
    UPDATE highlight SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
"#;

const V9: Migration = Migration::Code(index_by_triggers);

/// Version 10: the search index made again, with Chinese, Japanese and Korean text as
/// pairs of characters ([`crate::store::search::index_again`]).
const V10: Migration = Migration::Code(crate::store::search::index_again);

/// Version 11: saved searches, a name and a query each, in the person's order.
const V11: &str = r#"
CREATE TABLE saved_search (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- What makes two names one search: the same letters, whatever their case.
    key         TEXT NOT NULL UNIQUE,
    query       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
"#;

/// Version 12: the search index keeps up to 16 MB of new terms in memory (FTS5's
/// `hashsize`, 1 MB by default) before it writes them out as a segment. Indexing a whole
/// library (an import of our JSON, 1,100,000 rows) then writes a sixteenth of the
/// segments and merges far less: a quarter faster. Queries are as fast; the memory is
/// taken only while a write indexes.
const V12: &str = r#"
INSERT INTO clipping_search (clipping_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO highlight_search (highlight_search, rank) VALUES ('hashsize', 16777216);
"#;

/// Version 13: deleted highlights can be found without reading every highlight, as the
/// clippings in the trash can (`clipping_by_deleted_at`): a search ranks the highlights it
/// finds from the index alone, leaving out these by their ids, and reads only the page's.
const V13: &str = r#"
CREATE INDEX highlight_by_deleted_at ON highlight (deleted_at) WHERE deleted_at IS NOT NULL;
"#;

/// Version 14: the search index with the pairs of common words that stand together, so
/// that a phrase of them is found without checking where its words are in every clipping
/// ([`crate::store::search::index_with_pairs`]).
const V14: Migration = Migration::Code(crate::store::search::index_with_pairs);

/// Version 9's step. Every row is noted for the index by its SQL; the index itself is
/// written once, by version 14, which always runs after it: indexing is today's code, and
/// today's index has a column the tables of version 9 do not.
fn index_by_triggers(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(V9_SQL)?;
    Ok(())
}

/// One step of the schema: SQL, or code for what SQL alone cannot do (derive a body's text
/// again). Either runs inside the one transaction of [`apply_migrations`].
#[derive(Debug)]
pub enum Migration {
    Sql(&'static str),
    Code(fn(&Transaction<'_>) -> Result<()>),
}

/// Every migration, in order; migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration::Sql(V1),
    Migration::Sql(V2),
    Migration::Sql(V3),
    Migration::Sql(V4),
    Migration::Sql(V5),
    Migration::Sql(V6),
    Migration::Sql(V7),
    V8,
    V9,
    V10,
    Migration::Sql(V11),
    Migration::Sql(V12),
    Migration::Sql(V13),
    V14,
];

/// What marks an SQLite file as a Commonplace library (`PRAGMA application_id`, in the
/// file's header): "CmPl". A database without it is another program's, unless it is empty
/// or a library from before the mark.
pub const APPLICATION_ID: i64 = 0x436D_506C;

/// The schema version this build writes and reads.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// The schema version stored in the file (0 for a new, empty file).
pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// The mark in the file's header (see [`APPLICATION_ID`]; 0 when there is none).
pub fn application_id(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "application_id", |row| row.get(0))?)
}

/// Brings the schema up to [`LATEST_VERSION`].
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    apply_migrations(conn, MIGRATIONS, path)
}

/// Applies the migrations in `migrations` that the file does not have yet, all in one
/// IMMEDIATE transaction: either every one of them lands or none does. Public so that tests
/// can exercise the mechanism with lists of their own.
pub fn apply_migrations(
    conn: &mut Connection,
    migrations: &[Migration],
    path: &Path,
) -> Result<()> {
    let latest = migrations.len() as u32;
    if version(conn)? == latest && application_id(conn)? == APPLICATION_ID {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let found = version(&tx)?;
    if found > latest {
        return Err(Error::NewerLibrary {
            path: path.to_path_buf(),
            found,
            supported: latest,
        });
    }
    for migration in &migrations[found as usize..] {
        match migration {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Code(step) => step(&tx)?,
        }
    }
    tx.pragma_update(None, "user_version", latest)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}
