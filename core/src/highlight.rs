//! Highlights: making, editing, deleting (and undoing that), listing and citing them. Where
//! a highlight is, and how it is found again when its clipping changes, is
//! [`crate::anchor`]; its storage is [`crate::store::highlights`]. Book highlights from
//! Kindle carry a location instead of positions.

use chrono::Utc;
use serde::Serialize;

use crate::anchor::{Anchor, Anchorer, Quote, Text};
use crate::date::format_timestamp;
use crate::error::{Error, Result};
use crate::model::{Color, Highlight, HighlightPage, HighlightQuery};
use crate::store::filter::Subtree;
use crate::store::highlights::{self, NewHighlight};
use crate::store::library::Library;
use crate::store::{clippings, tags};

/// Where a new highlight goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Code points `start..end` of the clipping's text; `exact` is what the caller saw
    /// there, checked against the text (when it differs, the quote decides).
    Range {
        start: usize,
        end: usize,
        exact: Option<String>,
    },
    /// The `occurrence`-th (from 1) occurrence of `exact`.
    Quote { exact: String, occurrence: usize },
}

/// A citation of a highlight, as plain text and as Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    /// `“quote” — Author, Title, Site (date). URL`
    pub text: String,
    /// A Markdown block quote with the same attribution.
    pub markdown: String,
}

impl Library {
    /// Every highlight of one clipping (in reading order, orphans last), or of the whole
    /// library (newest first); deleted highlights and those of clippings in the trash are
    /// left out.
    pub fn highlights(&self, clipping_id: Option<i64>) -> Result<Vec<Highlight>> {
        self.find_highlights(clipping_id, None, None)
    }

    /// As [`Library::highlights`], only those carrying tag `tag` (or one beneath it) and of
    /// colour `color`, when given.
    pub fn find_highlights(
        &self,
        clipping_id: Option<i64>,
        tag: Option<&str>,
        color: Option<Color>,
    ) -> Result<Vec<Highlight>> {
        let tag = tag.map(Subtree::of).transpose()?;
        highlights::find(&self.conn, clipping_id, tag.as_ref(), color)
    }

    /// One highlight, deleted or not.
    pub fn highlight(&self, id: i64) -> Result<Highlight> {
        highlights::get(&self.conn, id)
    }

    /// One page of the library's highlights, newest first.
    pub fn highlight_page(&self, query: &HighlightQuery) -> Result<HighlightPage> {
        highlights::page(&self.conn, query)
    }

    /// Highlights `target` in clipping `clipping_id`'s current text.
    pub fn add_highlight(
        &mut self,
        clipping_id: i64,
        target: &Target,
        color: Color,
        note: &str,
    ) -> Result<Highlight> {
        let id = self.write(|tx| {
            let (version_id, text) = clippings::current_text(tx, clipping_id)?;
            let (start, end) = resolve_target(clipping_id, &text, target)?;
            let quote = Text::new(&text).quote(start, end);
            let new = NewHighlight {
                clipping_id,
                version_id,
                quote: &quote,
                start,
                end,
                color,
                note,
            };
            highlights::insert(tx, &new, &format_timestamp(Utc::now()))
        })?;
        self.highlight(id)
    }

    /// Changes a highlight's colour and/or note.
    pub fn edit_highlight(
        &mut self,
        id: i64,
        color: Option<Color>,
        note: Option<&str>,
    ) -> Result<Highlight> {
        self.change_highlight(id, color, note, &[], &[])
    }

    /// Changes a highlight's colour and note (each when given) and its tags, all in one
    /// transaction: every change, or none.
    pub fn change_highlight(
        &mut self,
        id: i64,
        color: Option<Color>,
        note: Option<&str>,
        add_tags: &[String],
        remove_tags: &[String],
    ) -> Result<Highlight> {
        self.write(|tx| {
            highlights::change(tx, id, color, note, &format_timestamp(Utc::now()))?;
            for tag in add_tags {
                tags::add_to_highlight(tx, id, tag)?;
            }
            for tag in remove_tags {
                tags::remove_from_highlight(tx, id, tag)?;
            }
            Ok(())
        })?;
        self.highlight(id)
    }

    /// Deletes a highlight; [`Library::restore_highlight`] brings it back with its note.
    pub fn delete_highlight(&mut self, id: i64) -> Result<Highlight> {
        self.set_deleted(id, true)
    }

    /// Brings back a deleted highlight.
    pub fn restore_highlight(&mut self, id: i64) -> Result<Highlight> {
        self.set_deleted(id, false)
    }

    fn set_deleted(&mut self, id: i64, deleted: bool) -> Result<Highlight> {
        let now = format_timestamp(Utc::now());
        self.write(|tx| highlights::set_deleted(tx, id, deleted, &now))?;
        self.highlight(id)
    }

    /// Sets a clipping's own note (Markdown).
    pub fn set_clipping_note(&mut self, clipping_id: i64, note: &str) -> Result<()> {
        let now = format_timestamp(Utc::now());
        self.write(|tx| clippings::set_note(tx, clipping_id, note, &now))
    }

    /// The citation of a highlight: its words and where they are from.
    pub fn citation(&self, highlight_id: i64) -> Result<Citation> {
        let highlight = self.highlight(highlight_id)?;
        let place = match (&highlight.page, &highlight.location) {
            (Some(page), Some(location)) => Some(format!("page {page}, location {location}")),
            (Some(page), None) => Some(format!("page {page}")),
            (None, location) => location.clone(),
        };
        self.cite(highlight.clipping_id, &highlight.text, place.as_deref())
    }

    /// The citation of `words` from clipping `clipping_id` (at a book's `location`, or at
    /// a place that names its page, `page 9, location 214-215`):
    /// `“words” — Author, Title, Site (date). URL`, and a Markdown block quote.
    pub fn cite(&self, clipping_id: i64, words: &str, location: Option<&str>) -> Result<Citation> {
        let clipping = self.clipping(clipping_id)?.summary;
        let mut source: Vec<String> = Vec::new();
        source.extend(clipping.author.clone());
        source.push(clipping.title.clone());
        source.extend(clipping.site_name.clone());
        let mut attribution = source.join(", ");
        if let Some(location) = location {
            let location = if location.starts_with("page") {
                location.to_owned()
            } else {
                format!("location {location}")
            };
            attribution.push_str(&format!(", {location}"));
        }
        if let Some(published) = clipping.published_at {
            let date = published.to_string();
            attribution.push_str(&format!(" ({})", date.get(..10).unwrap_or(&date)));
        }
        attribution.push('.');
        let url = clipping.source_url.clone();
        let words = words.trim();
        let text = match &url {
            Some(url) => format!("“{words}” — {attribution} {url}"),
            None => format!("“{words}” — {attribution}"),
        };
        let mut markdown: String = words
            .lines()
            .map(|l| format!("> {l}").trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n");
        let linked_title = match &url {
            Some(url) => format!("[{}]({url})", clipping.title),
            None => format!("*{}*", clipping.title),
        };
        let markdown_attribution = attribution.replacen(&clipping.title, &linked_title, 1);
        markdown.push_str(&format!("\n>\n> — {markdown_attribution}"));
        Ok(Citation { text, markdown })
    }
}

impl Citation {
    /// The Markdown form, or the plain one.
    pub fn form(&self, markdown: bool) -> &str {
        if markdown { &self.markdown } else { &self.text }
    }
}

/// The code point range `target` names in `text`.
fn resolve_target(clipping_id: i64, text: &str, target: &Target) -> Result<(usize, usize)> {
    let len = text.chars().count();
    match target {
        Target::Range { start, end, exact } => {
            if start >= end || *end > len {
                return Err(Error::InvalidRange {
                    clipping: clipping_id,
                    start: *start,
                    end: *end,
                    len,
                });
            }
            let indexed = Text::new(text);
            match exact {
                Some(exact) if indexed.slice(*start, *end) != exact => {
                    // What the caller saw is not there: trust the words, near that place.
                    let quote = Quote {
                        exact: exact.clone(),
                        ..Quote::default()
                    };
                    match Anchorer::new(text).anchor(&quote, Some(*start)) {
                        Anchor::Exact { start, end } => Ok((start, end)),
                        _ => Err(Error::QuoteNotFound {
                            clipping: clipping_id,
                            quote: exact.clone(),
                            occurrence: 1,
                            found: 0,
                        }),
                    }
                }
                _ => Ok((*start, *end)),
            }
        }
        Target::Quote { exact, occurrence } => {
            let not_found = |found| Error::QuoteNotFound {
                clipping: clipping_id,
                quote: exact.clone(),
                occurrence: *occurrence,
                found,
            };
            if exact.is_empty() || *occurrence == 0 {
                return Err(not_found(0));
            }
            let starts: Vec<usize> = text.match_indices(exact.as_str()).map(|(b, _)| b).collect();
            let byte = *starts
                .get(occurrence - 1)
                .ok_or_else(|| not_found(starts.len()))?;
            let start = text[..byte].chars().count();
            Ok((start, start + exact.chars().count()))
        }
    }
}
