//! The Markdown importer: an article exported as Markdown (a title heading, a `By ...`
//! byline, a date line, the story, an `Original url:` footer), or any Markdown document.
//! Metadata comes from YAML front matter first, then from those lines, which are then left
//! out of the body so they are not shown twice.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::body::Body;
use crate::date::parse_published;
use crate::error::Result;
use crate::image::ImageSource;
use crate::import::front_matter;
use crate::import::source::{canonical_url, site_name_of, title_from_path};
use crate::model::{ClippingKind, NewClipping};

/// How many blocks from the top a byline or a date line may stand at.
const LEADING_BLOCKS: usize = 6;
/// How many blocks from the bottom the `Original url:` footer may stand at.
const TRAILING_BLOCKS: usize = 3;
/// Words that open a byline, in the languages articles arrive in.
const BYLINE_OPENERS: &[&str] = &[
    "By ",
    "BY ",
    "by ",
    "Von ",
    "Par ",
    "Por ",
    "Door ",
    "Di ",
    "Av ",
    "Автор: ",
    "Text: ",
];
/// What stands before the original's address in an exported article's footer.
const FOOTER_OPENERS: &[&str] = &[
    "original url",
    "original link",
    "original article",
    "source url",
];

/// How deep the document's lists and block quotes nest, at most: on each line, the block
/// quote markers (`>`) and list markers (`-`, `*`, `+`, `1.`, `1)`) that open it, plus one
/// level for each two columns of indentation before a marker (a nested list item is
/// indented under its parent). `- - - - x` nests four lists on one line; a hostile file
/// nests thousands in a few kilobytes.
pub(crate) fn container_depth(source: &str) -> usize {
    source.lines().map(line_depth).max().unwrap_or(0)
}

fn line_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut depth = 0;
    let mut indent = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => indent += 1,
            b'\t' => indent += 4,
            _ => break,
        }
        i += 1;
    }
    loop {
        let start = i;
        match bytes.get(i) {
            Some(b'>') => i += 1,
            Some(b'-' | b'*' | b'+') if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {
                i += 1
            }
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = i + digits;
                if digits <= 9
                    && matches!(bytes.get(after), Some(b'.' | b')'))
                    && matches!(bytes.get(after + 1), None | Some(b' ' | b'\t'))
                {
                    i = after + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
        if start == i {
            break;
        }
        depth += 1;
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
    }
    if depth == 0 { 0 } else { depth + indent / 2 }
}

/// Parses a Markdown document into a clipping. `path` names the file in errors and gives
/// the title when the document has none.
pub(crate) fn parse(source: &str, path: &Path) -> Result<NewClipping> {
    let source = crate::import::lone_cr_as_lf(source);
    let (front, markdown) = front_matter::split(&source, path)?;
    let front = front.unwrap_or_default();

    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let blocks = top_level_blocks(&events);
    let mut dropped = vec![false; blocks.len()];

    let mut title = None;
    if let Some(i) = blocks
        .iter()
        .position(|b| is_heading(&events, b, HeadingLevel::H1))
    {
        let text = plain_text(&events[blocks[i].clone()]);
        // With a title in the front matter, a different H1 is part of the story.
        if front
            .title
            .as_ref()
            .is_none_or(|t| t.trim().eq_ignore_ascii_case(&text))
        {
            dropped[i] = true;
        }
        title = Some(text);
    }

    let mut author = None;
    let mut published_at = None;
    for i in 0..blocks.len().min(LEADING_BLOCKS) {
        if dropped[i] {
            continue;
        }
        if published_at.is_none() {
            // `11. Februar 2026` on a line of its own is, to Markdown, a list starting at 11.
            if let Some(date) = date_read_as_list(&events[blocks[i].clone()]) {
                published_at = Some(date);
                dropped[i] = true;
                continue;
            }
        }
        if !is_paragraph(&events, &blocks[i]) {
            continue;
        }
        let text = plain_text(&events[blocks[i].clone()]);
        if author.is_none() {
            if let Some((name, date)) = byline(&text) {
                author = Some(name);
                published_at = published_at.or(date);
                dropped[i] = true;
                continue;
            }
        }
        if published_at.is_none() {
            if let Some(date) = parse_published(&text) {
                published_at = Some(date);
                dropped[i] = true;
            }
        }
    }

    let mut source_url = None;
    for i in (blocks.len().saturating_sub(TRAILING_BLOCKS)..blocks.len()).rev() {
        if let Some((url, lines)) = footer(&events, &blocks, i) {
            source_url = Some(url);
            dropped[i..i + lines].fill(true);
            break;
        }
    }

    let kept = blocks
        .iter()
        .zip(&dropped)
        .filter(|(_, dropped)| !**dropped)
        .flat_map(|(block, _)| events[block.clone()].iter().cloned());
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, without_dead_links(kept));
    let body = Body::with_images(&html, &ImageSource::beside(path));

    let source_url = front.source_url.or(source_url);
    let site_name = front
        .site_name
        .or_else(|| source_url.as_deref().and_then(site_name_of));
    let title = front
        .title
        .or(title)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_path(path));
    Ok(NewClipping {
        kind: ClippingKind::Article,
        title,
        author: front.author.or(author),
        site_name,
        source_url,
        published_at: front.published_at.or(published_at),
        tags: front.tags,
        body,
    })
}

/// The event ranges of the document's top-level blocks, in order.
fn top_level_blocks(events: &[Event<'_>]) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    blocks.push(start..i + 1);
                }
            }
            _ if depth == 0 => blocks.push(i..i + 1),
            _ => {}
        }
    }
    blocks
}

fn is_heading(events: &[Event<'_>], block: &Range<usize>, wanted: HeadingLevel) -> bool {
    matches!(&events[block.start], Event::Start(Tag::Heading { level, .. }) if *level == wanted)
}

fn is_paragraph(events: &[Event<'_>], block: &Range<usize>) -> bool {
    matches!(events[block.start], Event::Start(Tag::Paragraph))
}

/// The words of a block without markup, breaks as spaces, trimmed.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// A one-item ordered list whose number and text together make a date.
fn date_read_as_list(events: &[Event<'_>]) -> Option<crate::date::PublishedAt> {
    let Event::Start(Tag::List(Some(number))) = events.first()? else {
        return None;
    };
    let items = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Item)))
        .count();
    if items != 1 {
        return None;
    }
    parse_published(&format!("{number}. {}", plain_text(events)))
}

/// `By Jane Doe` → the author; `By Jane Doe | March 3, 2026` → the author and the date.
fn byline(text: &str) -> Option<(String, Option<crate::date::PublishedAt>)> {
    if text.chars().count() > 160 {
        return None;
    }
    let rest = BYLINE_OPENERS
        .iter()
        .find_map(|o| text.strip_prefix(o))?
        .trim();
    for separator in [" | ", " · ", " — ", " – ", ", "] {
        if let Some((name, tail)) = rest.rsplit_once(separator) {
            if let Some(date) = parse_published(tail) {
                return Some((name.trim().to_owned(), Some(date))).filter(|(n, _)| !n.is_empty());
            }
        }
    }
    Some((rest.trim_end_matches(',').trim().to_owned(), None)).filter(|(n, _)| !n.is_empty())
}

/// An `Original url:` footer at block `i`: the canonical URL and how many blocks it spans
/// (the address may sit on the line after the label).
fn footer(events: &[Event<'_>], blocks: &[Range<usize>], i: usize) -> Option<(String, usize)> {
    if !is_paragraph(events, &blocks[i]) {
        return None;
    }
    let text = plain_text(&events[blocks[i].clone()]);
    let lower = text.to_lowercase();
    let opener = FOOTER_OPENERS.iter().find(|o| lower.starts_with(**o))?;
    let rest = text
        .get(opener.len()..)?
        .trim_start_matches([':', ' '])
        .trim();
    if rest.is_empty() {
        let next = blocks.get(i + 1).filter(|b| is_paragraph(events, b))?;
        let url = lone_url(&events[next.clone()])?;
        return Some((url, 2));
    }
    let url = lone_url(&events[blocks[i].clone()][1..])
        .or_else(|| canonical_url(rest.trim_matches(['<', '>'])))?;
    Some((url, 1))
}

/// The address of a block that holds nothing but one: `<https://...>`, a bare URL, or a
/// single link.
fn lone_url(events: &[Event<'_>]) -> Option<String> {
    let links: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.as_ref()),
            _ => None,
        })
        .collect();
    match links.as_slice() {
        [one] => canonical_url(one),
        [] => canonical_url(plain_text(events).trim_matches(['<', '>'])),
        _ => None,
    }
}

/// Links to nowhere (`[text](#)` or an empty target) become their plain text.
fn without_dead_links<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut open_links: Vec<bool> = Vec::new();
    events.filter(move |event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => {
            let dead = matches!(dest_url.trim(), "" | "#");
            open_links.push(dead);
            !dead
        }
        Event::End(TagEnd::Link) => !open_links.pop().unwrap_or(false),
        _ => true,
    })
}

#[cfg(test)]
mod depth_tests {
    use super::container_depth;

    #[test]
    fn counts_the_lists_and_quotes_a_line_opens() {
        assert_eq!(container_depth("Just a paragraph.\n"), 0);
        assert_eq!(container_depth("- a\n  - b\n    - c\n"), 3);
        assert_eq!(container_depth("> > > quoted\n"), 3);
        assert_eq!(container_depth("1. one\n2) two\n"), 1);
        assert_eq!(container_depth("- - - x\n"), 3);
        assert_eq!(container_depth("-not a list\n2026. A year\n"), 1);
        assert_eq!(container_depth(&"- ".repeat(20_000)), 20_000);
        // Indentation alone (a code block) opens nothing.
        assert_eq!(container_depth("        code\n"), 0);
    }
}
