//! Books from Kindle clippings: each book (title and author) is one clipping of kind
//! `book`, each highlight a row of the `highlight` table. Importing is idempotent: a
//! re-imported file, or a grown one, adds only what is new.
//!
//! Kindle appends a new entry when a highlight is extended or shortened, and locations are
//! coarse (two different highlights may both be at `181`). So entries of one book are first
//! collapsed in file order: an entry is a new version of an earlier highlight only where
//! their places overlap and one text contains the other, or one ends with what the other
//! begins with (an edit that moved both ends); the latest text wins. Identical text in one
//! book is one highlight wherever it is. Notes then join the highlight whose place holds
//! theirs, whether written before or after it; successive drafts of one note (Kindle saves
//! one entry per pause in typing) keep only the last. The collapsed highlights are matched
//! against what the library has by text first, then by the same rule; one the person
//! deleted stays deleted.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::Transaction;
use serde::Serialize;

use crate::date::format_timestamp;
use crate::error::Result;
use crate::import::kindle::{Clippings, Entry, EntryKind, Page, Skipped, page_token};
use crate::model::SaveOutcome;
use crate::store::clippings;
use crate::store::highlights::{self, BookHighlight, location_text};

/// What an import did to highlights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HighlightCounts {
    /// New highlights.
    pub added: u32,
    /// Extended or shortened highlights folded into one, in the file or with the library.
    pub merged: u32,
    /// Entries that are not highlights or notes, by kind.
    pub skipped: Skipped,
}

impl std::ops::AddAssign for HighlightCounts {
    fn add_assign(&mut self, other: Self) {
        self.added += other.added;
        self.merged += other.merged;
        self.skipped += other.skipped;
    }
}

/// Where a highlight or note is in its book.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    location: Option<(u32, u32)>,
    page: Option<&'a Page>,
}

impl Place<'_> {
    /// Whether two places may hold the same words: like is compared with like (locations
    /// when both have one, else pages), and two highlights with no place at all may.
    fn overlaps(&self, other: &Place<'_>) -> bool {
        match (self.location, other.location) {
            (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
            (None, None) => match (self.page, other.page) {
                (Some(a), Some(b)) => a.overlaps(b),
                (None, None) => true,
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether this highlight's place holds a note's place (either end of it).
    fn holds(&self, note: &Place<'_>) -> bool {
        match (self.location, note.location) {
            (Some((a, b)), Some((s, e))) => (a <= s && s <= b) || (a <= e && e <= b),
            (None, None) => matches!((self.page, note.page), (Some(a), Some(b)) if a.overlaps(b)),
            _ => false,
        }
    }
}

/// Text compared across versions: white space collapsed.
fn text_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// Whether two highlights are one, extended or shortened: their places overlap and one
/// text holds the other, or (with locations, which are finer than pages) one ends with at
/// least half of the shorter one as the other begins, an edit that pulled one end in and
/// pushed the other out. Distinct highlights that merely touch never qualify, however close
/// their locations.
fn same_highlight(a: Place<'_>, a_text: &str, b: Place<'_>, b_text: &str) -> bool {
    a.overlaps(&b)
        && (a_text.contains(b_text)
            || b_text.contains(a_text)
            || (a.location.is_some() && chained_edit(a_text, b_text)))
}

/// Whether one text ends with at least half of the shorter one as the other begins.
fn chained_edit(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    let least = (shorter / 2).max(4);
    chained(a, b, least) || chained(b, a, least)
}

/// Whether `x` ends with a beginning of `y` of at least `least` characters.
fn chained(x: &str, y: &str, least: usize) -> bool {
    let ends: Vec<usize> = y
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(y.len()))
        .collect();
    ends.iter()
        .enumerate()
        .rev()
        .take_while(|(chars, _)| chars + 1 >= least)
        .any(|(_, &end)| end <= x.len() && x.ends_with(&y[..end]))
}

/// Highlights seen so far, indexed by where they start and by their text, so that finding
/// the one an entry continues looks only at its neighbours: imports stay linear in the
/// number of entries, even for a book with tens of thousands of highlights.
#[derive(Debug, Default)]
struct Neighbours {
    by_start: BTreeMap<u32, Vec<usize>>,
    by_page: BTreeMap<(bool, u32), Vec<usize>>,
    unplaced: Vec<usize>,
    by_text: HashMap<String, Vec<usize>>,
    /// The most locations, and pages, that one indexed place spans: a place that overlaps
    /// another starts at most this far before it.
    longest: u32,
    longest_pages: u32,
}

impl Neighbours {
    fn add(&mut self, index: usize, place: Place<'_>, key: &str) {
        match (place.location, place.page) {
            (Some((start, end)), _) => {
                self.longest = self.longest.max(end.saturating_sub(start));
                self.by_start.entry(start).or_default().push(index);
            }
            (None, Some(page)) => {
                self.longest_pages = self.longest_pages.max(page.end.saturating_sub(page.start));
                self.by_page
                    .entry((page.roman, page.start))
                    .or_default()
                    .push(index);
            }
            (None, None) => self.unplaced.push(index),
        }
        self.by_text.entry(key.to_owned()).or_default().push(index);
    }

    /// Highlights with exactly this text (white space aside), first seen first.
    fn with_text(&self, key: &str) -> &[usize] {
        self.by_text.get(key).map_or(&[], Vec::as_slice)
    }

    /// Highlights whose place could overlap `place`, nearest first (an index may repeat).
    fn near(&self, place: Place<'_>) -> Box<dyn Iterator<Item = usize> + '_> {
        match (place.location, place.page) {
            (Some((start, end)), _) => Box::new(
                self.by_start
                    .range(start.saturating_sub(self.longest)..=end)
                    .rev()
                    .flat_map(|(_, v)| v.iter().rev().copied()),
            ),
            (None, Some(page)) => Box::new(
                self.by_page
                    .range(
                        (page.roman, page.start.saturating_sub(self.longest_pages))
                            ..=(page.roman, page.end),
                    )
                    .rev()
                    .flat_map(|(_, v)| v.iter().rev().copied()),
            ),
            (None, None) => Box::new(self.unplaced.iter().rev().copied()),
        }
    }
}

/// Where a note is, for telling drafts of one note from notes of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NoteKey {
    Location(u32),
    Page(bool, u32),
    Nowhere,
}

/// One note, as the last of its drafts left it.
#[derive(Debug, Clone)]
struct Note {
    key: NoteKey,
    /// How a note on the book names its place: `location 900`, `page 12`.
    place: Option<String>,
    added_at: Option<NaiveDateTime>,
    text: String,
}

/// Drafts of one note are saved within this long of each other (on a device with pages
/// only, where the place alone cannot tell two notes of one page apart).
const DRAFT_WINDOW_SECONDS: i64 = 600;

/// Adds `note` to `notes`, replacing the note it is a later draft of: one at the same
/// location (Kindle keeps one note a location), or on the same page a few minutes before.
/// Returns the replaced text.
fn add_note(notes: &mut Vec<Note>, note: Note) -> Option<String> {
    let earlier = notes.iter().rposition(|n| {
        n.key == note.key
            && match (&note.key, n.added_at, note.added_at) {
                (NoteKey::Location(_), _, _) => true,
                (_, Some(a), Some(b)) => (b - a).num_seconds().abs() <= DRAFT_WINDOW_SECONDS,
                _ => true,
            }
    });
    match earlier {
        Some(i) => Some(std::mem::replace(&mut notes[i], note).text),
        None => {
            notes.push(note);
            None
        }
    }
}

/// A location and a page, held (see [`Place`]).
type PlaceOwned = (Option<(u32, u32)>, Option<Page>);

/// A highlight as it stands after collapsing a book's entries.
#[derive(Debug, Clone)]
struct Pending {
    text: String,
    key: String,
    /// Earlier versions' texts (keys): a library holding one of them holds this highlight.
    versions: Vec<String>,
    page: Option<Page>,
    location: Option<(u32, u32)>,
    /// When its first version was made.
    added_at: Option<NaiveDateTime>,
    /// The entry of its latest version.
    number: usize,
    /// How many entries it was made of.
    entries: u32,
    /// False once folded into another.
    alive: bool,
    /// The places of its earlier versions: a note at any of them is on this highlight.
    earlier_places: Vec<PlaceOwned>,
    notes: Vec<Note>,
    /// Every note text it was given, drafts included: a library holding one of them holds
    /// an earlier state of its note.
    note_drafts: Vec<String>,
}

impl Pending {
    fn place(&self) -> Place<'_> {
        Place {
            location: self.location,
            page: self.page.as_ref(),
        }
    }

    /// Whether a note at `place` is on this highlight: its place, or an earlier version's,
    /// holds the note's.
    fn holds(&self, place: &Place<'_>) -> bool {
        self.place().holds(place)
            || self.earlier_places.iter().any(|(location, page)| {
                Place {
                    location: *location,
                    page: page.as_ref(),
                }
                .holds(place)
            })
    }

    /// This highlight as the library stores it, as highlight `id` with note `note`.
    fn stored(&self, id: i64, note: String) -> BookHighlight {
        BookHighlight {
            id,
            location: self.location,
            page: self.page.as_ref().map(|p| p.text.clone()),
            text: self.text.clone(),
            note,
            deleted: false,
        }
    }

    fn note(&self) -> String {
        let texts: Vec<&str> = self.notes.iter().map(|n| n.text.as_str()).collect();
        texts.join("\n\n")
    }
}

fn place_of(e: &Entry) -> Place<'_> {
    Place {
        location: e.location,
        page: e.page.as_ref(),
    }
}

/// A book's title and author: what identifies it.
type BookKey<'a> = (&'a str, Option<&'a str>);

/// A highlight the library already has for the book being imported.
#[derive(Debug)]
struct Stored {
    id: i64,
    location: Option<(u32, u32)>,
    page: Option<Page>,
    text: String,
    note: String,
    /// Deleted by the person: a re-import leaves it deleted.
    deleted: bool,
    /// Taken by a highlight of this import.
    claimed: bool,
}

impl Stored {
    fn place(&self) -> Place<'_> {
        Place {
            location: self.location,
            page: self.page.as_ref(),
        }
    }
}

/// Stores every book of a clippings file in the transaction `tx`. A book with nothing to
/// keep (only bookmarks or placeholders) is not made.
pub(crate) fn import(
    tx: &Transaction<'_>,
    clippings: &Clippings,
    now: DateTime<Utc>,
) -> Result<(Vec<SaveOutcome>, HighlightCounts)> {
    // Books in the order the file first mentions them, each with its entries.
    let mut books: Vec<(BookKey<'_>, Vec<&Entry>)> = Vec::new();
    let mut book_index: HashMap<BookKey<'_>, usize> = HashMap::new();
    for entry in &clippings.entries {
        let key = (entry.title.as_str(), entry.author.as_deref());
        let i = *book_index.entry(key).or_insert_with(|| {
            books.push((key, Vec::new()));
            books.len() - 1
        });
        books[i].1.push(entry);
    }
    let mut outcomes = Vec::new();
    let mut counts = HighlightCounts {
        skipped: clippings.skipped,
        ..HighlightCounts::default()
    };
    for ((title, author), entries) in books {
        let (outcome, book_counts) = import_book(tx, title, author, &entries, now)?;
        outcomes.extend(outcome);
        counts += book_counts;
    }
    Ok((outcomes, counts))
}

/// The file's highlights of one book, each entry folded into the highlight it is a version
/// of; then its notes, on their highlights or (returned apart) on the book.
fn collapse(entries: &[&Entry]) -> (Vec<Pending>, Vec<Note>) {
    let mut pending: Vec<Pending> = Vec::new();
    let mut index = Neighbours::default();
    for entry in entries.iter().filter(|e| e.kind == EntryKind::Highlight) {
        let key = text_key(&entry.text);
        let place = place_of(entry);
        // Identical words anywhere in the book (a quote highlighted again, or in another
        // edition) are the same highlight; else an overlapping one it extends or shortens.
        let mut same: Vec<usize> = index
            .with_text(&key)
            .iter()
            .copied()
            .chain(
                index
                    .near(place)
                    .filter(|&i| same_highlight(pending[i].place(), &pending[i].key, place, &key)),
            )
            .filter(|&i| pending[i].alive)
            .collect();
        same.sort_unstable();
        same.dedup();
        let Some((&keep, others)) = same.split_first() else {
            index.add(pending.len(), place, &key);
            pending.push(Pending {
                text: entry.text.clone(),
                key,
                versions: Vec::new(),
                page: entry.page.clone(),
                location: entry.location,
                added_at: entry.added_at,
                number: entry.number,
                entries: 1,
                alive: true,
                earlier_places: Vec::new(),
                notes: Vec::new(),
                note_drafts: Vec::new(),
            });
            continue;
        };
        // The entry is a new version of `keep`, and of any other piece it now spans.
        for &other in others {
            let folded = std::mem::take(&mut pending[other].versions);
            let mut places = std::mem::take(&mut pending[other].earlier_places);
            places.push((pending[other].location, pending[other].page.clone()));
            pending[keep].earlier_places.extend(places);
            let (text, entries, at) = {
                let o = &mut pending[other];
                o.alive = false;
                (std::mem::take(&mut o.key), o.entries, o.added_at)
            };
            let p = &mut pending[keep];
            p.versions.extend(folded);
            p.versions.push(text);
            p.entries += entries;
            p.added_at = match (p.added_at, at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let p = &mut pending[keep];
        p.earlier_places.push((p.location, p.page.clone()));
        let old = std::mem::replace(&mut p.key, key);
        if old != p.key {
            p.versions.push(old);
        }
        p.text.clone_from(&entry.text);
        p.location = entry.location.or(p.location);
        if entry.page.is_some() {
            p.page.clone_from(&entry.page);
        }
        p.number = entry.number;
        p.entries += 1;
        p.added_at = p.added_at.or(entry.added_at);
        let key = p.key.clone();
        let (location, page) = (p.location, p.page.clone());
        index.add(
            keep,
            Place {
                location,
                page: page.as_ref(),
            },
            &key,
        );
    }

    let mut book_notes: Vec<Note> = Vec::new();
    for entry in entries.iter().filter(|e| e.kind == EntryKind::Note) {
        let place = place_of(entry);
        let point = entry.location.map(|(start, _)| start);
        // Of the highlights that hold it, the one made closest in time (a note is saved the
        // same second as its highlight, before or after it), then nearest in the file.
        let target = index
            .near(place)
            .filter(|&i| pending[i].alive && pending[i].holds(&place))
            .min_by_key(|&i| {
                let p = &pending[i];
                let apart = match (p.added_at, entry.added_at) {
                    (Some(a), Some(b)) => (a - b).num_seconds().unsigned_abs(),
                    _ => u64::MAX,
                };
                let at_end = p.location.map(|(_, end)| end) == point;
                (apart, !at_end, p.number.abs_diff(entry.number), i)
            });
        let key = match (entry.location, &entry.page) {
            (Some((start, _)), _) => NoteKey::Location(start),
            (None, Some(page)) => NoteKey::Page(page.roman, page.start),
            (None, None) => NoteKey::Nowhere,
        };
        let note = Note {
            key,
            place: location_text(entry.location)
                .map(|l| format!("location {l}"))
                .or_else(|| entry.page.as_ref().map(|p| format!("page {}", p.text))),
            added_at: entry.added_at,
            text: entry.text.clone(),
        };
        match target {
            Some(i) => {
                let p = &mut pending[i];
                p.note_drafts.push(note.text.clone());
                let before = p.note();
                if add_note(&mut p.notes, note).is_some() {
                    p.note_drafts.push(before);
                }
            }
            None => {
                add_note(&mut book_notes, note);
            }
        }
    }
    pending.retain(|p| p.alive);
    (pending, book_notes)
}

fn import_book(
    tx: &Transaction<'_>,
    title: &str,
    author: Option<&str>,
    entries: &[&Entry],
    now: DateTime<Utc>,
) -> Result<(Option<SaveOutcome>, HighlightCounts)> {
    let mut counts = HighlightCounts::default();
    let (pending, book_notes) = collapse(entries);

    // 1. The book itself.
    let now_text = format_timestamp(now);
    let existing = clippings::book(tx, title, author)?;
    if existing.is_none() && pending.is_empty() && book_notes.is_empty() {
        return Ok((None, counts));
    }
    // A book the person put in the trash stays there as it is, new highlights and all.
    if let Some((id, _)) = &existing
        && clippings::is_trashed(tx, *id)?
    {
        return Ok((Some(SaveOutcome::InTrash(*id)), counts));
    }
    let created = existing.is_none();
    let (book_id, mut note) = match existing {
        Some(found) => found,
        None => (
            clippings::insert_book(tx, title, author, &now_text)?,
            String::new(),
        ),
    };

    // 2. Match each collapsed highlight with what the library has.
    let mut changed = false;
    let mut stored: Vec<Stored> = highlights::of_book(tx, book_id)?
        .into_iter()
        .map(|h| Stored {
            id: h.id,
            location: h.location,
            page: h.page.as_deref().and_then(page_token),
            text: h.text,
            note: h.note,
            deleted: h.deleted,
            claimed: false,
        })
        .collect();
    let mut stored_index = Neighbours::default();
    for (i, s) in stored.iter().enumerate() {
        stored_index.add(i, s.place(), &text_key(&s.text));
    }
    for p in &pending {
        let free = |i: &usize| !stored[*i].claimed;
        // The same text; else an earlier version of it (the file says this one is later);
        // else a highlight it extends, shortens or moves.
        let same_text = stored_index.with_text(&p.key);
        let by_text = same_text
            .iter()
            .copied()
            .find(|i| free(i) && stored[*i].place().overlaps(&p.place()))
            .or_else(|| same_text.iter().copied().find(free));
        let by_version = || {
            p.versions
                .iter()
                .rev()
                .find_map(|v| stored_index.with_text(v).iter().copied().find(free))
        };
        let by_words = || {
            stored_index.near(p.place()).find(|i| {
                free(i)
                    && same_highlight(
                        stored[*i].place(),
                        &text_key(&stored[*i].text),
                        p.place(),
                        &p.key,
                    )
            })
        };
        let (found, newer) = match by_text {
            Some(i) => (Some(i), false),
            None => match by_version() {
                Some(i) => (Some(i), true),
                None => {
                    let i = by_words();
                    // Of two versions the file does not order, the longer is kept.
                    (
                        i,
                        i.is_some_and(|i| p.key.contains(&text_key(&stored[i].text))),
                    )
                }
            },
        };
        match found {
            Some(i) if stored[i].deleted => stored[i].claimed = true,
            Some(i) => {
                let s = &mut stored[i];
                s.claimed = true;
                if newer && s.text != p.text {
                    highlights::move_in_book(tx, &p.stored(s.id, s.note.clone()), &now_text)?;
                    s.text.clone_from(&p.text);
                    counts.merged += 1;
                    changed = true;
                }
                // A note is set where the library has none or an earlier draft of it; a
                // note the person wrote or edited in Commonplace is never replaced.
                let new_note = p.note();
                if !new_note.is_empty()
                    && s.note != new_note
                    && (s.note.trim().is_empty() || p.note_drafts.contains(&s.note))
                {
                    highlights::set_note(tx, s.id, &new_note, &now_text)?;
                    s.note = new_note;
                    changed = true;
                }
            }
            None => {
                let created_at = p.added_at.map_or(now, |t| t.and_utc());
                let note = p.note();
                let id = highlights::insert_in_book(
                    tx,
                    book_id,
                    &p.stored(0, note.clone()),
                    &format_timestamp(created_at),
                    &now_text,
                )?;
                let place = p.place();
                stored_index.add(stored.len(), place, &p.key);
                stored.push(Stored {
                    id,
                    location: p.location,
                    page: p.page.clone(),
                    text: p.text.clone(),
                    note,
                    deleted: false,
                    claimed: true,
                });
                counts.added += 1;
                // Merges within the file count once, when what they made is new.
                counts.merged += p.entries - 1;
                changed = true;
            }
        }
    }

    // 3. Notes that belong to no highlight stay on the book, never dropped.
    for n in book_notes {
        let line = match &n.place {
            Some(place) => format!("- ({place}) {}", n.text),
            None => format!("- {}", n.text),
        };
        if !has_block(&note, &line) {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&line);
            changed = true;
        }
    }
    if changed {
        clippings::set_note(tx, book_id, &note, &now_text)?;
    }
    let outcome = match (created, changed) {
        (true, _) => SaveOutcome::Imported(book_id),
        (false, true) => SaveOutcome::Updated(book_id),
        (false, false) => SaveOutcome::Unchanged(book_id),
    };
    Ok((Some(outcome), counts))
}

/// Whether `note` has `block` as whole lines.
fn has_block(note: &str, block: &str) -> bool {
    note.match_indices(block).any(|(at, _)| {
        let end = at + block.len();
        (at == 0 || note[..at].ends_with('\n'))
            && (end == note.len() || note[end..].starts_with('\n'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_only_touch_are_two_highlights() {
        let at = |a, b| Place {
            location: Some((a, b)),
            page: None,
        };
        let same = |a: &str, b: &str| same_highlight(at(181, 181), a, at(181, 182), b);
        assert!(same("Apples remember", "Apples remember every frost."));
        assert!(same(
            "one two three four five six",
            "four five six seven eight"
        ));
        assert!(!same(
            "The first sentence ends here.",
            "Here the second one begins."
        ));
        assert!(!same("of the", "the river"));
        assert!(!same_highlight(at(10, 11), "Yes.", at(900, 900), "Yes."));
    }

    #[test]
    fn a_note_block_is_found_whole() {
        assert!(has_block(
            "- a\n- (location 5) b\nc\n- d",
            "- (location 5) b\nc"
        ));
        assert!(!has_block("- (location 5) bc", "- (location 5) b"));
    }
}
