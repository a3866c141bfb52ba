//! A document's tags read without parsing it: how deeply its elements nest, and the page
//! without the scripts, styles and comments that no reader reads.
//!
//! How deeply a document's elements nest is known before anything parses it.
//! Importers refuse documents nested far beyond anything a person writes: building the tree
//! of one is slow (the parser's scope checks walk its stack of open elements) and the code
//! that walks a tree afterwards recurses.
//!
//! The tags are read as the HTML tokenizer reads them, by a scanner that follows its states
//! where they decide what is a tag: comments and `<!…>` declarations, quoted and unquoted
//! attribute values (a `>` in quotes ends nothing), and the raw text of `<script>`,
//! `<style>`, `<textarea>`, `<title>` and their kin, where a `<` is no tag (`for (i = 0;
//! i < n; i++)`). It agrees with html5ever's tokenizer on every document the tests generate,
//! and it runs at memory speed: every imported page passes through it.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// Elements that never hold others, or that HTML closes by itself when the next one starts:
/// they do not deepen the tree.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "tbody", "thead", "tfoot",
];

/// Elements whose content the tokenizer reads as text, up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// How deeply the elements of `html` nest (see the module's documentation).
pub fn nesting_depth(html: &str) -> usize {
    let mut depth = Depth::default();
    for token in Tokens::new(html.as_bytes()) {
        depth.read(&token);
    }
    depth.deepest
}

/// A page read once for what an import needs before it parses it: how deeply its elements
/// nest, and the page without what no reader reads: the code of its scripts (but for
/// JSON-LD, which is metadata), its style sheets and its comments (none of which holds
/// elements: the depth is the same). The elements stay, empty, so the page's structure is
/// what it was; only the parse that follows has less to read (scripts and styles are nearly
/// half the bytes of a news page). Borrowed when there is nothing to drop.
#[derive(Debug)]
pub struct Lean<'a> {
    pub page: Cow<'a, str>,
    pub depth: usize,
}

/// Reads `html` once for its [`nesting_depth`] and its [`Lean`] page.
pub fn lean(html: &str) -> Lean<'_> {
    let bytes = html.as_bytes();
    let mut depth = Depth::default();
    let mut dropped: Vec<std::ops::Range<usize>> = Vec::new();
    let mut opened: Option<bool> = None;
    for token in Tokens::new(bytes) {
        depth.read(&token);
        match token {
            Token::Comment(range) => dropped.push(range),
            Token::Start(tag) => {
                let code = tag.name.eq_ignore_ascii_case(b"script")
                    && !contains_ignoring_case(&bytes[tag.start..tag.end], b"ld+json");
                opened = Some(code || tag.name.eq_ignore_ascii_case(b"style"));
            }
            Token::RawText(range) if opened == Some(true) && !range.is_empty() => {
                dropped.push(range);
            }
            _ => opened = None,
        }
    }
    let depth = depth.deepest;
    if dropped.is_empty() {
        return Lean {
            page: Cow::Borrowed(html),
            depth,
        };
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for range in dropped {
        out.push_str(&html[from..range.start]);
        // A `<` that was text before a comment would open a tag with what follows it once
        // the comment is gone (`<<!-- -->div` is the text "<div"): an empty comment stays.
        if out.ends_with('<') {
            out.push_str("<!---->");
        }
        from = range.end;
    }
    out.push_str(&html[from..]);
    Lean {
        page: Cow::Owned(out),
        depth,
    }
}

/// Whether `haystack` holds `needle` (ASCII lower case), in any case.
fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The depth of the open elements as tags go by, and the deepest it has been.
#[derive(Default)]
struct Depth {
    now: usize,
    deepest: usize,
}

impl Depth {
    fn read(&mut self, token: &Token<'_>) {
        match token {
            Token::Start(tag) if !tag.self_closing && !is_one_of(tag.name, NOT_NESTING) => {
                self.now += 1;
                self.deepest = self.deepest.max(self.now);
            }
            Token::End(tag) if !is_one_of(tag.name, NOT_NESTING) => {
                self.now = self.now.saturating_sub(1);
            }
            _ => {}
        }
    }
}

/// Elements whose tags the sanitizer writes and whose content the HTML parser puts in the
/// tree in the order it is written (see [`serialized_text`]).
const IN_ORDER: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tfoot",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Of those, the ones that hold nothing and have no end tag.
const VOID: &[&str] = &["br", "col", "hr", "img", "wbr"];

/// Where text goes elsewhere than written: the parser moves anything but white space, and
/// any element but these, out of a table to before it.
const TABLE_PARTS: &[&str] = &["table", "thead", "tbody", "tfoot", "tr", "colgroup"];
const IN_TABLE: &[&str] = &[
    "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th",
];

/// The `textContent` of markup as the sanitizer serializes it (and [`super::breaks`] sets
/// apart), read without building its tree: the text between the tags, its four escapes
/// undone, and the line break the parser drops after `<pre>`.
///
/// The parser would put the text in the same order only for markup of that shape, so this
/// answers only for it and is `None` for anything else, for a parse to answer: a tag outside
/// [`IN_ORDER`] (raw text, forms, foreign content such as MathML), an escape other than the
/// serializer's, a comment, tags that do not nest, a link in a link (the parser would
/// rearrange them), or anything in a table the parser would move out of it.
pub(crate) fn serialized_text(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    if memchr::memchr2(b'\r', b'\0', bytes).is_some() {
        return None; // The parser rewrites both.
    }
    let mut text = String::with_capacity(html.len() / 2);
    let mut open: Vec<&'static str> = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr2(b'<', b'&', &bytes[at..]) {
        let here = at + found;
        let words = &html[at..here];
        if !words.is_empty() {
            if in_table(&open) && !words.bytes().all(is_space) {
                return None;
            }
            text.push_str(words);
        }
        if bytes[here] == b'&' {
            let rest = &bytes[here..];
            let (escaped, length) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
            ]
            .iter()
            .find(|(e, _)| rest.starts_with(e.as_bytes()))
            .map(|&(e, c)| (c, e.len()))
            .or_else(|| rest.starts_with(b"&nbsp;").then_some(('\u{a0}', 6)))?;
            if in_table(&open) {
                return None;
            }
            text.push(escaped);
            at = here + length;
            continue;
        }
        let closing = bytes.get(here + 1) == Some(&b'/');
        let start = here + 1 + usize::from(closing);
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let tag = read_tag(bytes, here, start)?;
        let name = IN_ORDER
            .iter()
            .copied()
            .find(|n| n.as_bytes() == tag.name)?;
        at = tag.end;
        if closing {
            if open.pop() != Some(name) {
                return None;
            }
            continue;
        }
        if in_table(&open) && !IN_TABLE.contains(&name) {
            return None;
        }
        if name == "a" && open.contains(&"a") {
            return None;
        }
        if VOID.contains(&name) {
            continue;
        }
        if tag.self_closing {
            return None;
        }
        open.push(name);
        if name == "pre" && bytes.get(at) == Some(&b'\n') {
            at += 1;
        }
    }
    if !open.is_empty() {
        return None;
    }
    let words = &html[at..];
    text.push_str(words);
    Some(text)
}

/// The `src` of every `<img>` in `html` (the parser reads `<image>` as one too), in the
/// order written, read without building its tree. `None` when the markup has foreign
/// content (SVG, MathML: where the parser reads raw text differently) or a source with an
/// escape other than `&amp;` and `&quot;` (what a serializer writes), for a parse to answer.
/// A parse finds no more images, and only drops one where it would never show (in a
/// `<select>`, say).
pub(crate) fn image_sources(html: &str) -> Option<Vec<String>> {
    let bytes = html.as_bytes();
    if contains_ignoring_case(bytes, b"<svg") || contains_ignoring_case(bytes, b"<math") {
        return None;
    }
    let mut sources = Vec::new();
    for token in Tokens::new(bytes) {
        let Token::Start(tag) = token else { continue };
        if !(tag.name.eq_ignore_ascii_case(b"img") || tag.name.eq_ignore_ascii_case(b"image")) {
            continue;
        }
        let Some(value) = attribute(&bytes[tag.start..tag.end], tag.name.len(), b"src") else {
            continue;
        };
        let value = std::str::from_utf8(value).ok()?;
        if !value.contains('&') {
            sources.push(value.to_owned());
            continue;
        }
        let unescaped = value.replace("&quot;", "\"").replace("&amp;", "\u{0}");
        if unescaped.contains('&') {
            return None;
        }
        sources.push(unescaped.replace('\u{0}', "&"));
    }
    Some(sources)
}

/// Whether `html` has an `<img>` without a `src` (or with a blank one), read without a
/// parse.
pub(crate) fn has_image_without_source(html: &str) -> bool {
    let bytes = html.as_bytes();
    Tokens::new(bytes).any(|token| match token {
        Token::Start(tag)
            if tag.name.eq_ignore_ascii_case(b"img") || tag.name.eq_ignore_ascii_case(b"image") =>
        {
            attribute(&bytes[tag.start..tag.end], tag.name.len(), b"src")
                .is_none_or(|src| src.iter().all(|&b| is_space(b)))
        }
        _ => false,
    })
}

/// The value of a tag's first attribute named `wanted` (in any case), as written. `tag`
/// runs from its `<` to its `>`; its name is `name_len` bytes long.
fn attribute<'a>(tag: &'a [u8], name_len: usize, wanted: &[u8]) -> Option<&'a [u8]> {
    let end = tag.len() - 1; // The `>`.
    let mut i = 1 + name_len;
    loop {
        while i < end && (is_space(tag[i]) || tag[i] == b'/') {
            i += 1;
        }
        if i >= end {
            return None;
        }
        // A name runs to white space, `/`, `>` or `=` (one that opens it is its own).
        let name_start = i;
        i += 1;
        while i < end && !(is_space(tag[i]) || tag[i] == b'/' || tag[i] == b'=') {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < end && is_space(tag[i]) {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if i < end && tag[i] == b'=' {
            i += 1;
            while i < end && is_space(tag[i]) {
                i += 1;
            }
            if i < end && (tag[i] == b'"' || tag[i] == b'\'') {
                let quote = tag[i];
                let close = i + 1 + memchr(quote, &tag[i + 1..end])?;
                value = &tag[i + 1..close];
                i = close + 1;
            } else {
                let start = i;
                while i < end && !is_space(tag[i]) {
                    i += 1;
                }
                value = &tag[start..i];
            }
        }
        if name.eq_ignore_ascii_case(wanted) {
            return Some(value);
        }
    }
}

/// Whether the innermost open element is a table's, where text does not stay.
fn in_table(open: &[&str]) -> bool {
    open.last().is_some_and(|name| TABLE_PARTS.contains(name))
}

/// What the scanner reads: tags, comments (and other `<!…>`, `<?…>` declarations), and
/// the raw text of elements that hold text only. Text outside them is not reported.
enum Token<'a> {
    Start(Tag<'a>),
    End(Tag<'a>),
    Comment(std::ops::Range<usize>),
    /// The content of a raw text element, right after its start tag.
    RawText(std::ops::Range<usize>),
}

/// The tokens of a document, in order, read as the HTML tokenizer reads them.
struct Tokens<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Raw text to report next, after the start tag that opened it.
    raw: Option<std::ops::Range<usize>>,
    done: bool,
}

impl<'a> Tokens<'a> {
    fn new(bytes: &'a [u8]) -> Tokens<'a> {
        Tokens {
            bytes,
            at: 0,
            raw: None,
            done: false,
        }
    }

    /// After a start tag: where the raw text it opens ends, if it opens any. A
    /// `<plaintext>` holds the rest of the document.
    fn raw_text_after(&self, tag: &Tag<'_>) -> Option<usize> {
        let bytes = self.bytes;
        if tag.name.eq_ignore_ascii_case(b"plaintext") {
            return Some(bytes.len());
        }
        if tag.name.eq_ignore_ascii_case(b"script") {
            return Some(script_end(bytes, tag.end).unwrap_or(bytes.len()));
        }
        RAW_TEXT
            .iter()
            .find(|r| tag.name.eq_ignore_ascii_case(r.as_bytes()))
            .map(|raw| raw_text_end(bytes, tag.end, raw).unwrap_or(bytes.len()))
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(raw) = self.raw.take() {
            self.at = raw.end;
            return Some(Token::RawText(raw));
        }
        let bytes = self.bytes;
        while !self.done {
            let Some(found) = memchr(b'<', &bytes[self.at..]) else {
                self.done = true;
                break;
            };
            let lt = self.at + found;
            let Some(&next) = bytes.get(lt + 1) else {
                self.done = true;
                break;
            };
            if next == b'!' || next == b'?' {
                let end = if next == b'!' {
                    skip_declaration(bytes, lt)
                } else {
                    memchr(b'>', &bytes[lt..]).map(|i| lt + i + 1)
                };
                // An unclosed comment runs to the end of the document.
                let end = end.unwrap_or(bytes.len());
                self.at = end;
                return Some(Token::Comment(lt..end));
            } else if next == b'/' {
                match bytes.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let Some(tag) = read_tag(bytes, lt, lt + 2) else {
                            self.done = true;
                            break;
                        };
                        self.at = tag.end;
                        return Some(Token::End(tag));
                    }
                    Some(b'>') => self.at = lt + 3,
                    Some(_) => {
                        let end = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i + 1);
                        self.at = end;
                        return Some(Token::Comment(lt..end));
                    }
                    None => {
                        self.done = true;
                        break;
                    }
                }
            } else if next.is_ascii_alphabetic() {
                let Some(tag) = read_tag(bytes, lt, lt + 1) else {
                    self.done = true;
                    break;
                };
                self.at = tag.end;
                if let Some(end) = self.raw_text_after(&tag) {
                    self.raw = Some(tag.end..end);
                }
                return Some(Token::Start(tag));
            } else {
                self.at = lt + 1;
            }
        }
        None
    }
}

/// Whether a tag's name is one of `names` (ASCII case aside, as HTML's are).
fn is_one_of(name: &[u8], names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// A tag as the tokenizer reads it: its name as written, whether it ends in `/>`, and
/// where it is (from its `<` to just past its `>`).
struct Tag<'a> {
    name: &'a [u8],
    start: usize,
    self_closing: bool,
    end: usize,
}

/// Reads the tag whose name starts at `start`, through its attributes, to the `>` that
/// ends it, in the tokenizer's states; `None` when the document ends first (the tokenizer
/// then emits nothing).
fn read_tag(bytes: &[u8], lt: usize, start: usize) -> Option<Tag<'_>> {
    #[derive(Clone, Copy)]
    enum State {
        Name,
        BeforeAttribute,
        Attribute,
        AfterAttribute,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let mut state = State::Name;
    let mut name_end = None;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        // Each arm either consumes the character or switches to where it is read again.
        let (next, consumed) = match state {
            State::Name => match b {
                _ if is_space(b) => (State::BeforeAttribute, true),
                b'/' => (State::SelfClosing, true),
                b'>' => return Some(tag(bytes, lt, start, name_end.unwrap_or(i), false, i)),
                _ => (State::Name, true),
            },
            State::BeforeAttribute => match b {
                _ if is_space(b) => (state, true),
                b'/' | b'>' => (State::AfterAttribute, false),
                _ => (State::Attribute, true),
            },
            State::Attribute => match b {
                _ if is_space(b) || b == b'/' || b == b'>' => (State::AfterAttribute, false),
                b'=' => (State::BeforeValue, true),
                _ => (state, true),
            },
            State::AfterAttribute => match b {
                _ if is_space(b) => (state, true),
                b'/' => (State::SelfClosing, true),
                b'=' => (State::BeforeValue, true),
                b'>' => return Some(tag(bytes, lt, start, name_end.unwrap_or(i), false, i)),
                _ => (State::Attribute, false),
            },
            State::BeforeValue => match b {
                _ if is_space(b) => (state, true),
                b'"' | b'\'' => (State::Quoted(b), true),
                b'>' => return Some(tag(bytes, lt, start, name_end.unwrap_or(i), false, i)),
                _ => (State::Unquoted, false),
            },
            State::Quoted(quote) => {
                // The value runs to its closing quote, whatever it holds.
                let close = memchr(quote, &bytes[i..])?;
                i += close;
                (State::AfterQuoted, true)
            }
            State::Unquoted => match b {
                _ if is_space(b) => (State::BeforeAttribute, true),
                b'>' => return Some(tag(bytes, lt, start, name_end.unwrap_or(i), false, i)),
                _ => (state, true),
            },
            State::AfterQuoted => match b {
                _ if is_space(b) => (State::BeforeAttribute, true),
                b'/' => (State::SelfClosing, true),
                b'>' => return Some(tag(bytes, lt, start, name_end.unwrap_or(i), false, i)),
                _ => (State::BeforeAttribute, false),
            },
            State::SelfClosing => match b {
                b'>' => return Some(tag(bytes, lt, start, name_end.unwrap_or(i), true, i)),
                _ => (State::BeforeAttribute, false),
            },
        };
        if matches!(state, State::Name) && !matches!(next, State::Name) {
            name_end = Some(i);
        }
        state = next;
        if consumed {
            i += 1;
        }
    }
    None
}

/// White space as the tokenizer counts it between a tag's parts.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ' | b'\r')
}

/// What may follow an end tag's name for it to end raw text (`</script>`, `</style `).
fn ends_tag_name(b: u8) -> bool {
    is_space(b) || b == b'/' || b == b'>'
}

fn tag(
    bytes: &[u8],
    lt: usize,
    start: usize,
    name_end: usize,
    self_closing: bool,
    gt: usize,
) -> Tag<'_> {
    Tag {
        name: &bytes[start..name_end],
        start: lt,
        self_closing,
        end: gt + 1,
    }
}

/// The end of a comment or declaration opening at `lt` (`<!`): `-->` (or `--!>`) for a
/// comment, which `<!-->` and `<!--->` end at once; the next `>` for anything else.
fn skip_declaration(bytes: &[u8], lt: usize) -> Option<usize> {
    let rest = &bytes[lt..];
    if rest.starts_with(b"<!--") {
        let body = lt + 4;
        if bytes[body..].starts_with(b">") {
            return Some(body + 1);
        }
        if bytes[body..].starts_with(b"->") {
            return Some(body + 2);
        }
        let dashes = memmem::find(&bytes[body..], b"-->").map(|i| body + i + 3);
        // `--!>` ends it too, when it comes first: looked for only as far as `-->`, so that
        // a page of many comments is not searched to its end for each one.
        let before_dashes = &bytes[body..dashes.unwrap_or(bytes.len())];
        let bang = memmem::find(before_dashes, b"--!>").map(|i| body + i + 4);
        return bang.or(dashes);
    }
    memchr(b'>', rest).map(|i| lt + i + 1)
}

/// Where a script starting at `from` ends. A script is raw text with a twist kept from the
/// days of hiding scripts in comments: after `<!--`, a `<script>` opens a nested one whose
/// `</script>` does not end the outer script, until `-->`.
fn script_end(bytes: &[u8], from: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let starts_tag = |at: usize| {
        bytes
            .get(at..at + 6)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"script"))
            && bytes.get(at + 6).is_some_and(|&b| ends_tag_name(b))
    };
    let mut state = State::Data;
    let mut at = from;
    loop {
        let i = at + memchr::memchr2(b'<', b'-', &bytes[at..])?;
        let rest = &bytes[i..];
        at = i + 1;
        if rest.starts_with(b"<!--") && state == State::Data {
            state = State::Escaped;
            // Its dashes may close it at once (`<!-->`).
            at = i + 2;
        } else if rest.starts_with(b"-->") && state != State::Data {
            state = State::Data;
            at = i + 3;
        } else if rest.starts_with(b"</") && starts_tag(i + 2) {
            if state == State::DoubleEscaped {
                state = State::Escaped;
                at = i + 8;
            } else {
                return Some(i);
            }
        } else if rest.starts_with(b"<") && state == State::Escaped && starts_tag(i + 1) {
            state = State::DoubleEscaped;
            at = i + 7;
        }
    }
}

/// Where the raw text of element `name`, starting at `from`, ends: at its end tag
/// (`</script` in any case, then white space, `/` or `>`), which is read as a tag next.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    loop {
        let lt = at + memmem::find(&bytes[at..], b"</")?;
        let after = lt + 2 + name.len();
        let matches = bytes
            .get(lt + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes.get(after).is_some_and(|&b| ends_tag_name(b));
        if matches {
            return Some(lt);
        }
        at = lt + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::nesting_depth;
    use proptest::prelude::*;

    /// The depth html5ever's own tokenizer gives, switched into raw text where the tree
    /// builder would switch it: what the scanner must agree with.
    fn tokenizer_depth(html: &str) -> usize {
        use html5ever::tendril::StrTendril;
        use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};

        let depth = DepthSink::default();
        let tokenizer = Tokenizer::new(depth, TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(html));
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.deepest.get()
    }

    #[derive(Default)]
    struct DepthSink {
        depth: std::cell::Cell<usize>,
        deepest: std::cell::Cell<usize>,
    }

    impl html5ever::tokenizer::TokenSink for DepthSink {
        type Handle = ();

        fn process_token(
            &self,
            token: html5ever::tokenizer::Token,
            _line: u64,
        ) -> html5ever::tokenizer::TokenSinkResult<()> {
            use html5ever::tokenizer::states::RawKind;
            use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};

            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            let name: &str = &tag.name;
            let nests = !super::NOT_NESTING.contains(&name);
            match tag.kind {
                TagKind::EndTag if nests => self.depth.set(self.depth.get().saturating_sub(1)),
                TagKind::EndTag => {}
                TagKind::StartTag => {
                    if nests && !tag.self_closing {
                        let depth = self.depth.get() + 1;
                        self.depth.set(depth);
                        self.deepest.set(self.deepest.get().max(depth));
                    }
                    return match name {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                        "plaintext" => TokenSinkResult::Plaintext,
                        _ => TokenSinkResult::Continue,
                    };
                }
            }
            TokenSinkResult::Continue
        }
    }

    #[test]
    fn nesting_depth_counts_elements_that_hold_others() {
        assert_eq!(nesting_depth("<div><div><p>a<p>b</div></div>"), 2);
        assert_eq!(nesting_depth("<ul><li>a<li>b</ul><br><img src=x/>"), 1);
        assert_eq!(nesting_depth(&"<blockquote>".repeat(300)), 300);
        assert_eq!(nesting_depth("<DIV><Div></div></DIV>"), 2);
    }

    #[test]
    fn nesting_depth_reads_no_tags_in_scripts_styles_comments_or_quoted_values() {
        let script = format!(
            "<html><body><div><script>{}</script><style>{}</style><!-- {} --><p>x</p></div></body></html>",
            "for (i = 0; i < n; i++) { a<b && c<d; }".repeat(200),
            "a<b { }".repeat(200),
            "<div>".repeat(200),
        );
        assert_eq!(
            nesting_depth(&script),
            4,
            "html, body, div and the script or style"
        );
        assert_eq!(
            nesting_depth("<textarea><div><div><div></textarea><title><b><b></title>"),
            1
        );
        assert_eq!(
            nesting_depth(r#"<a title="<div><div>" data-x='>'><b>x</b></a>"#),
            2
        );
        assert_eq!(nesting_depth("<!--><div>--><div>"), 2);
        // A `<` before a comment stays text when the comment is dropped.
        let stray = "<<!-- <div> -->text</div>";
        assert_eq!(nesting_depth(stray), 0);
        assert_eq!(super::lean(stray).page, "<<!---->text</div>");
        assert_eq!(nesting_depth(&super::lean(stray).page), 0);
        assert_eq!(
            nesting_depth("<script>var s = '</scripts>'; </SCRIPT ><div>"),
            1
        );
        assert_eq!(
            nesting_depth("<script><!-- <script src=a.js></script> --></script><div><div>"),
            2,
            "a script hidden in a comment in a script"
        );
    }

    #[test]
    fn scripts_styles_and_comments_are_emptied_and_json_ld_kept() {
        let lean = |page| super::lean(page).page;
        let page = concat!(
            "<html><head><style>p { color: red }</style>",
            "<script type=\"application/ld+json\">{\"@type\": \"Article\"}</script>",
            "<script>if (a < b) { document.write('<p>x</p>'); }</script></head>",
            "<body><!-- a <div> comment --><p title=\"<!-- not a comment -->\">Text &lt;script&gt;</p>",
            "<SCRIPT src=\"a.js\"></SCRIPT><textarea><!-- kept --></textarea></body></html>"
        );
        assert_eq!(
            lean(page),
            concat!(
                "<html><head><style></style>",
                "<script type=\"application/ld+json\">{\"@type\": \"Article\"}</script>",
                "<script></script></head>",
                "<body><p title=\"<!-- not a comment -->\">Text &lt;script&gt;</p>",
                "<SCRIPT src=\"a.js\"></SCRIPT><textarea><!-- kept --></textarea></body></html>"
            )
        );
        let plain = "<p>Nothing to drop</p>";
        assert!(matches!(lean(plain), std::borrow::Cow::Borrowed(_)));
    }

    /// Pieces documents are made of, awkward ones included.
    fn piece() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec![
            "div", "p", "li", "span", "b", "br", "img", "td", "table", "section", "script",
            "style", "textarea", "title", "noscript", "DIV", "Script",
        ]);
        let value = prop::sample::select(vec!["x", "a>b", "<div>", "'", "\"", "", "a b", "/", "="]);
        prop_oneof![
            (name.clone(), value.clone(), any::<u8>()).prop_map(|(n, v, form)| match form % 6 {
                0 => format!("<{n}>"),
                1 => format!("<{n} a=\"{}\">", v.replace('"', "")),
                2 => format!("<{n} a='{}'>", v.replace('\'', "")),
                3 => format!("<{n} a={}>", v.replace([' ', '>', '"', '\''], "")),
                4 => format!("<{n}/>"),
                _ => format!("<{n} b c = \"{}\" / >", v.replace('"', "")),
            }),
            name.prop_map(|n| format!("</{n}>")),
            prop::sample::select(vec![
                "text",
                " ",
                "a < b",
                "x<3",
                "<!-- <div> -->",
                "<!-->",
                "<!--->",
                "<!DOCTYPE html>",
                "<?php <div> ?>",
                "</ >",
                "</>",
                "<",
                "<!",
                "--!>",
                "-->",
                "for(i<n)",
                "</3",
                "<!--",
                "--",
                "<script>",
                "</script>",
                "<script ",
                "-",
            ])
            .prop_map(str::to_owned),
        ]
    }

    proptest! {
        #[test]
        fn the_scanner_agrees_with_html5evers_tokenizer(
            pieces in prop::collection::vec(piece(), 0..40)
        ) {
            let html = pieces.concat();
            prop_assert_eq!(nesting_depth(&html), tokenizer_depth(&html), "{}", html);
            // The page without its scripts and comments nests as deeply, and says so.
            let lean = super::lean(&html);
            prop_assert_eq!(lean.depth, nesting_depth(&html), "{}", html);
            prop_assert_eq!(nesting_depth(&lean.page), lean.depth, "{}", html);
        }
    }
}
