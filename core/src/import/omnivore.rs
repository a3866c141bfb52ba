//! Omnivore's export zip: `metadata_*.json` (each saved article's title, author, address,
//! labels and dates), `content/<slug>.html` (its page) and `highlights/<slug>.md` (its
//! highlights as Markdown block quotes, each followed by its note). Each article becomes a
//! clipping with its content, read as a saved page, its labels as tags and its highlights
//! anchored in its text. Recognised by those entries, whatever the zip is named. An
//! article whose content is missing is still kept, with its highlights waiting for its text.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::Value;

use crate::anchor::Quote;
use crate::error::{Error, Result};
use crate::image::ImageSource;
use crate::import::annotations::{Annotation, place_on};
use crate::import::book::HighlightCounts;
use crate::import::kindle::Warning;
use crate::model::{ClippingKind, Color, NewClipping, SaveOutcome};

/// One saved article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub clipping: NewClipping,
    pub highlights: Vec<Annotation>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OmnivoreExport {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

/// Whether the zip at `path` is Omnivore's export: it holds a `metadata_*.json`.
pub fn is_omnivore(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    zip.file_names().any(is_metadata)
}

fn is_metadata(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.starts_with("metadata_") && base.ends_with(".json")
}

/// Entries of a zip bigger than this are not read (a zip bomb expands without end).
const MAX_ENTRY: u64 = 64 * 1024 * 1024;

fn entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Option<String> {
    let found = zip
        .file_names()
        .find(|n| *n == name || n.ends_with(&format!("/{name}")))?
        .to_owned();
    let file = zip.by_name(&found).ok()?;
    let mut text = String::new();
    file.take(MAX_ENTRY).read_to_string(&mut text).ok()?;
    Some(text)
}

/// Omnivore's highlights file: block quotes, each followed by its note. The quote ends
/// with a link back to Omnivore (`[⤴️](https://omnivore.app/…)`), which is not its words.
fn highlights(markdown: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut quote: Vec<String> = Vec::new();
    let mut note: Vec<String> = Vec::new();
    let mut flush = |quote: &mut Vec<String>, note: &mut Vec<String>| {
        if !quote.is_empty() {
            let mut words = quote.join("\n");
            if let Some(at) = words.rfind(" [⤴") {
                words.truncate(at);
            }
            let words = words.trim().to_owned();
            if !words.is_empty() {
                out.push((words, note.join("\n").trim().to_owned()));
            }
        }
        quote.clear();
        note.clear();
    };
    // A quote ends at the first line that is not one: a blank line, or its note.
    let mut after_quote = false;
    for line in markdown.lines() {
        if let Some(rest) = line.strip_prefix('>') {
            if after_quote {
                flush(&mut quote, &mut note);
                after_quote = false;
            }
            quote.push(rest.strip_prefix(' ').unwrap_or(rest).to_owned());
        } else if !quote.is_empty() {
            after_quote = true;
            if !line.trim().is_empty() || !note.is_empty() {
                note.push(line.to_owned());
            }
        }
    }
    flush(&mut quote, &mut note);
    out
}

pub fn parse(path: &Path) -> Result<OmnivoreExport> {
    let failed = |message: String| Error::InvalidClippings {
        path: path.to_path_buf(),
        entry: 0,
        line: 0,
        message,
    };
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| failed(format!("not a zip: {e}")))?;
    let mut metadata: Vec<String> = zip
        .file_names()
        .filter(|n| is_metadata(n))
        .map(str::to_owned)
        .collect();
    metadata.sort();
    let mut export = OmnivoreExport::default();
    let mut number = 0;
    for name in metadata {
        let text = entry(&mut zip, &name).unwrap_or_default();
        let items: Vec<Value> = serde_json::from_str(&text)
            .map_err(|e| failed(format!("{name} is not a list of articles: {e}")))?;
        for item in items {
            number += 1;
            let string = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
            let (Some(slug), Some(url)) = (string("slug"), string("url")) else {
                export.warnings.push(Warning {
                    entry: number,
                    line: 0,
                    message: format!(
                        "article {number} of {name} skipped: it has no slug or address"
                    ),
                });
                continue;
            };
            let html = entry(&mut zip, &format!("content/{slug}.html"));
            let mut clipping = match &html {
                Some(html) => {
                    let lean = crate::body::lean(html).page;
                    crate::import::html::parse(&lean, Path::new(&slug), &ImageSource::DataOnly)
                }
                None => {
                    export.warnings.push(Warning {
                        entry: number,
                        line: 0,
                        message: format!(
                            "{slug}: no content/{slug}.html in the zip; kept without its text"
                        ),
                    });
                    NewClipping {
                        kind: ClippingKind::Article,
                        title: slug.clone(),
                        author: None,
                        site_name: None,
                        source_url: None,
                        published_at: None,
                        tags: Vec::new(),
                        body: crate::body::Body::from_untrusted_html(""),
                    }
                }
            };
            if let Some(title) = string("title").filter(|t| !t.trim().is_empty()) {
                clipping.title = title;
            }
            if let Some(author) = string("author").filter(|a| !a.trim().is_empty()) {
                clipping.author = Some(author);
            }
            clipping.source_url = crate::import::source::canonical_url(&url).or(Some(url));
            if clipping.site_name.is_none() {
                clipping.site_name = clipping
                    .source_url
                    .as_deref()
                    .and_then(crate::import::source::site_name_of);
            }
            if let Some(published) =
                string("publishedAt").and_then(|p| crate::date::parse_published(&p))
            {
                clipping.published_at = Some(published);
            }
            clipping.tags = item
                .get("labels")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|l| l.as_str().or_else(|| l.get("name").and_then(Value::as_str)))
                .map(str::to_owned)
                .collect();
            let saved: Option<DateTime<Utc>> =
                string("savedAt").and_then(|s| crate::date::parse_timestamp(&s));
            let highlights = entry(&mut zip, &format!("highlights/{slug}.md"))
                .map(|md| highlights(&md))
                .unwrap_or_default()
                .into_iter()
                .map(|(exact, note)| Annotation {
                    source: clipping.source_url.clone().unwrap_or_default(),
                    title: None,
                    quote: Quote {
                        exact,
                        prefix: String::new(),
                        suffix: String::new(),
                    },
                    start: None,
                    note,
                    tags: Vec::new(),
                    color: Color::default(),
                    created: saved,
                })
                .collect();
            export.articles.push(Article {
                clipping,
                highlights,
            });
        }
    }
    Ok(export)
}

pub(crate) fn store(
    tx: &Transaction<'_>,
    export: &OmnivoreExport,
    now: DateTime<Utc>,
) -> Result<(Vec<SaveOutcome>, HighlightCounts)> {
    let mut counts = HighlightCounts::default();
    let mut outcomes = Vec::new();
    for article in &export.articles {
        let outcome = crate::clipping::save(tx, &article.clipping, now)?;
        let id = match outcome {
            SaveOutcome::InTrash(_) => {
                outcomes.push(outcome);
                continue;
            }
            other => other.id(),
        };
        let these: Vec<&Annotation> = article.highlights.iter().collect();
        let added = place_on(tx, id, &these, now, &mut counts)?;
        outcomes.push(match outcome {
            SaveOutcome::Unchanged(id) if added => SaveOutcome::Updated(id),
            other => other,
        });
    }
    Ok((outcomes, counts))
}

#[cfg(test)]
mod tests {
    use super::highlights;

    #[test]
    fn reads_omnivores_highlights_file() {
        let md = "> The first words [⤴️](https://omnivore.app/me/a#1)\n\nIts note.\n\n> Two lines\n> of a quote [⤴️](https://omnivore.app/me/a#2)\n\n> No note here [⤴️](x)\n";
        assert_eq!(
            highlights(md),
            vec![
                ("The first words".to_owned(), "Its note.".to_owned()),
                ("Two lines\nof a quote".to_owned(), String::new()),
                ("No note here".to_owned(), String::new()),
            ]
        );
    }
}
