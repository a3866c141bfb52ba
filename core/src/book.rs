//! Books from Kindle clippings: each book (title and author) is one clipping of kind
//! `book`, each highlight a row of the `highlight` table. Importing is idempotent: a
//! re-imported file, or a grown one, adds only what is new.
//!
//! Kindle appends a new entry when a highlight is extended or shortened. Entries of one book
//! are first collapsed in file order (the later text wins), then matched against what the
//! library has: the same highlight is one whose location range overlaps and that starts or
//! ends at the same place, or whose text contains the other's.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::body::Body;
use crate::clipping::SaveOutcome;
use crate::date::format_timestamp;
use crate::error::Result;
use crate::import::kindle::{Entry, EntryKind, is_limit_placeholder};

/// What an import did to highlights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HighlightCounts {
    /// New highlights.
    pub added: u32,
    /// Extended or shortened highlights folded into one, in the file or with the library.
    pub merged: u32,
    /// Entries that are not highlights: bookmarks, and the publisher's clipping-limit
    /// placeholder.
    pub skipped: u32,
}

impl std::ops::AddAssign for HighlightCounts {
    fn add_assign(&mut self, other: Self) {
        self.added += other.added;
        self.merged += other.merged;
        self.skipped += other.skipped;
    }
}

/// A highlight as it stands after collapsing a book's entries.
#[derive(Debug, Clone)]
struct Pending {
    text: String,
    page: Option<String>,
    location: Option<(u32, u32)>,
    added_at: Option<NaiveDateTime>,
    note: Option<String>,
    /// How many later entries were folded into this one within the file.
    merged_entries: u32,
}

impl Pending {
    fn from_entry(e: &Entry) -> Pending {
        Pending {
            text: e.text.clone(),
            page: e.page.clone(),
            location: e.location,
            added_at: e.added_at,
            note: None,
            merged_entries: 0,
        }
    }
}

/// Whether two highlights are one highlight that was extended or shortened.
fn same_highlight(
    a: (Option<(u32, u32)>, Option<&str>, &str),
    b: (Option<(u32, u32)>, Option<&str>, &str),
) -> bool {
    let (a_loc, a_page, a_text) = a;
    let (b_loc, b_page, b_text) = b;
    let texts_nest = || a_text.contains(b_text) || b_text.contains(a_text);
    match (a_loc, b_loc) {
        (Some((a0, a1)), Some((b0, b1))) => {
            a0 <= b1 && b0 <= a1 && (a0 == b0 || a1 == b1 || texts_nest())
        }
        _ => a_page.is_some() && a_page == b_page && texts_nest(),
    }
}

/// How many locations a single highlight may span at most, for finding the highlights an
/// entry may continue without comparing it with every highlight of the book.
const LONGEST_HIGHLIGHT: u32 = 1_000;

/// Highlights seen so far, indexed by where they start (or their page), so that finding
/// the one an entry continues looks only at its neighbours: imports stay linear in the
/// number of entries, even for a book with tens of thousands of highlights.
#[derive(Debug, Default)]
struct Neighbours {
    by_start: BTreeMap<u32, Vec<usize>>,
    by_page: HashMap<String, Vec<usize>>,
}

impl Neighbours {
    fn add(&mut self, index: usize, location: Option<(u32, u32)>, page: Option<&str>) {
        match (location, page) {
            (Some((start, _)), _) => self.by_start.entry(start).or_default().push(index),
            (None, Some(page)) => self.by_page.entry(page.to_owned()).or_default().push(index),
            (None, None) => {}
        }
    }

    /// The nearest highlight, among those indexed, that is the same highlight as `wanted`
    /// (see [`same_highlight`]); `seen` gives an indexed highlight's location, page and text.
    fn find_same<'a>(
        &self,
        wanted: (Option<(u32, u32)>, Option<&str>, &str),
        seen: impl Fn(usize) -> (Option<(u32, u32)>, Option<&'a str>, &'a str),
    ) -> Option<usize> {
        self.near(wanted.0, wanted.1)
            .into_iter()
            .find(|&i| same_highlight(seen(i), wanted))
    }

    /// Indexes of highlights that could be the same as one at `location` or `page`,
    /// nearest first.
    fn near(&self, location: Option<(u32, u32)>, page: Option<&str>) -> Vec<usize> {
        match (location, page) {
            (Some((start, end)), _) => self
                .by_start
                .range(start.saturating_sub(LONGEST_HIGHLIGHT)..=end)
                .rev()
                .flat_map(|(_, v)| v.iter().rev().copied())
                .collect(),
            (None, Some(page)) => self
                .by_page
                .get(page)
                .map(|v| v.iter().rev().copied().collect())
                .unwrap_or_default(),
            (None, None) => Vec::new(),
        }
    }
}

/// The location as a person reads it: `1234-1236`, `1234`, else `page 12`.
fn location_text(p: &Pending) -> Option<String> {
    match (p.location, &p.page) {
        (Some((a, b)), _) if a == b => Some(a.to_string()),
        (Some((a, b)), _) => Some(format!("{a}-{b}")),
        (None, Some(page)) => Some(format!("page {page}")),
        (None, None) => None,
    }
}

/// A book's title and author: what identifies it.
type BookKey<'a> = (&'a str, Option<&'a str>);

/// A highlight the library already has for the book being imported.
#[derive(Debug)]
struct Stored {
    id: i64,
    location: Option<(u32, u32)>,
    page: Option<String>,
    text: String,
    note: String,
}

/// Stores every book of a clippings file in the transaction `tx`.
pub(crate) fn import(
    tx: &Transaction<'_>,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<(Vec<SaveOutcome>, HighlightCounts)> {
    // Books in the order the file first mentions them, each with its entries.
    let mut books: Vec<(BookKey<'_>, Vec<&Entry>)> = Vec::new();
    for entry in entries {
        let key = (entry.title.as_str(), entry.author.as_deref());
        match books.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(entry),
            None => books.push((key, vec![entry])),
        }
    }
    let mut outcomes = Vec::new();
    let mut counts = HighlightCounts::default();
    for ((title, author), entries) in books {
        let (outcome, book_counts) = import_book(tx, title, author, &entries, now)?;
        outcomes.push(outcome);
        counts += book_counts;
    }
    Ok((outcomes, counts))
}

fn import_book(
    tx: &Transaction<'_>,
    title: &str,
    author: Option<&str>,
    entries: &[&Entry],
    now: DateTime<Utc>,
) -> Result<(SaveOutcome, HighlightCounts)> {
    let mut counts = HighlightCounts::default();
    // 1. Collapse the file's entries: later text wins; notes go to their highlight.
    let mut pending: Vec<Pending> = Vec::new();
    let mut pending_index = Neighbours::default();
    let mut book_notes: Vec<String> = Vec::new();
    for entry in entries {
        match entry.kind {
            EntryKind::Bookmark => counts.skipped += 1,
            EntryKind::Highlight if is_limit_placeholder(&entry.text) => counts.skipped += 1,
            EntryKind::Highlight if entry.text.is_empty() => counts.skipped += 1,
            EntryKind::Highlight => {
                let found = pending_index.find_same(
                    (entry.location, entry.page.as_deref(), &entry.text),
                    |i| {
                        (
                            pending[i].location,
                            pending[i].page.as_deref(),
                            &pending[i].text,
                        )
                    },
                );
                match found {
                    Some(i) => {
                        let p = &mut pending[i];
                        p.text = entry.text.clone();
                        p.location = entry.location.or(p.location);
                        p.page = entry.page.clone().or(p.page.take());
                        p.merged_entries += 1;
                        pending_index.add(i, p.location, p.page.as_deref());
                    }
                    None => {
                        pending_index.add(pending.len(), entry.location, entry.page.as_deref());
                        pending.push(Pending::from_entry(entry));
                    }
                }
            }
            EntryKind::Note => {
                if entry.text.is_empty() {
                    continue;
                }
                let at = entry.location.map(|(start, _)| start);
                let target = pending_index
                    .near(at.map(|l| (l, l)), entry.page.as_deref())
                    .into_iter()
                    .find(|&i| match (pending[i].location, at) {
                        (Some((a, b)), Some(l)) => a <= l && l <= b,
                        (None, None) => pending[i].page.is_some() && pending[i].page == entry.page,
                        _ => false,
                    });
                match target {
                    Some(i) => pending[i].note = Some(entry.text.clone()),
                    None => {
                        let place = entry
                            .location
                            .map(|(l, _)| format!("location {l}"))
                            .or_else(|| entry.page.as_ref().map(|p| format!("page {p}")));
                        book_notes.push(match place {
                            Some(place) => format!("- ({place}) {}", entry.text),
                            None => format!("- {}", entry.text),
                        });
                    }
                }
            }
        }
    }

    // 2. The book itself.
    let now_text = format_timestamp(now);
    let existing: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, note FROM clipping WHERE kind = 'book' AND title = ?1 AND author IS ?2
             ORDER BY id LIMIT 1",
            params![title, author],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let created = existing.is_none();
    let (book_id, mut note) = match existing {
        Some(found) => found,
        None => {
            let body = Body::from_untrusted_html("");
            tx.execute(
                "INSERT INTO clipping (kind, title, author, clipped_at, updated_at, content_hash)
                 VALUES ('book', ?1, ?2, ?3, ?3, ?4)",
                params![title, author, now_text, body.content_hash],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
                 VALUES (?1, '', '', ?2, ?3)",
                params![id, body.content_hash, now_text],
            )?;
            (id, String::new())
        }
    };

    // 3. Match each collapsed highlight with what the library has.
    let mut changed = false;
    let mut stored: Vec<Stored> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, location_start, location_end, page, exact, note FROM highlight
             WHERE clipping_id = ?1 AND deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([book_id], |r| {
            let start: Option<u32> = r.get(1)?;
            let end: Option<u32> = r.get(2)?;
            Ok(Stored {
                id: r.get(0)?,
                location: start.zip(end),
                page: r.get(3)?,
                text: r.get(4)?,
                note: r.get(5)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut stored_index = Neighbours::default();
    for (i, s) in stored.iter().enumerate() {
        stored_index.add(i, s.location, s.page.as_deref());
    }
    for p in &pending {
        let found = stored_index.find_same((p.location, p.page.as_deref(), &p.text), |i| {
            (
                stored[i].location,
                stored[i].page.as_deref(),
                &stored[i].text,
            )
        });
        let found = found.map(|i| &mut stored[i]);
        match found {
            Some(s) => {
                if s.text != p.text {
                    tx.execute(
                        "UPDATE highlight SET exact = ?2, location = ?3, location_start = ?4,
                                location_end = ?5, updated_at = ?6 WHERE id = ?1",
                        params![
                            s.id,
                            p.text,
                            location_text(p),
                            p.location.map(|l| l.0),
                            p.location.map(|l| l.1),
                            now_text
                        ],
                    )?;
                    s.text.clone_from(&p.text);
                    s.location = p.location;
                    counts.merged += 1;
                    changed = true;
                }
                if let Some(new_note) = p.note.as_ref().filter(|n| **n != s.note) {
                    tx.execute(
                        "UPDATE highlight SET note = ?2, updated_at = ?3 WHERE id = ?1",
                        params![s.id, new_note, now_text],
                    )?;
                    s.note.clone_from(new_note);
                    changed = true;
                }
            }
            None => {
                let created_at = p.added_at.map_or(now, |t| t.and_utc());
                let note = p.note.clone().unwrap_or_default();
                tx.prepare_cached(
                    "INSERT INTO highlight (clipping_id, exact, note, location, location_start,
                                            location_end, page, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    book_id,
                    p.text,
                    note,
                    location_text(p),
                    p.location.map(|l| l.0),
                    p.location.map(|l| l.1),
                    p.page,
                    format_timestamp(created_at),
                    now_text
                ])?;
                stored_index.add(stored.len(), p.location, p.page.as_deref());
                stored.push(Stored {
                    id: tx.last_insert_rowid(),
                    location: p.location,
                    page: p.page.clone(),
                    text: p.text.clone(),
                    note,
                });
                counts.added += 1;
                // Merges within the file count once, when what they made is new.
                counts.merged += p.merged_entries;
                changed = true;
            }
        }
    }

    // 4. Notes that belong to no highlight stay on the book, never dropped.
    for line in book_notes {
        if !note.lines().any(|l| l == line) {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&line);
            changed = true;
        }
    }
    if changed {
        tx.execute(
            "UPDATE clipping SET note = ?2, updated_at = ?3 WHERE id = ?1",
            params![book_id, note, now_text],
        )?;
    }
    if created {
        crate::clipping::reindex(tx, book_id)?;
    }
    let outcome = match (created, changed) {
        (true, _) => SaveOutcome::Imported(book_id),
        (false, true) => SaveOutcome::Updated(book_id),
        (false, false) => SaveOutcome::Unchanged(book_id),
    };
    Ok((outcome, counts))
}
