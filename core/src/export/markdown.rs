//! Markdown export: one file per clipping, for Obsidian and other Markdown tools.
//!
//! A file is YAML front matter (`title`, `author`, `site`, `url`, `published`, `clipped`,
//! `tags`, `commonplace_id`), then our part between two markers: the clipping's note and
//! its highlights in reading order as block quotes, each with its colour, page or
//! location, tags, note and a block ID (`^cp-h<id>`) that links to it survive re-exports
//! through. Exporting into the same folder again updates each file in place: the person's
//! own front matter keys and everything outside the markers are kept; a file they renamed
//! or moved within the folder is found again by its `commonplace_id`; a file whose content
//! would not change is not written at all; no file is ever deleted.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::export::{ExportOptions, ExportReport, Item, Written, write_over};
use crate::model::Highlight;

pub(crate) const BEGIN: &str = "<!-- commonplace:begin · rewritten by each export from Commonplace; write outside these markers -->";
pub(crate) const END: &str = "<!-- commonplace:end -->";

/// The keys of the front matter that are ours; any other key is the person's, and kept.
const OUR_KEYS: &[&str] = &[
    "title",
    "author",
    "site",
    "url",
    "published",
    "clipped",
    "tags",
    "commonplace_id",
];

/// A file name for a clipping titled `title`: safe on Windows, macOS and Linux (no
/// reserved characters or names, no trailing dot or space, no leading dot, at most 120
/// characters), with `.md`.
pub fn file_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '#' | '^' | '[' | ']' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > 120 {
        name = name.chars().take(120).collect();
    }
    let mut name = name
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .to_owned();
    if name.is_empty() {
        name = "Untitled".to_owned();
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.push('_');
    }
    format!("{name}.md")
}

/// A YAML scalar: a JSON string is a valid YAML double-quoted one.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Our front matter entries, in order: (key, the entry's text).
fn our_front_matter(item: &Item) -> Vec<(&'static str, String)> {
    let c = &item.clipping.summary;
    let mut entries = vec![("title", format!("title: {}", quoted(&c.title)))];
    if let Some(author) = &c.author {
        entries.push(("author", format!("author: {}", quoted(author))));
    }
    if let Some(site) = &c.site_name {
        entries.push(("site", format!("site: {}", quoted(site))));
    }
    if let Some(url) = &c.source_url {
        entries.push(("url", format!("url: {}", quoted(url))));
    }
    if let Some(published) = &c.published_at {
        entries.push(("published", format!("published: {published}")));
    }
    entries.push((
        "clipped",
        format!("clipped: {}", crate::date::format_timestamp(c.clipped_at)),
    ));
    let tags: Vec<String> = c.tags.iter().map(|t| quoted(t)).collect();
    entries.push(("tags", format!("tags: [{}]", tags.join(", "))));
    entries.push(("commonplace_id", format!("commonplace_id: {}", c.id)));
    entries
}

/// `#politics/europe`: a tag as Obsidian reads one (no spaces in it).
fn hashtag(tag: &str) -> String {
    format!("#{}", tag.split_whitespace().collect::<Vec<_>>().join("-"))
}

fn highlight_block(h: &Highlight, block_id: bool, out: &mut String) {
    for line in h.text.lines() {
        out.push_str("> ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if h.text.lines().next().is_none() {
        out.push_str(">\n");
    }
    if block_id {
        out.push_str(&format!("\n^cp-h{}\n\n", h.id));
    } else {
        out.push('\n');
    }
    let mut meta = vec![format!("{:?}", h.color).to_lowercase()];
    if let Some(page) = &h.page {
        meta.push(format!("page {page}"));
    }
    if let Some(location) = &h.location {
        meta.push(format!("location {location}"));
    }
    if h.status == crate::model::Status::Orphaned {
        meta.push("its words are no longer in the article".to_owned());
    }
    meta.extend(h.tags.iter().map(|t| hashtag(t)));
    out.push_str(&format!("*{}*\n", meta.join(" · ")));
    if !h.note.trim().is_empty() {
        out.push('\n');
        out.push_str(h.note.trim());
        out.push('\n');
    }
    out.push('\n');
}

/// Our part of the file, between the markers (markers included).
fn ours(item: &Item, options: &ExportOptions) -> String {
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str("\n\n");
    out.push_str(&body(item, options, true));
    out.push_str(END);
    out.push('\n');
    out
}

/// A clipping as Markdown to paste anywhere: its title, byline, note and highlights, with
/// no markers or block IDs.
pub(crate) fn for_copy(item: &Item) -> String {
    body(item, &ExportOptions::default(), false)
        .trim_end()
        .to_owned()
        + "\n"
}

fn body(item: &Item, options: &ExportOptions, block_ids: bool) -> String {
    let c = &item.clipping;
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", c.summary.title.trim()));
    let mut byline: Vec<String> = Vec::new();
    if let Some(author) = &c.summary.author {
        byline.push(author.clone());
    }
    if let Some(site) = &c.summary.site_name {
        byline.push(site.clone());
    }
    if let Some(url) = &c.summary.source_url {
        byline.push(format!("[source]({url})"));
    }
    if !byline.is_empty() {
        out.push_str(&byline.join(" · "));
        out.push_str("\n\n");
    }
    if !c.note.trim().is_empty() {
        out.push_str("## Note\n\n");
        out.push_str(c.note.trim());
        out.push_str("\n\n");
    }
    if !item.highlights.is_empty() {
        out.push_str("## Highlights\n\n");
        for h in &item.highlights {
            highlight_block(h, block_ids, &mut out);
        }
    }
    if options.with_body && !c.text.trim().is_empty() {
        out.push_str("## Article\n\n");
        for paragraph in c.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push_str(paragraph);
            out.push_str("\n\n");
        }
    }
    out
}

/// A file's front matter and the rest, when it begins with `---`.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..at]), &rest[at + line.len()..]);
        }
        at += line.len();
    }
    (None, text)
}

/// The entries of a front matter: each top-level `key:` line with the indented or list
/// lines under it, as (key, text).
fn entries(front: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in front.split_inclusive('\n') {
        let top = !line.starts_with([' ', '\t', '-', '#']) && line.contains(':');
        if top || entries.is_empty() {
            let key = line.split(':').next().unwrap_or("").trim().to_owned();
            entries.push((key, line.to_owned()));
        } else if let Some(last) = entries.last_mut() {
            last.1.push_str(line);
        }
    }
    entries
}

/// The clipping id a file's front matter names.
fn id_in(text: &str) -> Option<i64> {
    let (front, _) = split_front_matter(text);
    entries(front?)
        .into_iter()
        .find(|(key, _)| key == "commonplace_id")
        .and_then(|(_, line)| line.split_once(':')?.1.trim().parse().ok())
}

/// The clipping id in the front matter of the file at `path`, reading its beginning only
/// when the front matter ends there (a vault holds thousands of files).
fn id_of_file(path: &Path) -> Option<i64> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    match id_in(&text) {
        Some(id) => Some(id),
        // A front matter longer than the head: read it all.
        None if head.len() == 4096 && text.starts_with("---") => {
            id_in(&std::fs::read_to_string(path).ok()?)
        }
        None => None,
    }
}

/// The whole file for `item`, given what the file holds now (`existing`, empty for a new
/// one): our front matter keys and our part are made anew; everything else is kept.
pub(crate) fn document(item: &Item, options: &ExportOptions, existing: &str) -> String {
    let (front, body) = split_front_matter(existing);
    let mut out = String::from("---\n");
    for (_, entry) in our_front_matter(item) {
        out.push_str(&entry);
        out.push('\n');
    }
    if let Some(front) = front {
        for (key, text) in entries(front) {
            if !OUR_KEYS.contains(&key.as_str()) {
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out.push_str("---\n");
    let part = ours(item, options);
    match (body.find(BEGIN), body.find(END)) {
        (Some(begin), Some(end)) if end > begin => {
            let after = &body[end + END.len()..];
            let after = after.strip_prefix('\n').unwrap_or(after);
            out.push_str(&body[..begin]);
            out.push_str(&part);
            out.push_str(after);
        }
        _ => {
            // No markers (a new file, or the person took them out): everything the file
            // holds stays, before our part.
            if !body.trim().is_empty() {
                out.push_str(body);
                if !body.ends_with('\n') {
                    out.push('\n');
                }
                out.push('\n');
            } else {
                out.push('\n');
            }
            out.push_str(&part);
        }
    }
    out
}

/// Every Markdown file under `folder` (hidden folders such as `.obsidian` aside) that names
/// a clipping in its front matter, by that id.
fn existing_files(folder: &Path) -> HashMap<i64, PathBuf> {
    let mut found = HashMap::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
                && let Some(id) = id_of_file(&path)
            {
                found.entry(id).or_insert(path);
            }
        }
    }
    found
}

pub(crate) fn export(
    items: impl Iterator<Item = Result<Item>>,
    folder: &Path,
    options: &ExportOptions,
    report: &mut ExportReport,
) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|source| crate::error::Error::CreateFolder {
        path: folder.to_path_buf(),
        source,
    })?;
    let existing = existing_files(folder);
    // Names are compared as the most forgiving file system would (case folded).
    let mut taken: HashSet<String> = existing
        .values()
        .map(|p| p.to_string_lossy().to_lowercase())
        .collect();
    for item in items {
        let item = item?;
        let id = item.clipping.summary.id;
        let path = match existing.get(&id) {
            Some(path) => path.clone(),
            None => {
                let name = file_name(&item.clipping.summary.title);
                let mut path = folder.join(&name);
                let free = |p: &Path, taken: &HashSet<String>| {
                    !taken.contains(&p.to_string_lossy().to_lowercase()) && !p.exists()
                };
                if !free(&path, &taken) {
                    let stem = name.trim_end_matches(".md");
                    path = folder.join(format!("{stem} ({id}).md"));
                }
                taken.insert(path.to_string_lossy().to_lowercase());
                path
            }
        };
        let before = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                // Not text we can keep as it is: the file is left alone.
                Err(_) => {
                    report.unchanged += 1;
                    report.clippings += 1;
                    continue;
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(crate::error::Error::Read { path, source }),
        };
        let text = document(&item, options, before.as_deref().unwrap_or(""));
        match write_over(&path, &text, before.as_deref().map(str::as_bytes))? {
            Written::New => report.written += 1,
            Written::Updated => report.updated += 1,
            Written::Unchanged => report.unchanged += 1,
        }
        report.clippings += 1;
        report.highlights += item.highlights.len() as u32;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(file_name("A: B / C?"), "A B C.md");
        assert_eq!(file_name("con"), "con_.md");
        assert_eq!(file_name("COM3.txt"), "COM3.txt_.md");
        assert_eq!(file_name("...hidden"), "hidden.md");
        assert_eq!(file_name("Ends with a dot."), "Ends with a dot.md");
        assert_eq!(file_name("  "), "Untitled.md");
        assert_eq!(file_name(&"x".repeat(300)).chars().count(), 123);
        assert_eq!(file_name("東京の図書館"), "東京の図書館.md");
    }

    #[test]
    fn front_matter_keeps_the_persons_keys() {
        let front = "title: \"Old\"\naliases:\n  - one\n  - two\ncommonplace_id: 7\nrating: 5\n";
        let keys: Vec<String> = entries(front).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "aliases", "commonplace_id", "rating"]);
        assert_eq!(id_in(&format!("---\n{front}---\nBody")), Some(7));
        assert_eq!(id_in("No front matter"), None);
    }
}
