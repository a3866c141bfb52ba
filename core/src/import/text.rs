//! The plain-text importer: a `.txt` document that is not a Kindle clippings file. Its
//! first non-empty line is the title; blank lines separate paragraphs, and line breaks
//! inside a paragraph are kept in the text (the reader shows them as spaces).

use std::path::Path;

use crate::body::{Body, escape};
use crate::model::{ClippingKind, NewClipping};

pub(crate) fn parse(source: &str, path: &Path) -> NewClipping {
    // Windows (CR LF) and classic Mac OS (CR alone) line ends read as line ends.
    let source = crate::import::lone_cr_as_lf(source).replace("\r\n", "\n");
    let mut lines = source.lines();
    let title = lines
        .by_ref()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| crate::import::source::title_from_path(path));
    let rest: Vec<&str> = lines.collect();
    let mut html = String::new();
    for paragraph in rest.join("\n").split("\n\n") {
        let paragraph = paragraph.trim_matches('\n');
        if paragraph.trim().is_empty() {
            continue;
        }
        html.push_str("<p>");
        html.push_str(&escape(paragraph));
        html.push_str("</p>\n");
    }
    NewClipping {
        kind: ClippingKind::Article,
        title,
        author: None,
        site_name: None,
        source_url: None,
        published_at: None,
        tags: Vec::new(),
        body: Body::from_untrusted_html(&html),
    }
}
