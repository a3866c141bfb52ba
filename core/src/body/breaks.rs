//! White space between blocks, cells and list items, so that words never run together in a
//! body's text. The text is the `textContent` of the stored HTML, and `textContent` puts
//! nothing between `<p>century.</p><p>Simmons</p>`: a minified page would read
//! "century.Simmons", a table "RouteFare", a list "alphabetaonetwo". The stored HTML carries
//! a line break (a tab between cells) wherever a block boundary has words on both sides and
//! no white space between them; the reader collapses it, so nothing changes on screen.
//!
//! This runs over the sanitizer's output, which is markup as html5ever serializes it: tags
//! lowercase, every attribute value double-quoted, `<` in text escaped, no comments, no raw
//! text elements. The white space goes where whitespace text is inert in any parent (between
//! table rows and cells too: the parser never moves white space out of a table). Nothing is
//! ever added inside a `<pre>`, where it would show, and applying it again changes nothing,
//! which is what lets a migration bring stored bodies to what an import makes today.

use std::borrow::Cow;

/// Elements that start a line of their own. `<br>` ends one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Table cells: side by side, a tab apart.
const CELLS: &[&str] = &["td", "th"];

/// What separates the words on either side of a boundary; a line beats a cell.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    Cell,
    Line,
}

impl Gap {
    fn as_str(self) -> &'static str {
        match self {
            Gap::Cell => "\t",
            Gap::Line => "\n",
        }
    }
}

/// `html` with white space at every block boundary that has words right before and after it.
pub(crate) fn with_breaks(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Where white space goes (byte offset into `html`) and which.
    let mut breaks: Vec<(usize, Gap)> = Vec::new();
    // Whether the text so far ends in white space (or there is none yet).
    let mut after_space = true;
    // The boundary seen since the last words, not yet known to have words after it.
    let mut pending: Option<(usize, Gap)> = None;
    let mut in_pre = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'<' {
            let end = memchr::memchr(b'<', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            let text = &html[at..end];
            if let Some((place, gap)) = pending.take() {
                if !after_space && !starts_with_space(text) {
                    breaks.push((place, gap));
                }
            }
            if !text.is_empty() {
                after_space = ends_with_space(text);
            }
            at = end;
            continue;
        }
        let Some(end) = tag_end(bytes, at) else {
            break;
        };
        let (closing, name) = tag_name(&html[at + 1..end]);
        let gap = if BLOCKS.contains(&name) || (name == "br" && !closing) {
            Some(Gap::Line)
        } else if CELLS.contains(&name) {
            Some(Gap::Cell)
        } else {
            None
        };
        if let Some(gap) = gap {
            if in_pre == 0 || (name == "pre" && closing && in_pre == 1) {
                // A start tag's gap goes before it, an end tag's (and a `<br>`'s) after it;
                // the first boundary after the words is where it goes, the widest gap is what.
                let place = if closing || name == "br" { end + 1 } else { at };
                pending = Some(match pending {
                    Some((first, seen)) => (first, seen.max(gap)),
                    None => (place, gap),
                });
            }
        }
        if name == "pre" {
            if closing {
                in_pre = in_pre.saturating_sub(1);
            } else {
                in_pre += 1;
            }
        }
        at = end + 1;
    }
    if breaks.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + breaks.len());
    let mut from = 0;
    for (place, gap) in breaks {
        out.push_str(&html[from..place]);
        out.push_str(gap.as_str());
        from = place;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The offset of the `>` that ends the tag opening at `start`, outside quoted attribute
/// values; `None` when the markup ends first.
fn tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate().skip(start + 1) {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a tag is an end tag, and its name.
fn tag_name(tag: &str) -> (bool, &str) {
    let (closing, rest) = match tag.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, tag),
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    (closing, &rest[..end])
}

/// Whether serialized text begins with white space (a no-break space is one, written
/// `&nbsp;`).
fn starts_with_space(text: &str) -> bool {
    text.starts_with("&nbsp;") || text.chars().next().is_some_and(char::is_whitespace)
}

fn ends_with_space(text: &str) -> bool {
    text.ends_with("&nbsp;") || text.chars().next_back().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::with_breaks;

    #[track_caller]
    fn check(html: &str, expected: &str) {
        assert_eq!(with_breaks(html), expected);
        assert_eq!(with_breaks(expected), expected, "applied twice");
    }

    #[test]
    fn blocks_cells_items_and_line_breaks_are_set_apart() {
        check(
            "<p>century.</p><p>Simmons</p>",
            "<p>century.</p>\n<p>Simmons</p>",
        );
        check(
            "<table><tbody><tr><td>Route</td><td>Fare</td></tr><tr><td>Uig</td><td>7</td></tr></tbody></table>",
            "<table><tbody><tr><td>Route</td>\t<td>Fare</td>\n</tr><tr><td>Uig</td>\t<td>7</td></tr></tbody></table>",
        );
        check(
            "<ul><li>alpha</li><li><b>beta</b></li></ul>",
            "<ul><li>alpha</li>\n<li><b>beta</b></li></ul>",
        );
        check("<p>a lamp<br>a rope</p>", "<p>a lamp<br>\na rope</p>");
        check(
            "<div>Ireland<div><p>Path</p></div></div>",
            "<div>Ireland\n<div><p>Path</p></div></div>",
        );
    }

    #[test]
    fn nothing_is_added_where_white_space_is_already_or_no_words_follow() {
        check("<p>a</p>\n<p>b</p>", "<p>a</p>\n<p>b</p>");
        check("<p>a </p><p>b</p>", "<p>a </p><p>b</p>");
        check("<p>a&nbsp;</p><p>b</p>", "<p>a&nbsp;</p><p>b</p>");
        check("<p>a</p><p> b</p>", "<p>a</p><p> b</p>");
        check("<p>a</p><p></p>", "<p>a</p><p></p>");
        check("<p>one <b>two</b> three</p>", "<p>one <b>two</b> three</p>");
        check("<br><p>a</p>", "<br><p>a</p>");
    }

    #[test]
    fn inside_a_pre_nothing_is_added_and_around_it_the_lines_are_apart() {
        check(
            "<p>then</p><pre><code>a\nb</code><div>c</div></pre><p>after</p>",
            "<p>then</p>\n<pre><code>a\nb</code><div>c</div></pre>\n<p>after</p>",
        );
    }

    #[test]
    fn quoted_attribute_values_and_unfinished_markup_are_read_through() {
        check(
            r#"<p><a href="https://e.org/?a=<p>" title="x>y">one</a></p><p>two</p>"#,
            "<p><a href=\"https://e.org/?a=<p>\" title=\"x>y\">one</a></p>\n<p>two</p>",
        );
        assert_eq!(with_breaks("<p>a</p><p"), "<p>a</p><p");
        assert_eq!(with_breaks(""), "");
        assert_eq!(with_breaks("no tags"), "no tags");
    }
}
