//! YAML front matter at the top of a Markdown file: the metadata a clipper wrote down, which
//! wins over anything guessed from the text.

use std::path::Path;

use serde_yaml_ng::Value;

use crate::date::{PublishedAt, parse_published};
use crate::error::{Error, Result};
use crate::import::source::canonical_url;

/// The fields of front matter that Commonplace reads.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<PublishedAt>,
    pub source_url: Option<String>,
    pub site_name: Option<String>,
    pub tags: Vec<String>,
}

/// Splits `source` into its front matter (if it opens with a `---` block that closes and holds
/// a YAML mapping) and the Markdown after it. Returns the number of lines the front matter
/// took, so callers can report positions in the original file.
pub(crate) fn split<'a>(source: &'a str, path: &Path) -> Result<(Option<FrontMatter>, &'a str)> {
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        return Ok((None, source));
    };
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" || bare == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    // An opening rule that never closes is a thematic break, not front matter.
    let Some((yaml_end, body_start)) = end else {
        return Ok((None, source));
    };
    let yaml = &rest[..yaml_end];
    let value: Value = serde_yaml_ng::from_str(yaml).map_err(|e| Error::InvalidFrontMatter {
        path: path.to_path_buf(),
        // The YAML starts on line 2 of the file.
        line: e.location().map_or(1, |l| l.line() + 1),
        message: e.to_string(),
    })?;
    let Value::Mapping(map) = value else {
        return Ok((None, source));
    };
    let get = |names: &[&str]| {
        map.iter()
            .find(|(k, _)| {
                k.as_str()
                    .is_some_and(|k| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
            })
            .map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), v))
    };
    let invalid = |key: &str, message: String| Error::InvalidFrontMatter {
        path: path.to_path_buf(),
        line: key_line(yaml, key),
        message,
    };

    let mut fm = FrontMatter {
        title: get(&["title"]).and_then(|(_, v)| scalar(v)),
        author: get(&["author", "authors", "byline"]).and_then(|(_, v)| joined(v)),
        site_name: get(&["site", "site_name", "siteName", "publisher"])
            .and_then(|(_, v)| scalar(v)),
        tags: get(&["tags", "tag"])
            .map(|(_, v)| list(v))
            .unwrap_or_default(),
        ..FrontMatter::default()
    };
    if let Some((key, v)) = get(&["date", "published", "published_at", "publishedAt"]) {
        if let Some(text) = scalar(v) {
            let date = parse_published(&text).ok_or_else(|| {
                invalid(
                    &key,
                    format!("`{key}: {text}` is not a date (write it as 2026-02-11)"),
                )
            })?;
            fm.published_at = Some(date);
        }
    }
    if let Some((key, v)) = get(&[
        "url",
        "source",
        "source_url",
        "sourceUrl",
        "link",
        "original_url",
    ]) {
        if let Some(text) = scalar(v) {
            let url = canonical_url(&text).ok_or_else(|| {
                invalid(
                    &key,
                    format!("`{key}: {text}` is not an http or https address"),
                )
            })?;
            fm.source_url = Some(url);
        }
    }
    Ok((Some(fm), &rest[body_start..]))
}

/// The 1-based line in the file where `key:` is written (the YAML begins on line 2).
fn key_line(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 2)
}

fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// The strings of a sequence, or of a comma-separated string, each once whatever its case.
fn list(v: &Value) -> Vec<String> {
    let mut items: Vec<String> = match v {
        Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| {
                s.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    };
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.to_lowercase()));
    items
}

fn joined(v: &Value) -> Option<String> {
    match v {
        Value::Sequence(_) => Some(list(v).join(", ")).filter(|s| !s.is_empty()),
        other => scalar(other),
    }
}
