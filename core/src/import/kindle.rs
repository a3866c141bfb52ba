//! Kindle's `My Clippings.txt`: entries separated by `==========` lines, each a book line
//! (`Title (Author)`), a metadata line (`- Your Highlight on page 12 | Location 170-172 |
//! Added on ...`, in the device's language), a blank line and the clipped text. Detected by
//! content, not by name. This module only reads the file; `crate::book` stores what it read.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::date::parse_date_in_text;
use crate::error::{Error, Result};

const SEPARATOR: &str = "==========";

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Highlight,
    Note,
    Bookmark,
}

/// One entry of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based, in file order: how errors and reports name an entry.
    pub number: usize,
    pub title: String,
    pub author: Option<String>,
    pub kind: EntryKind,
    pub page: Option<String>,
    /// The location range; a single location has `start == end`.
    pub location: Option<(u32, u32)>,
    pub added_at: Option<NaiveDateTime>,
    pub text: String,
}

/// Words that name each kind of entry on devices in English, German, French, Spanish,
/// Italian, Portuguese, Dutch, Russian, Chinese and Japanese.
const BOOKMARK_WORDS: &[&str] = &[
    "bookmark",
    "lesezeichen",
    "signet",
    "marcador",
    "segnalibro",
    "bladwijzer",
    "закладка",
    "书签",
    "ブックマーク",
];
const NOTE_WORDS: &[&str] = &[
    "note",
    "notiz",
    "nota",
    "notitie",
    "заметка",
    "笔记",
    "メモ",
];
const HIGHLIGHT_WORDS: &[&str] = &[
    "highlight",
    "markierung",
    "surlignement",
    "subrayado",
    "evidenziazione",
    "destaque",
    "markering",
    "выделение",
    "выделенный",
    "标注",
    "ハイライト",
];
const LOCATION_WORDS: &[&str] = &[
    "location",
    "loc.",
    "position",
    "emplacement",
    "posición",
    "posizione",
    "posição",
    "locatie",
    "место",
    "позиция",
    "位置",
];
const PAGE_WORDS: &[&str] = &[
    "page",
    "seite",
    "página",
    "pagina",
    "страница",
    "странице",
    "页",
    "ページ",
];
/// The text Kindle stores instead of a highlight once the publisher's export limit is hit.
const CLIPPING_LIMIT: &str = "clipping limit";

/// Whether `text` is a Kindle clippings file: its first entry has a book line, then a
/// metadata line starting with `- `, and the file has entry separators.
pub fn is_kindle_clippings(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end_matches('\r'));
    let first = lines.by_ref().find(|l| !l.trim().is_empty());
    let second = lines.next();
    first.is_some()
        && second.is_some_and(|l| l.starts_with("- "))
        && text.lines().any(|l| l.trim_end() == SEPARATOR)
}

/// Whether an entry's text is Kindle's placeholder for a clipping over the publisher's limit.
pub fn is_limit_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('<') && t.ends_with('>') && t.to_lowercase().contains(CLIPPING_LIMIT)
}

/// Reads every entry. An entry without its metadata line, or a last entry cut off before
/// its separator, is an error naming the entry and its line: nothing of the file is taken.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    let mut chunk_line = 1;
    let mut number = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if line.trim_end() == SEPARATOR {
            if chunk.iter().any(|l| !l.trim().is_empty()) {
                number += 1;
                entries.push(parse_entry(&chunk, number, chunk_line, path)?);
            }
            chunk.clear();
            chunk_line = index + 2;
        } else {
            if chunk.is_empty() && line.trim().is_empty() {
                chunk_line = index + 2;
                continue;
            }
            chunk.push(line);
        }
    }
    if chunk.iter().any(|l| !l.trim().is_empty()) {
        return Err(Error::InvalidClippings {
            path: path.to_path_buf(),
            entry: number + 1,
            line: chunk_line,
            message: "the entry is cut off before its `==========` line (is the file truncated?)"
                .into(),
        });
    }
    Ok(entries)
}

fn parse_entry(lines: &[&str], number: usize, line: usize, path: &Path) -> Result<Entry> {
    let invalid = |message: &str| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: number,
        line,
        message: message.to_owned(),
    };
    let book = lines
        .first()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .ok_or_else(|| invalid("the entry has no book line"))?;
    let meta = lines
        .get(1)
        .map(|l| l.trim())
        .filter(|l| l.starts_with("- "))
        .ok_or_else(|| invalid("the entry has no `- Your Highlight ...` line after the book"))?;
    let (title, author) = split_book_line(book);
    let kind = entry_kind(meta).ok_or_else(|| {
        invalid("cannot tell whether the entry is a highlight, a note or a bookmark")
    })?;
    let text = lines
        .get(2..)
        .unwrap_or_default()
        .join("\n")
        .trim()
        .to_owned();
    let segments: Vec<&str> = meta
        .trim_start_matches("- ")
        .split('|')
        .map(str::trim)
        .collect();
    Ok(Entry {
        number,
        title,
        author,
        kind,
        page: segments.iter().find_map(|s| page_in(s)),
        location: segments.iter().find_map(|s| location_in(s)),
        added_at: segments.last().and_then(|s| added_at(s)),
        text,
    })
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

fn entry_kind(meta: &str) -> Option<EntryKind> {
    let lower = meta.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(BOOKMARK_WORDS) {
        Some(EntryKind::Bookmark)
    } else if has(HIGHLIGHT_WORDS) {
        Some(EntryKind::Highlight)
    } else if has(NOTE_WORDS) {
        Some(EntryKind::Note)
    } else {
        None
    }
}

/// The first run of digits (with `-` between two of them) at or after `from`.
fn number_range(s: &str) -> Option<(u32, u32)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let rest = &s[start..];
    let first_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let first = &rest[..first_end];
    let a: u32 = first.parse().ok()?;
    let after = &rest[first_end..];
    let b = after
        .strip_prefix('-')
        .or_else(|| after.strip_prefix('–'))
        .and_then(|t| {
            let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            let digits = &t[..end];
            if digits.is_empty() {
                return None;
            }
            // Old firmware writes `1234-36` for 1234 to 1236.
            if digits.len() < first.len() {
                let full = format!("{}{digits}", &first[..first.len() - digits.len()]);
                full.parse().ok()
            } else {
                digits.parse().ok()
            }
        })
        .unwrap_or(a);
    Some((a, b.max(a)))
}

fn location_in(segment: &str) -> Option<(u32, u32)> {
    let lower = segment.to_lowercase();
    let (at, word) = LOCATION_WORDS
        .iter()
        .filter_map(|w| lower.find(w).map(|i| (i, *w)))
        .min_by_key(|(i, _)| *i)?;
    number_range(&lower[at + word.len()..])
}

fn page_in(segment: &str) -> Option<String> {
    let lower = segment.to_lowercase();
    let (at, word) = PAGE_WORDS
        .iter()
        .filter_map(|w| lower.find(w).map(|i| (i, *w)))
        .min_by_key(|(i, _)| *i)?;
    // `page 12`, `page xii`, or (Chinese, Japanese) `第 12 页`, `12ページ`.
    let after = lower[at + word.len()..]
        .split(['|', '(', '（'])
        .next()
        .unwrap_or("");
    let token = after
        .split_whitespace()
        .next()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()));
    if let Some(token) = token.filter(|t| is_page_token(t)) {
        return Some(token.to_owned());
    }
    let before = lower[..at].trim_end();
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!digits.is_empty()).then_some(digits)
}

fn is_page_token(t: &str) -> bool {
    !t.is_empty()
        && (t.chars().all(|c| c.is_ascii_digit() || c == '-')
            || t.chars()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c' | 'd' | 'm')))
}

/// The moment in an `Added on ...` segment: a date in the device's language and a 12- or
/// 24-hour time.
fn added_at(segment: &str) -> Option<NaiveDateTime> {
    let (time, rest) = time_in(segment);
    let date: NaiveDate = parse_date_in_text(&rest)?;
    Some(date.and_time(time.unwrap_or(NaiveTime::MIN)))
}

/// Finds `H:MM[:SS]` with an optional AM/PM (or 上午/下午, 午前/午後) and returns it with
/// the segment minus the time.
fn time_in(segment: &str) -> (Option<NaiveTime>, String) {
    let chars: Vec<char> = segment.chars().collect();
    for start in 0..chars.len() {
        if !chars[start].is_ascii_digit() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            continue;
        }
        let mut end = start;
        while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == ':') {
            end += 1;
        }
        let token: String = chars[start..end].iter().collect();
        let parts: Vec<&str> = token.split(':').collect();
        if parts.len() < 2 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
            continue;
        }
        let (Ok(mut hour), Ok(minute)) = (parts[0].parse::<u32>(), parts[1].parse::<u32>()) else {
            continue;
        };
        let second = parts.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
        let before: String = chars[..start].iter().collect();
        let after: String = chars[end..].iter().collect();
        let after_lower = after.trim_start().to_lowercase();
        let before_trim = before.trim_end();
        let pm = after_lower.starts_with("pm")
            || after_lower.starts_with("p.m.")
            || before_trim.ends_with("下午")
            || before_trim.ends_with("午後");
        let am = after_lower.starts_with("am")
            || after_lower.starts_with("a.m.")
            || before_trim.ends_with("上午")
            || before_trim.ends_with("午前");
        if pm && hour < 12 {
            hour += 12;
        } else if am && hour == 12 {
            hour = 0;
        }
        let rest = format!("{before} {after}");
        return (NaiveTime::from_hms_opt(hour, minute, second), rest);
    }
    (None, segment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a metadata line says: kind, page, location and when, as text.
    type Meta = (
        Option<EntryKind>,
        Option<String>,
        Option<(u32, u32)>,
        Option<String>,
    );

    fn meta(line: &str) -> Meta {
        let segments: Vec<&str> = line
            .trim_start_matches("- ")
            .split('|')
            .map(str::trim)
            .collect();
        (
            entry_kind(line),
            segments.iter().find_map(|s| page_in(s)),
            segments.iter().find_map(|s| location_in(s)),
            segments
                .last()
                .and_then(|s| added_at(s))
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        )
    }

    #[test]
    fn metadata_lines_in_every_device_language() {
        use EntryKind::*;
        let at = Some("2020-03-01 22:14:22".to_owned());
        let cases = [
            (
                "- Your Highlight on page 12 | Location 170-172 | Added on Sunday, March 1, 2020 10:14:22 PM",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- Your Highlight at location 1234-1236 | Added on Sunday, 1 March 2020 22:14:22",
                Highlight,
                None,
                Some((1234, 1236)),
            ),
            (
                "- Your Note on Location 172 | Added on Sunday, March 1, 2020 10:14:22 PM",
                Note,
                None,
                Some((172, 172)),
            ),
            (
                "- Your Bookmark on page 5 | Location 65 | Added on Sunday, March 1, 2020 10:14:22 PM",
                Bookmark,
                Some("5"),
                Some((65, 65)),
            ),
            (
                "- Ihre Markierung auf Seite 12 | Position 170-172 | Hinzugefügt am Sonntag, 1. März 2020 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- Votre surlignement sur la page 12 | emplacement 170-172 | Ajouté le dimanche 1 mars 2020 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- Tu subrayado en la página 12 | posición 170-172 | Añadido el domingo, 1 de marzo de 2020 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- La tua evidenziazione a pagina 12 | posizione 170-172 | Aggiunto in data domenica 1 marzo 2020 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- Seu destaque na página 12 | posição 170-172 | Adicionado: domingo, 1 de março de 2020 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- Uw markering op pagina 12 | locatie 170-172 | Toegevoegd op zondag 1 maart 2020 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- Ваш выделенный отрывок на странице 12 | место 170-172 | Добавлено: воскресенье, 1 марта 2020 г. в 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- 您在第 12 页（位置 #170-172）的标注 | 添加于 2020年3月1日星期日 下午10:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
            (
                "- 12ページ|位置No. 170-172のハイライト |作成日: 2020年3月1日日曜日 22:14:22",
                Highlight,
                Some("12"),
                Some((170, 172)),
            ),
        ];
        for (line, kind, page, location) in cases {
            assert_eq!(
                meta(line),
                (Some(kind), page.map(str::to_owned), location, at.clone()),
                "{line}"
            );
        }
    }

    #[test]
    fn old_firmware_pdfs_and_roman_pages() {
        let (kind, page, location, added) =
            meta("- Highlight Loc. 1234-36 | Added on Monday, April 20, 2009, 07:53 AM");
        assert_eq!(
            (kind, page, location),
            (Some(EntryKind::Highlight), None, Some((1234, 1236)))
        );
        assert_eq!(added.as_deref(), Some("2009-04-20 07:53:00"));
        let (_, page, location, _) =
            meta("- Your Highlight on page xii | Added on Friday, May 5, 2023 12:05:00 AM");
        assert_eq!((page.as_deref(), location), (Some("xii"), None));
        let (_, _, _, added) =
            meta("- Your Highlight on page 3 | Added on Friday, May 5, 2023 12:05:00 AM");
        assert_eq!(added.as_deref(), Some("2023-05-05 00:05:00"));
    }

    #[test]
    fn book_lines() {
        let cases = [
            ("The Book (Jane Doe)", "The Book", Some("Jane Doe")),
            (
                "Thinking (Fast (and Slow)) (Kahneman, Daniel)",
                "Thinking (Fast (and Slow))",
                Some("Daniel Kahneman"),
            ),
            ("A Title Without Author", "A Title Without Author", None),
            (
                "Essays (Montaigne, Michel de; Screech, M. A.)",
                "Essays",
                Some("Montaigne, Michel de; Screech, M. A."),
            ),
        ];
        for (line, title, author) in cases {
            assert_eq!(
                split_book_line(line),
                (title.to_owned(), author.map(str::to_owned)),
                "{line}"
            );
        }
    }
}
