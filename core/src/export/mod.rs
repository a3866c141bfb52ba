//! Taking the library out: Markdown files for Obsidian and other Markdown tools (updated in
//! place on re-export), Readwise's CSV and W3C Web Annotations. What is exported is a
//! [`Scope`]: everything out of the trash, the hits of a search, or chosen clippings.

mod csv;
pub mod json;
mod markdown;
mod w3c;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Clipping, Highlight};
use crate::query::SearchSort;
use crate::store::library::Library;

pub use markdown::file_name;

/// The formats Commonplace exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One Markdown file per clipping, into a folder.
    Markdown,
    /// Readwise's CSV.
    Csv,
    /// A W3C `AnnotationCollection` in JSON-LD.
    W3c,
    /// Everything, losslessly: what `import` reads back.
    Json,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "markdown" | "md" => Some(Format::Markdown),
            "csv" | "readwise" => Some(Format::Csv),
            "w3c" | "annotations" => Some(Format::W3c),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The hits of this search (its clippings, and the clippings of its highlights).
    pub query: Option<String>,
    /// These clippings (with `query`, those of them it finds).
    pub clippings: Vec<i64>,
}

/// How an export goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Markdown: the article's text after its highlights.
    pub with_body: bool,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub format: Option<Format>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// Files written new.
    pub written: u32,
    /// Files that were there and changed.
    pub updated: u32,
    /// Files that were there and would not change: left as they were, not even touched.
    pub unchanged: u32,
    pub clippings: u32,
    pub highlights: u32,
}

/// One clipping as an export sees it: the whole clipping and its highlights, in reading
/// order.
pub(crate) struct Item {
    pub clipping: Clipping,
    pub highlights: Vec<Highlight>,
}

impl Library {
    /// The ids of the clippings `scope` stands for, oldest first (a stable order for files
    /// that hold many).
    pub fn export_ids(&self, scope: &Scope) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = match &scope.query {
            Some(query) => {
                let mut ids = Vec::new();
                let mut after: Option<String> = None;
                loop {
                    let page = self.search_page(
                        query,
                        Some(SearchSort::Newest),
                        &Default::default(),
                        after.as_deref(),
                        Some(500),
                    )?;
                    ids.extend(page.items.iter().map(|h| h.clipping_id));
                    match page.next {
                        Some(next) => after = Some(next),
                        None => break,
                    }
                }
                if !scope.clippings.is_empty() {
                    ids.retain(|id| scope.clippings.contains(id));
                }
                ids
            }
            None if !scope.clippings.is_empty() => {
                for id in &scope.clippings {
                    self.clipping(*id)?;
                }
                scope.clippings.clone()
            }
            None => self.list_clippings()?.iter().map(|c| c.id).collect(),
        };
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    fn export_item(&self, id: i64, with_body: bool) -> Result<Item> {
        Ok(Item {
            clipping: crate::store::clippings::get_with(&self.conn, id, with_body)?,
            highlights: self.highlights(Some(id))?,
        })
    }

    /// Exports `scope` in `format` to `out` (a folder for Markdown, a file for the others),
    /// telling `progress` (done, of all) after each clipping.
    pub fn export(
        &self,
        format: Format,
        out: &Path,
        scope: &Scope,
        options: &ExportOptions,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<ExportReport> {
        let mut report = ExportReport {
            format: Some(format),
            path: out.to_path_buf(),
            ..ExportReport::default()
        };
        if format == Format::Json {
            let text = self.json_export(scope, &mut report)?;
            write_file(out, &text, &mut report)?;
            return Ok(report);
        }
        let ids = self.export_ids(scope)?;
        let total = ids.len();
        let items = ids.iter().enumerate().map(|(i, id)| {
            let item = self.export_item(*id, options.with_body);
            progress(i + 1, total);
            item
        });
        match format {
            Format::Markdown => markdown::export(items, out, options, &mut report)?,
            Format::Csv => {
                let text = csv::export(items, &mut report)?;
                write_file(out, &text, &mut report)?;
            }
            Format::W3c => {
                let text = w3c::export(items, &mut report)?;
                write_file(out, &text, &mut report)?;
            }
            Format::Json => unreachable!("written above"),
        }
        Ok(report)
    }

    /// Clipping `id` as Markdown to paste anywhere: title, byline, note, highlights.
    pub fn clipping_markdown(&self, id: i64) -> Result<String> {
        Ok(markdown::for_copy(&self.export_item(id, false)?))
    }

    /// The lossless export: everything, the trash included, unless `scope` names clippings.
    fn json_export(&self, scope: &Scope, report: &mut ExportReport) -> Result<String> {
        let ids = if scope == &Scope::default() {
            None
        } else {
            Some(self.export_ids(scope)?)
        };
        json::export(&self.conn, ids.as_deref(), report)
    }

    /// [`Library::export`] of a file format into a string (for standard output).
    pub fn export_text(&self, format: Format, scope: &Scope) -> Result<(String, ExportReport)> {
        let ids = self.export_ids(scope)?;
        let items = ids.iter().map(|id| self.export_item(*id, false));
        let mut report = ExportReport {
            format: Some(format),
            path: PathBuf::from("-"),
            ..ExportReport::default()
        };
        let text = match format {
            Format::Json => self.json_export(scope, &mut report)?,
            Format::Csv => csv::export(items, &mut report)?,
            Format::W3c => w3c::export(items, &mut report)?,
            Format::Markdown => {
                let mut all = String::new();
                for item in items {
                    let item = item?;
                    report.clippings += 1;
                    report.highlights += item.highlights.len() as u32;
                    all.push_str(&markdown::document(&item, &ExportOptions::default(), ""));
                    all.push('\n');
                }
                all
            }
        };
        Ok((text, report))
    }
}

/// Writes `text` to `path` through a temporary file beside it (a reader never sees half a
/// file); a file that already holds exactly `text` is left alone.
pub(crate) fn write_if_changed(path: &Path, text: &str) -> Result<Written> {
    match holds_exactly(path, text.as_bytes()) {
        Some(true) => Ok(Written::Unchanged),
        // `before` only tells that there is a file: it differs.
        Some(false) => replace(path, text).map(|()| Written::Updated),
        None => replace(path, text).map(|()| Written::New),
    }
}

/// Whether the file at `path` holds exactly `bytes` (`None`: there is no file to read),
/// read a part at a time and only as far as the first difference: an export of a whole
/// library is a gigabyte, and one made again differs in its first line (its time).
fn holds_exactly(path: &Path, bytes: &[u8]) -> Option<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() != bytes.len() as u64 {
        return Some(false);
    }
    let mut part = vec![0; 1 << 20];
    let mut at = 0;
    loop {
        let n = match file.read(&mut part) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Some(false),
        };
        if n == 0 {
            return Some(at == bytes.len());
        }
        if bytes.get(at..at + n) != Some(&part[..n]) {
            return Some(false);
        }
        at += n;
    }
}

/// [`write_if_changed`] when what the file holds now is known (`None`: there is none).
pub(crate) fn write_over(path: &Path, text: &str, before: Option<&[u8]>) -> Result<Written> {
    if before == Some(text.as_bytes()) {
        return Ok(Written::Unchanged);
    }
    replace(path, text)?;
    Ok(if before.is_some() {
        Written::Updated
    } else {
        Written::New
    })
}

/// Puts `text` at `path` through a temporary file beside it.
fn replace(path: &Path, text: &str) -> Result<()> {
    let io = |source| crate::error::Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".commonplace-partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}

/// What [`write_if_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    New,
    Updated,
    Unchanged,
}

fn write_file(path: &Path, text: &str, report: &mut ExportReport) -> Result<()> {
    match write_if_changed(path, text)? {
        Written::New => report.written += 1,
        Written::Updated => report.updated += 1,
        Written::Unchanged => report.unchanged += 1,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_only_when_what_it_would_hold_differs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        assert_eq!(write_if_changed(&path, "{\"a\":1}").unwrap(), Written::New);
        let written = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(
            write_if_changed(&path, "{\"a\":1}").unwrap(),
            Written::Unchanged
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            written
        );
        // The same size, another byte; then another size; then nothing at all.
        assert_eq!(
            write_if_changed(&path, "{\"a\":2}").unwrap(),
            Written::Updated
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"a\":2}");
        assert_eq!(
            write_if_changed(&path, "{\"a\":22}").unwrap(),
            Written::Updated
        );
        assert_eq!(write_if_changed(&path, "").unwrap(), Written::Updated);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
        // A file longer than a part read at a time, different only at its end.
        let long = "x".repeat((1 << 20) + 5);
        assert_eq!(write_if_changed(&path, &long).unwrap(), Written::Updated);
        assert_eq!(write_if_changed(&path, &long).unwrap(), Written::Unchanged);
        let other = format!("{}y", &long[..long.len() - 1]);
        assert_eq!(write_if_changed(&path, &other).unwrap(), Written::Updated);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), other);
    }
}
