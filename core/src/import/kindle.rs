//! Kindle's `My Clippings.txt`: entries separated by `==========` lines, each a book line
//! (`Title (Author)`), a type line (`- Your Highlight on page 12 | Location 170-172 |
//! Added on ...`, in the device's language), a blank line and the clipped text. Detected by
//! content, not by name. This module only reads the file; `crate::book` stores what it read.
//!
//! Devices are sloppy and files are often cut or edited, so the reader is tolerant where
//! nothing can be lost: any dash before the type, a file that starts with a separator or with
//! the tail of a cut-off entry, entries of kinds we don't keep (bookmarks, clipped articles,
//! the publisher's clipping-limit placeholder), each counted by kind. An entry that cannot be
//! read is skipped with a warning naming it and its line, and the rest of the file is read.

use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::date::parse_date_in_text;
use crate::error::{Error, Result};

/// What a highlight or note entry is (other kinds are counted in [`Skipped`] and dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Highlight,
    Note,
}

/// A page as the device wrote it: a number or a range, in Arabic or Roman numerals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// As shown: `12`, `12-13`, `xv`.
    pub text: String,
    /// The range, for comparing pages; Roman pages are numbered apart from Arabic ones.
    pub start: u32,
    pub end: u32,
    pub roman: bool,
}

impl Page {
    /// Whether two pages share a page.
    pub fn overlaps(&self, other: &Page) -> bool {
        self.roman == other.roman && self.start <= other.end && other.start <= self.end
    }
}

/// One highlight or note of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based, in file order (every entry counts, kept or not): how warnings name it.
    pub number: usize,
    /// The line its book line is on, 1-based.
    pub line: usize,
    pub title: String,
    pub author: Option<String>,
    pub kind: EntryKind,
    pub page: Option<Page>,
    /// The location range; a single location has `start == end`.
    pub location: Option<(u32, u32)>,
    pub added_at: Option<NaiveDateTime>,
    pub text: String,
}

/// Entries read but not kept, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub bookmarks: u32,
    /// Articles clipped whole ("Clip This Article"), which hold no highlight.
    pub clipped_articles: u32,
    /// The publisher's "You have reached the clipping limit" placeholder, in any language.
    pub limit_placeholders: u32,
    /// Highlights and notes without text.
    pub empty: u32,
    /// The tail of an entry cut off at the start of the file.
    pub fragments: u32,
    /// Entries that could not be read; each has a warning.
    pub unreadable: u32,
}

impl std::ops::AddAssign for Skipped {
    fn add_assign(&mut self, o: Self) {
        self.bookmarks += o.bookmarks;
        self.clipped_articles += o.clipped_articles;
        self.limit_placeholders += o.limit_placeholders;
        self.empty += o.empty;
        self.fragments += o.fragments;
        self.unreadable += o.unreadable;
    }
}

/// Something of a file that was skipped or changed on import, for the person to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The entry (1-based), or 0 for the file as a whole.
    pub entry: usize,
    /// The line (1-based), or 0 for the file as a whole.
    pub line: usize,
    pub message: String,
}

/// What a clippings file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clippings {
    /// Highlights and notes with text, in file order.
    pub entries: Vec<Entry>,
    pub skipped: Skipped,
    pub warnings: Vec<Warning>,
}

/// The kinds of type line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Highlight,
    Note,
    Bookmark,
    ClippedArticle,
}

/// Words (lower case, or stems) that name each kind of entry on devices in English, German,
/// French, Spanish, Italian, Portuguese, Dutch, Russian, Chinese (simplified and traditional)
/// and Japanese, across firmware versions. Tried in this order: a bookmark's line never
/// names a highlight, but "Clip This Article" and "Artikel … speichern" name no other kind.
const KIND_WORDS: &[(Kind, &[&str])] = &[
    (
        Kind::Bookmark,
        &[
            "bookmark",
            "lesezeichen",
            "signet",
            "marque-page",
            "marcador",
            "segnalibro",
            "bladwijzer",
            "закладк",
            "书签",
            "書籤",
            "ブックマーク",
        ],
    ),
    (
        Kind::ClippedArticle,
        &[
            "clip this article",
            "clip article",
            "speichern",
            "ausschnitt",
            "article",
            "artículo",
            "articolo",
            "artigo",
            "artikel",
            "статью",
            "剪切",
            "文章",
            "記事",
            "クリップ",
        ],
    ),
    (
        Kind::Note,
        &[
            "note",
            "notiz",
            "nota",
            "notitie",
            "заметк",
            "笔记",
            "筆記",
            "附註",
            "メモ",
        ],
    ),
    (
        Kind::Highlight,
        &[
            "highlight",
            "underline",
            "markierung",
            "surlignement",
            "subrayado",
            "resaltado",
            "evidenziazione",
            "sottolineatura",
            "destaque",
            "markering",
            "выделен",
            "цитат",
            "标注",
            "标记",
            "標註",
            "標記",
            "畫線",
            "劃線",
            "ハイライト",
        ],
    ),
];
/// Words that come before a Kindle location.
const LOCATION_WORDS: &[&str] = &[
    "location",
    "loc.",
    "position",
    "pos.",
    "emplacement",
    "posición",
    "posizione",
    "posição",
    "locatie",
    "месте",
    "место",
    "позици",
    "位置",
];
/// Words that come before (or, in Chinese and Japanese, after) a page number.
const PAGE_WORDS: &[&str] = &[
    "page",
    "seite",
    "página",
    "pagina",
    "страниц",
    "页",
    "頁",
    "ページ",
];
/// Words of the publisher's clipping-limit placeholder, in every device language.
const LIMIT_WORDS: &[&str] = &[
    "limit",
    "límite",
    "limite",
    "grenze",
    "höchst",
    "limiet",
    "лимит",
    "предел",
    "上限",
    "限制",
];

/// Words searched for in every type line, each with its searcher built once (building one
/// per search was a tenth of a large import).
struct Words {
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Words {
    fn new(words: &'static [&'static str]) -> Words {
        Words {
            finders: words
                .iter()
                .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
                .collect(),
        }
    }

    /// Whether `haystack` holds any of the words.
    fn any_in(&self, haystack: &str) -> bool {
        self.finders
            .iter()
            .any(|f| f.find(haystack.as_bytes()).is_some())
    }

    /// The earliest of the words in `haystack`: where it is and how long it is.
    fn first_in(&self, haystack: &str) -> Option<(usize, usize)> {
        self.finders
            .iter()
            .filter_map(|f| f.find(haystack.as_bytes()).map(|at| (at, f.needle().len())))
            .min_by_key(|&(at, _)| at)
    }
}

static KINDS: std::sync::LazyLock<Vec<(Kind, Words)>> = std::sync::LazyLock::new(|| {
    KIND_WORDS
        .iter()
        .map(|(kind, words)| (*kind, Words::new(words)))
        .collect()
});
static LOCATIONS: std::sync::LazyLock<Words> =
    std::sync::LazyLock::new(|| Words::new(LOCATION_WORDS));
static PAGES: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(PAGE_WORDS));
static LIMITS: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(LIMIT_WORDS));

/// The dashes devices put before the type.
fn strip_dash(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = t.strip_prefix(['-', '–', '—', '−', '‒', '―'])?;
    Some(rest.trim())
}

/// Whether a line is an entry separator: Kindle writes ten `=`; a few more or less, or
/// trailing spaces, are the same.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 8 && t.bytes().all(|b| b == b'=')
}

/// The lines of a file without line ends (CR LF, LF, or a CR alone) or byte-order marks
/// (which some devices write at the start of every entry).
fn clean_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        let line = match t.find(['\n', '\r']) {
            Some(at) => {
                let end = if t[at..].starts_with("\r\n") {
                    at + 2
                } else {
                    at + 1
                };
                rest = Some(&t[end..]);
                &t[..at]
            }
            None => {
                rest = None;
                t
            }
        };
        Some(line.trim_start_matches('\u{feff}'))
    })
}

/// How many entries [`is_kindle_clippings`] looks at.
const DETECTION_SAMPLE: usize = 200;

/// Whether `text` is a Kindle clippings file: it has entry separators, and most of what
/// they separate (of the first few hundred) are entries (a book line, then a type line).
pub fn is_kindle_clippings(text: &str) -> bool {
    let (mut chunks, mut entries, mut separators) = (0usize, 0usize, 0usize);
    let mut lines: Vec<&str> = Vec::new();
    let mut count = |lines: &mut Vec<&str>| {
        if lines.iter().any(|l| !l.trim().is_empty()) {
            chunks += 1;
            let mut it = lines.iter().skip_while(|l| l.trim().is_empty());
            it.next();
            if it.next().copied().and_then(type_line).is_some() {
                entries += 1;
            }
        }
        lines.clear();
    };
    for line in clean_lines(text) {
        if is_separator(line) {
            separators += 1;
            count(&mut lines);
            // The first entries tell as well as all of them.
            if separators >= DETECTION_SAMPLE {
                break;
            }
        } else {
            lines.push(line);
        }
    }
    count(&mut lines);
    // A cut-off entry at the start (or the end) is allowed beside the whole ones.
    separators > 0 && entries > 0 && entries * 2 + 2 >= chunks
}

/// A type line's kind, or `None` when the line is no type line. A line that starts with a
/// dash and names a place or a date but no kind we know is `Some(None)`.
fn type_line(line: &str) -> Option<Option<Kind>> {
    let body = strip_dash(line)?;
    let lower = body.to_lowercase();
    // The kind is named before the date (the last part, when there are several).
    let head = match lower.rsplit_once('|') {
        Some((head, _)) => head,
        None => lower.as_str(),
    };
    let kind = KINDS
        .iter()
        .find(|(_, words)| words.any_in(head))
        .map(|(k, _)| *k);
    let typed = || kind.is_some() || body.contains('|');
    let placed = || LOCATIONS.any_in(head) || PAGES.any_in(head);
    (typed() || placed()).then_some(kind)
}

/// Whether an entry's text is Kindle's placeholder for a clipping over the publisher's
/// limit (`<You have reached the clipping limit for this item>`, in the device's language).
pub fn is_limit_placeholder(text: &str) -> bool {
    let t = text.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let lower = inner.to_lowercase();
    !inner.contains(['<', '>']) && inner.chars().count() <= 300 && LIMITS.any_in(&lower)
}

/// Reads every entry. Entries of kinds that hold no highlight are counted; an entry that
/// cannot be read is skipped with a warning, and the rest are read. Only a file of which
/// no entry could be read is an error, naming the first entry and its line.
pub fn parse(text: &str, path: &Path) -> Result<Clippings> {
    let mut out = Clippings::default();
    let mut chunk: Vec<&str> = Vec::new();
    let mut chunk_line = 1;
    let mut number = 0;
    let mut first_error: Option<Warning> = None;
    let mut read = |chunk: &[&str], line: usize, terminated: bool, out: &mut Clippings| {
        // Blank lines before the book line are no part of the entry.
        let skip = chunk.iter().take_while(|l| l.trim().is_empty()).count();
        let lines = &chunk[skip..];
        if lines.is_empty() {
            return;
        }
        number += 1;
        let line = line + skip;
        let warn = |out: &mut Clippings, message: String| {
            out.warnings.push(Warning {
                entry: number,
                line,
                message,
            });
        };
        match read_entry(lines, number, line) {
            Read::Entry(entry) => {
                if !terminated {
                    warn(
                        out,
                        "the last entry has no `==========` line after it: the file may be cut \
                         off, so its text may be too"
                            .into(),
                    );
                }
                out.entries.push(entry);
            }
            Read::Skip(skip) => {
                match skip {
                    Skip::Bookmark => out.skipped.bookmarks += 1,
                    Skip::ClippedArticle => out.skipped.clipped_articles += 1,
                    Skip::LimitPlaceholder => out.skipped.limit_placeholders += 1,
                    Skip::Empty => out.skipped.empty += 1,
                }
                if !terminated && skip == Skip::Empty {
                    warn(
                        out,
                        "the last entry is cut off before its text (is the file truncated?)".into(),
                    );
                }
            }
            Read::Fragment if number == 1 => out.skipped.fragments += 1,
            Read::Fragment => {
                out.skipped.unreadable += 1;
                warn(
                    out,
                    "not an entry: no `- Your Highlight …` line after its first line; skipped"
                        .into(),
                );
            }
            Read::Unknown(type_line) => {
                out.skipped.unreadable += 1;
                // The line as far as its date, which says nothing of the kind.
                let kind = type_line
                    .rsplit_once('|')
                    .map_or(type_line.as_str(), |(k, _)| k);
                let kind: String = kind.trim().chars().take(80).collect();
                warn(
                    out,
                    format!(
                        "cannot tell whether the entry is a highlight, a note or a bookmark \
                         (“{kind}”); skipped"
                    ),
                );
            }
        }
        if first_error.is_none() {
            first_error = out.warnings.last().filter(|w| w.entry == number).cloned();
        }
    };
    for (index, line) in clean_lines(text).enumerate() {
        if is_separator(line) {
            read(&chunk, chunk_line, true, &mut out);
            chunk.clear();
            chunk_line = index + 2;
        } else {
            chunk.push(line);
        }
    }
    read(&chunk, chunk_line, false, &mut out);
    if out.entries.is_empty() && out.skipped.unreadable > 0 {
        let Warning {
            entry,
            line,
            message,
        } = first_error.unwrap_or(Warning {
            entry: 1,
            line: 1,
            message: "no entry could be read".into(),
        });
        return Err(Error::InvalidClippings {
            path: path.to_path_buf(),
            entry,
            line,
            message: format!("no entry of the file could be read; the first: {message}"),
        });
    }
    Ok(out)
}

/// The entries that are read but not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    Bookmark,
    ClippedArticle,
    LimitPlaceholder,
    /// A highlight or note without text.
    Empty,
}

/// What one chunk between separators is.
enum Read {
    Entry(Entry),
    /// An entry of a kind that is not kept.
    Skip(Skip),
    /// Lines that are no entry: the tail of a cut-off one.
    Fragment,
    /// A type line of a kind we don't know.
    Unknown(String),
}

fn read_entry(lines: &[&str], number: usize, line: usize) -> Read {
    let book = lines[0].trim();
    let Some(meta) = lines.get(1).copied() else {
        return Read::Fragment;
    };
    let Some(kind) = type_line(meta) else {
        return Read::Fragment;
    };
    let meta = strip_dash(meta).unwrap_or(meta);
    let Some(kind) = kind else {
        return Read::Unknown(meta.to_owned());
    };
    let text = lines
        .get(2..)
        .unwrap_or_default()
        .join("\n")
        .trim()
        .to_owned();
    let kind = match kind {
        Kind::Bookmark => return Read::Skip(Skip::Bookmark),
        Kind::ClippedArticle => return Read::Skip(Skip::ClippedArticle),
        Kind::Highlight if is_limit_placeholder(&text) => {
            return Read::Skip(Skip::LimitPlaceholder);
        }
        _ if text.is_empty() => return Read::Skip(Skip::Empty),
        Kind::Highlight => EntryKind::Highlight,
        Kind::Note => EntryKind::Note,
    };
    let (title, author) = split_book_line(book);
    let segments: Vec<&str> = meta.split('|').map(str::trim).collect();
    let (places, date) = match segments.split_last() {
        Some((last, rest)) if !rest.is_empty() => (rest, Some(*last)),
        _ => (&segments[..], None),
    };
    let (page, location) = place(places);
    Read::Entry(Entry {
        number,
        line,
        title,
        author,
        kind,
        page,
        location,
        added_at: date.and_then(added_at),
        text,
    })
}

/// The page and the location named in the parts of a type line before its date. Where a
/// location is named twice (`at location 174 | location 2665-2666`, firmware that shows a
/// page as "location"), the last is the location and the first the page.
fn place(segments: &[&str]) -> (Option<Page>, Option<(u32, u32)>) {
    let mut locations: Vec<(u32, u32)> = Vec::new();
    let mut page = None;
    for segment in segments {
        let lower = segment.to_lowercase();
        // A segment may name both (`第 12 页（位置 #170-172）`).
        if let Some(l) = location_in(&lower) {
            locations.push(l);
        }
        if page.is_none() {
            page = page_in(&lower);
        }
    }
    let location = locations.last().copied();
    if page.is_none() && locations.len() > 1 {
        let (start, end) = locations[0];
        page = Some(Page {
            text: range_text(start, end),
            start,
            end,
            roman: false,
        });
    }
    (page, location)
}

fn range_text(start: u32, end: u32) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}-{end}")
    }
}

/// The location range after a location word.
fn location_in(lower: &str) -> Option<(u32, u32)> {
    let (at, len) = LOCATIONS.first_in(lower)?;
    let after = &lower[at + len..];
    // `Location No. 85`, `位置 #170`, `Position: 12`: what stands between word and number.
    let after = after.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '#' | '.' | ':' | 'n' | 'o' | '№')
            || (c.is_alphabetic() && !c.is_ascii() && !matches!(c, '第'))
    });
    if !after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    number_range(after)
}

/// A number and an optional second one after `-`, `–` or ` t/m ` at the start of `s`.
/// Old firmware writes `1234-36` for 1234 to 1236.
fn number_range(s: &str) -> Option<(u32, u32)> {
    let first_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let first = &s[..first_end];
    let a: u32 = first.parse().ok()?;
    let after = s[first_end..].trim_start();
    let rest = after
        .strip_prefix(['-', '–', '—'])
        .or_else(|| after.strip_prefix("t/m"))
        .map(str::trim_start);
    let b = rest.and_then(|t| {
        let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let digits = &t[..end];
        if digits.is_empty() {
            return None;
        }
        let mut full: u64 = if digits.len() < first.len() {
            format!("{}{digits}", &first[..first.len() - digits.len()])
                .parse()
                .ok()?
        } else {
            digits.parse().ok()?
        };
        // `1298-02`: the short end carries into the next hundred.
        if digits.len() < first.len() {
            while full < u64::from(a) {
                full += 10u64.pow(digits.len() as u32);
            }
        }
        u32::try_from(full).ok()
    });
    let b = b.unwrap_or(a);
    Some((a, b.max(a)))
}

/// The page named in a segment: `page 12`, `page xii`, `Seite 12-13`, or (Chinese,
/// Japanese) `第 12 页`, `12ページ`.
fn page_in(lower: &str) -> Option<Page> {
    let (at, len) = PAGES.first_in(lower)?;
    let is_token = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '–');
    let after = lower[at + len..]
        .trim_start_matches(|c: char| c.is_alphabetic() && !c.is_ascii() || c == ' ');
    let after = after.trim_start_matches([' ', '.', ':']);
    let token: String = after.chars().take_while(|&c| is_token(c)).collect();
    if let Some(page) = page_token(&token) {
        return Some(page);
    }
    let before = lower[..at].trim_end();
    let token: String = before
        .chars()
        .rev()
        .take_while(|&c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' '))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    page_token(&token.replace(' ', ""))
}

/// `12`, `12-13`, `xv`, `xv-xvi`: a page or a range of pages.
pub(crate) fn page_token(token: &str) -> Option<Page> {
    let token = token.trim_matches(['-', '–']);
    let (a, b) = match token.split_once(['-', '–']) {
        Some((a, b)) => (a, b),
        None => (token, token),
    };
    if a.is_empty() {
        return None;
    }
    if a.chars().all(|c| c.is_ascii_digit()) {
        let (start, end) = number_range(&format!("{a}-{b}"))?;
        return Some(Page {
            text: range_text(start, end),
            start,
            end,
            roman: false,
        });
    }
    let (start, end) = (roman(a)?, roman(b)?);
    let (start, end) = (start.min(end), start.max(end));
    Some(Page {
        text: if a == b || start == end {
            a.to_owned()
        } else {
            format!("{a}-{b}")
        },
        start,
        end,
        roman: true,
    })
}

/// The value of a lower-case Roman numeral.
fn roman(s: &str) -> Option<u32> {
    let value = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0)
}

/// `Title (Author)` → the title and the author; the author is the last parenthesised group
/// (titles may hold parentheses of their own), and `Last, First` becomes `First Last`.
pub fn split_book_line(line: &str) -> (String, Option<String>) {
    let line = line.trim();
    if !line.ends_with(')') {
        return (line.to_owned(), None);
    }
    let mut depth = 0;
    for (i, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let title = line[..i].trim();
                    let author = line[i + 1..line.len() - 1].trim();
                    if title.is_empty() || author.is_empty() {
                        return (line.to_owned(), None);
                    }
                    return (title.to_owned(), Some(natural_name_order(author)));
                }
            }
            _ => {}
        }
    }
    (line.to_owned(), None)
}

fn natural_name_order(author: &str) -> String {
    match author.split_once(", ") {
        Some((last, first))
            if !author.contains(';')
                && !first.contains(',')
                && last.split_whitespace().count() <= 2
                && first.split_whitespace().count() <= 3 =>
        {
            format!("{first} {last}")
        }
        _ => author.to_owned(),
    }
}

/// The moment in an `Added on ...` segment: a date in the device's language and a 12- or
/// 24-hour time.
fn added_at(segment: &str) -> Option<NaiveDateTime> {
    let (time, rest) = time_in(segment);
    let date: NaiveDate =
        parse_date_in_text(&rest).filter(|d| (1000..=9999).contains(&d.year()))?;
    Some(date.and_time(time.unwrap_or(NaiveTime::MIN)))
}

/// Finds `H:MM[:SS]` with an optional AM/PM (or 上午/下午, 午前/午後) and returns it with
/// the segment minus the time.
fn time_in(segment: &str) -> (Option<NaiveTime>, String) {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run of digits and colons (ASCII, so its ends are character boundaries).
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b':') {
            i += 1;
        }
        let mut parts = segment[start..i].split(':');
        let mut number = || {
            parts
                .next()
                .filter(|p| !p.is_empty() && p.len() <= 2)
                .and_then(|p| p.parse::<u32>().ok())
        };
        let (Some(mut hour), Some(minute)) = (number(), number()) else {
            continue;
        };
        let second = number().unwrap_or(0);
        let (before, after) = (&segment[..start], &segment[i..]);
        let after_trim = after.trim_start();
        let starts = |word: &str| {
            after_trim
                .get(..word.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(word))
        };
        let before_trim = before.trim_end();
        let pm = starts("pm")
            || starts("p.m.")
            || before_trim.ends_with("下午")
            || before_trim.ends_with("午後");
        let am = starts("am")
            || starts("a.m.")
            || before_trim.ends_with("上午")
            || before_trim.ends_with("午前");
        if pm && hour < 12 {
            hour += 12;
        } else if am && hour == 12 {
            hour = 0;
        }
        return (
            NaiveTime::from_hms_opt(hour, minute, second),
            format!("{before} {after}"),
        );
    }
    (None, segment.to_owned())
}

#[cfg(test)]
mod tests;
