//! Readwise's CSV export (`Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,
//! Location Type,Location,Highlighted at,Document tags`): each title and author becomes a
//! book, as Kindle clippings do, with its highlights, their notes, colours, tags and
//! places. Recognised by its header, whatever the file is named. A row that cannot be read
//! is a warning naming its line; the rest is imported. Importing the same file again adds
//! nothing: a highlight is the same when its book has one with the same words (one the
//! person deleted stays deleted).

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::Transaction;

use crate::date::format_timestamp;
use crate::error::{Error, Result};
use crate::import::book::HighlightCounts;
use crate::import::kindle::Warning;
use crate::model::{Color, SaveOutcome};
use crate::store::highlights::{self, BookHighlight};
use crate::store::{clippings, tags};

/// The columns we read, by the names Readwise gives them.
const HIGHLIGHT: &str = "Highlight";
const TITLE: &str = "Book Title";

/// One highlight of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line it begins on (1-based; a quoted field may hold line breaks).
    pub line: usize,
    pub title: String,
    pub author: Option<String>,
    pub text: String,
    pub note: String,
    pub color: Color,
    pub tags: Vec<String>,
    pub location: Option<(u32, u32)>,
    pub page: Option<String>,
    pub highlighted_at: Option<DateTime<Utc>>,
    pub document_tags: Vec<String>,
}

/// What a Readwise CSV holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadwiseFile {
    pub rows: Vec<Row>,
    pub warnings: Vec<Warning>,
}

/// Whether `text` is Readwise's CSV: its first line names the Highlight and Book Title
/// columns.
pub fn is_readwise_csv(text: &str) -> bool {
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let names: Vec<&str> = header
        .split(',')
        .map(|n| n.trim().trim_matches('"'))
        .collect();
    names.contains(&HIGHLIGHT) && names.contains(&TITLE)
}

fn list(field: &str) -> Vec<String> {
    field
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn range(field: &str) -> Option<(u32, u32)> {
    let mut parts = field.trim().splitn(2, '-');
    let start: u32 = parts.next()?.trim().parse().ok()?;
    let end: u32 = parts
        .next()
        .map_or(Some(start), |e| e.trim().parse().ok())?;
    Some((start, end.max(start)))
}

fn moment(field: &str) -> Option<DateTime<Utc>> {
    let field = field.trim();
    if field.is_empty() {
        return None;
    }
    crate::date::parse_timestamp(field)
        .or_else(|| {
            NaiveDateTime::parse_from_str(field, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|t| t.and_utc())
        })
        .or_else(|| {
            DateTime::parse_from_str(field, "%Y-%m-%d %H:%M:%S%.f%z")
                .ok()
                .map(|t| t.with_timezone(&Utc))
        })
        .filter(|t| (1000..=9999).contains(&chrono::Datelike::year(t)))
}

/// The line (1-based) byte `at` of `text` is on, counting the line breaks inside quoted
/// fields too (the CSV reader's own count leaves them out).
fn line_at(text: &str, at: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = (at as usize).min(bytes.len());
    // A record's position may be the line end before it.
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Reads the file; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<ReadwiseFile> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let invalid = |line: usize, message: String| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line,
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| invalid(1, format!("the header cannot be read: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(highlight), Some(title)) = (column(HIGHLIGHT), column(TITLE)) else {
        return Err(invalid(1, "no Highlight and Book Title columns".into()));
    };
    let author = column("Book Author");
    let note = column("Note");
    let color = column("Color");
    let tags = column("Tags");
    let location_type = column("Location Type");
    let location = column("Location");
    let highlighted = column("Highlighted at");
    let document_tags = column("Document tags");

    let mut file = ReadwiseFile::default();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(index + 2, |p| line_at(text, p.byte()));
                file.warnings.push(Warning {
                    entry: index + 1,
                    line,
                    message: format!("the row cannot be read ({e}); skipped"),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(index + 2, |p| line_at(text, p.byte()));
        let get = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").trim();
        let words = get(Some(highlight));
        let book = get(Some(title));
        if words.is_empty() || book.is_empty() {
            file.warnings.push(Warning {
                entry: index + 1,
                line,
                message: if record.len() < headers.len() {
                    format!(
                        "the row has {} fields where the header has {}; skipped",
                        record.len(),
                        headers.len()
                    )
                } else {
                    "the row has no highlight or no book title; skipped".to_owned()
                },
            });
            continue;
        }
        let place = get(location);
        let kind = get(location_type).to_ascii_lowercase();
        let (location, page) = match kind.as_str() {
            "page" => (None, Some(place.to_owned()).filter(|p| !p.is_empty())),
            "location" | "" => (range(place), None),
            // `order` (an article's) and time offsets are no place in a book.
            _ => (None, None),
        };
        file.rows.push(Row {
            line,
            title: book.to_owned(),
            author: Some(get(author).to_owned()).filter(|a| !a.is_empty()),
            // A quoted field keeps the file's line ends: ours are LF.
            text: words.replace("\r\n", "\n"),
            note: get(note).replace("\r\n", "\n"),
            color: get(color).parse().unwrap_or_default(),
            tags: list(get(tags)),
            location,
            page,
            highlighted_at: moment(get(highlighted)),
            document_tags: list(get(document_tags)),
        });
    }
    Ok(file)
}

/// Stores the file's books and highlights inside `tx`: what happened to each book, and to
/// the highlights.
pub(crate) fn store(
    tx: &Transaction<'_>,
    file: &ReadwiseFile,
    now: DateTime<Utc>,
) -> Result<(Vec<SaveOutcome>, HighlightCounts)> {
    let now_text = format_timestamp(now);
    let mut counts = HighlightCounts::default();
    let mut outcomes: Vec<SaveOutcome> = Vec::new();
    // Books in the order the file first names them.
    let mut books: Vec<(&str, Option<&str>)> = Vec::new();
    for row in &file.rows {
        let key = (row.title.as_str(), row.author.as_deref());
        if !books.contains(&key) {
            books.push(key);
        }
    }
    for (title, author) in books {
        let rows: Vec<&Row> = file
            .rows
            .iter()
            .filter(|r| r.title == title && r.author.as_deref() == author)
            .collect();
        let existing = clippings::book(tx, title, author)?;
        if let Some((id, _)) = &existing
            && clippings::is_trashed(tx, *id)?
        {
            outcomes.push(SaveOutcome::InTrash(*id));
            continue;
        }
        let created = existing.is_none();
        let book_id = match existing {
            Some((id, _)) => id,
            None => clippings::insert_book(tx, title, author, &now_text)?,
        };
        let mut changed = false;
        for tag in rows.iter().flat_map(|r| r.document_tags.iter()) {
            changed |= tags::add_to_clipping(tx, book_id, std::slice::from_ref(tag))? > 0;
        }
        let mut stored = highlights::of_book(tx, book_id)?;
        for row in rows {
            if let Some(same) = stored.iter().find(|s| s.text == row.text) {
                // The same highlight: a note the library lacks comes in; nothing else
                // changes (what the person did in Commonplace wins).
                if !same.deleted && same.note.is_empty() && !row.note.is_empty() {
                    highlights::set_note(tx, same.id, &row.note, &now_text)?;
                    counts.merged += 1;
                    changed = true;
                }
                continue;
            }
            let highlight = BookHighlight {
                id: 0,
                location: row.location,
                page: row.page.clone(),
                text: row.text.clone(),
                note: row.note.clone(),
                deleted: false,
            };
            let created_at = format_timestamp(row.highlighted_at.unwrap_or(now));
            let id = highlights::insert_in_book(tx, book_id, &highlight, &created_at, &now_text)?;
            if row.color != Color::default() {
                highlights::set_color(tx, id, row.color, &now_text)?;
            }
            for tag in &row.tags {
                tags::add_to_highlight(tx, id, tag)?;
            }
            stored.push(BookHighlight { id, ..highlight });
            counts.added += 1;
            changed = true;
        }
        outcomes.push(match (created, changed) {
            (true, _) => SaveOutcome::Imported(book_id),
            (false, true) => SaveOutcome::Updated(book_id),
            (false, false) => SaveOutcome::Unchanged(book_id),
        });
    }
    Ok((outcomes, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_places_and_moments_as_readwise_writes_them() {
        assert_eq!(range("214"), Some((214, 214)));
        assert_eq!(range("214-215"), Some((214, 215)));
        assert_eq!(range("x"), None);
        assert!(moment("2024-03-01 09:30:00").is_some());
        assert!(moment("2024-03-01T09:30:00Z").is_some());
        assert!(moment("99999-01-01 00:00:00").is_none());
        assert!(is_readwise_csv(
            "\u{feff}Highlight,Book Title,Book Author\n"
        ));
        assert!(!is_readwise_csv("name,phone\n"));
    }
}
