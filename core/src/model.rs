//! The library's vocabulary: the data types the store reads and writes, the domain works
//! on and the shells show (clippings, highlights, tags, views and their pages). Plain data:
//! no SQL here and no rules beyond what a value means.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::body::Body;
use crate::date::PublishedAt;
use crate::error::{Error, Result};

/// What kind of thing a clipping is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ClippingKind {
    /// A web page, a Markdown or text document.
    Article,
    /// A book, from Kindle clippings.
    Book,
    /// A note of the person's own.
    Note,
}

impl ClippingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClippingKind::Article => "article",
            ClippingKind::Book => "book",
            ClippingKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "article" => Some(ClippingKind::Article),
            "book" => Some(ClippingKind::Book),
            "note" => Some(ClippingKind::Note),
            _ => None,
        }
    }
}

/// A clipping as the library list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClippingSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub kind: ClippingKind,
    pub title: String,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub source_url: Option<String>,
    /// ISO 8601: a bare date or an RFC 3339 date-time.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub published_at: Option<PublishedAt>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub clipped_at: DateTime<Utc>,
    /// How many highlights it has (not counting deleted ones).
    pub highlight_count: u32,
    /// Its tags, in name order.
    pub tags: Vec<String>,
    /// When it was moved to the trash (RFC 3339), if it is there.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A whole clipping: its summary, its note, its tags and its current content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Clipping {
    #[serde(flatten)]
    pub summary: ClippingSummary,
    /// The person's Markdown note on the whole clipping.
    pub note: String,
    /// The note rendered as safe HTML.
    pub note_html: String,
    /// SHA-256 of `html`.
    pub content_hash: String,
    /// The sanitized body.
    pub html: String,
    /// The `textContent` of `html`: what highlight positions count in.
    pub text: String,
}

/// A clipping about to be stored, as an importer produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClipping {
    pub kind: ClippingKind,
    pub title: String,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub source_url: Option<String>,
    pub published_at: Option<PublishedAt>,
    pub tags: Vec<String>,
    pub body: Body,
}

/// What storing a [`NewClipping`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new clipping.
    Imported(i64),
    /// The library already had exactly this; nothing changed.
    Unchanged(i64),
    /// The same source with new content or details: the clipping now shows them, and any
    /// earlier content is kept as an earlier version.
    Updated(i64),
    /// The library has this clipping in the trash: it was left there as it is (restore it
    /// to have it back; importing never brings back what the person threw away).
    InTrash(i64),
}

impl SaveOutcome {
    /// The clipping's id, whatever happened to it.
    pub fn id(self) -> i64 {
        match self {
            SaveOutcome::Imported(id)
            | SaveOutcome::Unchanged(id)
            | SaveOutcome::Updated(id)
            | SaveOutcome::InTrash(id) => id,
        }
    }
}

/// The five highlight colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Color {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl Color {
    pub const ALL: [Color; 5] = [
        Color::Yellow,
        Color::Green,
        Color::Blue,
        Color::Pink,
        Color::Purple,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Color::Yellow => "yellow",
            Color::Green => "green",
            Color::Blue => "blue",
            Color::Pink => "pink",
            Color::Purple => "purple",
        }
    }
}

impl std::str::FromStr for Color {
    type Err = Error;

    fn from_str(s: &str) -> Result<Color> {
        Color::parse(&s.trim().to_lowercase()).ok_or_else(|| Error::InvalidColor(s.to_owned()))
    }
}

impl Color {
    /// The colour a stored word names.
    pub(crate) fn parse(word: &str) -> Option<Color> {
        Color::ALL.into_iter().find(|c| c.as_str() == word)
    }
}

/// Whether a highlight is where its words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At its very words.
    Anchored,
    /// Re-anchored to changed words, which it now shows; `previousText` has the old ones.
    Fuzzy,
    /// Its words are no longer in the clipping; it is kept, with its text and note.
    Orphaned,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Anchored => "anchored",
            Status::Fuzzy => "fuzzy",
            Status::Orphaned => "orphaned",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Status> {
        match s {
            "anchored" => Some(Status::Anchored),
            "fuzzy" => Some(Status::Fuzzy),
            "orphaned" => Some(Status::Orphaned),
            _ => None,
        }
    }
}

/// A highlight, with its W3C selectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Highlight {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clipping_id: i64,
    /// The highlighted text (the W3C `exact`).
    pub text: String,
    /// The person's Markdown note on it.
    pub note: String,
    /// The note rendered as safe HTML.
    pub note_html: String,
    pub color: Color,
    /// Where it is in a book: the Kindle location or range (`214-215`).
    pub location: Option<String>,
    /// The page of a book it is on, as the device wrote it (`9`, `12-13`, `xv`).
    pub page: Option<String>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: DateTime<Utc>,
    pub status: Status,
    /// The W3C `TextPositionSelector`, in code points of the clipping's text; `null` for an
    /// orphan and for a book highlight that has no text to point into.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub start: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub end: Option<i64>,
    /// Up to 32 characters before and after `text` (W3C `TextQuoteSelector`).
    pub prefix: String,
    pub suffix: String,
    /// For a fuzzy highlight, the words it had before its clipping changed.
    pub previous_text: Option<String>,
    /// Its tags, in name order.
    pub tags: Vec<String>,
}

impl Highlight {
    /// Where a book highlight is, as a person reads it: `Page 9 · Location 214–215`,
    /// `Page xv`, `Location 1234`; `None` for an article's highlight.
    pub fn place(&self) -> Option<String> {
        let range = |s: &str| s.replace('-', "–");
        let parts: Vec<String> = [
            self.page.as_deref().map(|p| format!("Page {}", range(p))),
            self.location
                .as_deref()
                .map(|l| format!("Location {}", range(l))),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// What the Highlights view shows: every highlight across the library, newest first,
/// filtered, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct HighlightQuery {
    /// Only highlights with this tag (or one beneath it).
    pub tag: Option<String>,
    pub color: Option<Color>,
    /// Only highlights with a note.
    pub with_note: bool,
    /// Only orphaned highlights.
    pub orphaned: bool,
    /// Where the previous page ended.
    pub after: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub limit: Option<u32>,
}

/// A highlight with the title of its clipping, for lists across the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HighlightItem {
    #[serde(flatten)]
    pub highlight: Highlight,
    pub clipping_title: String,
}

/// One page of highlights and the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HighlightPage {
    pub items: Vec<HighlightItem>,
    pub next: Option<String>,
}

/// How a list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Newest clipped first.
    #[default]
    Clipped,
    /// Newest published first; undated last.
    Published,
    /// By title, A to Z.
    Title,
    /// By author, A to Z; no author last.
    Author,
}

impl std::str::FromStr for Sort {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Sort, String> {
        match s {
            "clipped" => Ok(Sort::Clipped),
            "published" => Ok(Sort::Published),
            "title" => Ok(Sort::Title),
            "author" => Ok(Sort::Author),
            other => Err(format!(
                "{other:?} is not a sort (clipped, published, title or author)"
            )),
        }
    }
}

/// What a list shows. Every filter given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ListQuery {
    /// Clippings carrying each of these tags (or a tag beneath it).
    pub tags: Vec<String>,
    pub kind: Option<ClippingKind>,
    /// Clippings with a highlight of this colour.
    pub color: Option<Color>,
    pub sort: Sort,
    /// Clipped on or after this day (`YYYY-MM-DD`).
    pub clipped_from: Option<String>,
    /// Clipped on or before this day (`YYYY-MM-DD`).
    pub clipped_to: Option<String>,
    /// The trash instead of the library.
    pub trash: bool,
    /// Only clippings with a note of their own.
    pub with_note: bool,
    /// Where the previous page ended (its `next`).
    pub after: Option<String>,
    /// At most this many (50 when not given).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub limit: Option<u32>,
}

/// One page of a list, and the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub items: Vec<ClippingSummary>,
    /// Pass as `after` for the next page; `null` at the end.
    pub next: Option<String>,
}

/// How many clippings each section of the sidebar holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub library: u32,
    pub books: u32,
    pub trash: u32,
}

/// The default page size.
pub const PAGE: u32 = 50;

/// A tag and how many clippings (not in the trash) and highlights carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clipping_count: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub highlight_count: i64,
}

/// What a rename, merge or delete changed, so that it can be undone: every tag it touched as
/// it was before, and the tags it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagChange {
    pub before: Vec<TagState>,
    pub created: Vec<String>,
}

/// One tag and what carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagState {
    /// The tag's id then: an undo finds a renamed or merged tag by it and puts it back as it
    /// was, moving only what the change moved.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub clippings: Vec<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub highlights: Vec<i64>,
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Clipping,
    Highlight,
}

/// One thing a search found: a clipping or a highlight, with a snippet of where.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    pub kind: HitKind,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clipping_id: i64,
    /// `null` for a clipping.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub highlight_id: Option<i64>,
    /// The clipping's title.
    pub title: String,
    /// A few words around the first match, as HTML: escaped, the matches in `<mark>`.
    pub snippet: String,
    /// A highlight's colour; `null` for a clipping.
    pub color: Option<Color>,
    /// A highlight's note; `null` for a clipping.
    pub note: Option<String>,
    /// Higher is better: the relevance of the words (BM25), or for a sorted search the
    /// place in that order.
    pub score: f64,
}

/// A page of hits, and where the next one begins.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HitPage {
    pub items: Vec<Hit>,
    /// Pass as `after` for the next page; `null` at the end.
    pub next: Option<String>,
}

/// What a search is narrowed to besides its query: the list's view and the person's
/// filters, each meaning what the query's field of that name means (`tag:`, `color:`,
/// `kind:`, `after:`, `before:`, `is:trashed`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct SearchScope {
    /// Each of these tags (or one beneath it).
    pub tags: Vec<String>,
    pub color: Option<Color>,
    pub kind: Option<ClippingKind>,
    /// Clipped on or after this day (`YYYY-MM-DD`).
    pub clipped_from: Option<String>,
    /// Clipped on or before this day (`YYYY-MM-DD`).
    pub clipped_to: Option<String>,
    /// The trash instead of the library.
    pub trash: bool,
}

/// A stretch of a clipping's text, in code points from its start (as highlights are
/// placed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextSpan {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub start: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub end: i64,
}

/// A saved search: its name, its query and how many hits it has now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
    /// Clippings and highlights it finds (the trash left out unless it asks for it).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
}

/// A tag name as stored: trimmed, each `/`-separated level trimmed, empty levels dropped.
/// `None` when nothing is left.
pub fn normalize_tag_name(name: &str) -> Option<String> {
    let levels: Vec<&str> = name
        .split('/')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!levels.is_empty()).then(|| levels.join("/"))
}

/// What makes two names one tag: the same letters, whatever their case.
pub(crate) fn tag_key(normalized: &str) -> String {
    normalized.to_lowercase()
}

/// `name` normalized, or [`Error::InvalidTag`] when nothing of it is left.
pub(crate) fn valid_tag_name(name: &str) -> Result<String> {
    normalize_tag_name(name).ok_or_else(|| Error::InvalidTag(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::normalize_tag_name;

    #[test]
    fn tag_names_are_trimmed_level_by_level() {
        assert_eq!(
            normalize_tag_name("  Politics / Europe/ ").as_deref(),
            Some("Politics/Europe")
        );
        assert_eq!(normalize_tag_name(" / "), None);
    }
}
