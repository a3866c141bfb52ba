//! Search: the query language ([`crate::query`]) run over the full-text index of
//! clippings and highlights that the store keeps current ([`crate::store::search`]), and
//! the snippets of what it found: a few words around the first match, the matches marked.
//! Words are compared as the index compares them: case and diacritics folded.

use chrono::Utc;

use crate::body::escape;
use crate::date::format_timestamp;
use crate::error::{Error, Result};
use crate::model::{Hit, HitKind, HitPage, SavedSearch, SearchScope, TextSpan};
use crate::query::{Days, Is, Node, Query, SearchSort, Term};
use crate::store::clippings;
use crate::store::library::Library;
use crate::store::search::{self, Found};
use crate::words::{Word, words};

/// How many hits a search gives when not told (the app's first page).
pub const HITS: u32 = 50;

/// How many words a snippet shows before its first match, and in all.
const BEFORE: usize = 8;
const WORDS: usize = 30;

/// What makes two names of searches one: trimmed, the same letters whatever their case.
fn search_key(name: &str) -> Result<(String, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidSearchName(name.to_owned()));
    }
    Ok((name.to_owned(), name.to_lowercase()))
}

impl Library {
    /// How many clippings and highlights `query` finds.
    pub fn search_count(&self, query: &str) -> Result<i64> {
        search::count(&self.conn, &crate::query::parse(query)?)
    }

    /// Saves `query` as `name` (a query that cannot be read is refused; the same name
    /// again, whatever its case, replaces its query).
    pub fn save_search(&mut self, name: &str, query: &str) -> Result<()> {
        crate::query::parse(query)?;
        let (name, key) = search_key(name)?;
        let now = format_timestamp(Utc::now());
        self.write(|tx| search::save(tx, &name, &key, query.trim(), &now))
    }

    /// Every saved search in the person's order, each with how many hits it has now.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        search::saved(&self.conn)?
            .into_iter()
            .map(|s| {
                // A query saved by a later version that this one cannot read counts none.
                let count = crate::query::parse(&s.query)
                    .map_or(Ok(0), |q| search::count(&self.conn, &q))?;
                Ok(SavedSearch {
                    name: s.name,
                    query: s.query,
                    count,
                })
            })
            .collect()
    }

    /// Renames a saved search.
    pub fn rename_search(&mut self, old: &str, new: &str) -> Result<()> {
        let (_, old_key) = search_key(old)?;
        let (name, key) = search_key(new)?;
        let now = format_timestamp(Utc::now());
        self.write(|tx| {
            if search::rename(tx, &old_key, &name, &key, &now)? {
                Ok(())
            } else {
                Err(Error::SearchNotFound(old.trim().to_owned()))
            }
        })
    }

    /// Deletes a saved search.
    pub fn delete_search(&mut self, name: &str) -> Result<()> {
        let (_, key) = search_key(name)?;
        self.write(|tx| {
            if search::delete(tx, &key)? {
                Ok(())
            } else {
                Err(Error::SearchNotFound(name.trim().to_owned()))
            }
        })
    }

    /// Puts the saved searches in the order of `names` (any left out follow, as they were).
    pub fn reorder_searches(&mut self, names: &[String]) -> Result<()> {
        let keys: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
        self.write(|tx| search::reorder(tx, &keys))
    }

    /// The hits of `query` (see [`crate::query`]), best first or in the order it asks for;
    /// `sort`, when given, overrides the query's `sort:`. At most `limit` (50 if not given).
    pub fn search(
        &self,
        query: &str,
        sort: Option<SearchSort>,
        limit: Option<u32>,
    ) -> Result<Vec<Hit>> {
        Ok(self
            .search_page(query, sort, &SearchScope::default(), None, limit)?
            .items)
    }

    /// A page of the hits of `query` within `scope` (the list's view and filters): the
    /// first, or the one after `after` (a page's `next`). At most `limit` (50 if not given).
    pub fn search_page(
        &self,
        query: &str,
        sort: Option<SearchSort>,
        scope: &SearchScope,
        after: Option<&str>,
        limit: Option<u32>,
    ) -> Result<HitPage> {
        let mut parsed = crate::query::parse(query)?;
        if let Some(sort) = sort {
            parsed.sort = sort;
        }
        narrow(&mut parsed, scope)?;
        let limit = limit.unwrap_or(HITS).clamp(1, 1000);
        let offset = match after {
            Some(cursor) => cursor
                .parse::<u32>()
                .map_err(|_| Error::InvalidCursor(cursor.to_owned()))?,
            None => 0,
        };
        let terms = terms(&parsed);
        // One more than the page, to tell whether another follows.
        let mut found = search::find(&self.conn, &parsed, offset + limit + 1)?;
        let more = found.len() > (offset + limit) as usize;
        found.truncate((offset + limit) as usize);
        let items = found
            .into_iter()
            .skip(offset as usize)
            .map(|f| hit(f, &terms))
            .collect();
        Ok(HitPage {
            items,
            next: more.then(|| (offset + limit).to_string()),
        })
    }

    /// Where the words `query` looks for are in clipping `clipping_id`'s text (those it
    /// leaves out are not marked), in reading order: what the reader marks when a hit is
    /// opened.
    pub fn search_matches(&self, clipping_id: i64, query: &str) -> Result<Vec<TextSpan>> {
        let terms = terms(&crate::query::parse(query)?);
        let (_, text) = clippings::current_text(&self.conn, clipping_id)?;
        let words = words(&text);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < words.len() && spans.len() < MATCHES {
            match terms.iter().find(|t| matches_at(&words, i, t)) {
                Some(term) => {
                    let (s, e) = (words[i].start, words[i + term.len() - 1].end);
                    // The pairs of a CJK run overlap: one stretch.
                    match spans.last_mut() {
                        Some(last) if s <= last.1 => last.1 = last.1.max(e),
                        _ => spans.push((s, e)),
                    }
                    i += term.len();
                }
                None => i += 1,
            }
        }
        Ok(code_point_spans(&text, &spans))
    }

    /// Where `needle` is in clipping `clipping_id`'s text, as find in a page finds it
    /// (anywhere, inside words too), with case and diacritics folded as search folds them
    /// and any white space matching any other: the reader's find in the article.
    pub fn find_in_clipping(&self, clipping_id: i64, needle: &str) -> Result<Vec<TextSpan>> {
        let (_, text) = clippings::current_text(&self.conn, clipping_id)?;
        Ok(find_folded(&text, needle))
    }
}

/// How many matches in one text are given at most.
const MATCHES: usize = 5_000;

/// `query` narrowed to `scope`: its conditions and the scope's, all of which must hold.
fn narrow(query: &mut Query, scope: &SearchScope) -> Result<()> {
    let mut nodes: Vec<Node> = Vec::new();
    nodes.extend(scope.tags.iter().map(|t| Node::Tag(t.clone())));
    nodes.extend(scope.color.map(Node::Color));
    nodes.extend(scope.kind.map(Node::Kind));
    let day = |d: &Option<String>| -> Result<Option<chrono::NaiveDate>> {
        d.as_deref()
            .map(|s| {
                chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| Error::InvalidDate(s.to_owned()))
            })
            .transpose()
    };
    let days = Days {
        from: day(&scope.clipped_from)?,
        to: day(&scope.clipped_to)?,
    };
    if days.from.is_some() || days.to.is_some() {
        nodes.push(Node::Clipped(days));
    }
    if scope.trash {
        nodes.push(Node::Is(Is::Trashed));
    }
    if nodes.is_empty() {
        return Ok(());
    }
    if let Some(root) = query.root.take() {
        nodes.insert(0, root);
    }
    query.root = Some(if nodes.len() == 1 {
        nodes.remove(0)
    } else {
        Node::All(nodes)
    });
    Ok(())
}

/// Byte ranges of `text`, in order, as code point offsets.
fn code_point_spans(text: &str, spans: &[(usize, usize)]) -> Vec<TextSpan> {
    let mut out = Vec::with_capacity(spans.len());
    let mut chars = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    let mut at = |byte: usize| -> i64 {
        while let Some(&(_, b)) = chars.peek() {
            if b >= byte {
                break;
            }
            chars.next();
        }
        chars.peek().map_or(text.chars().count(), |&(i, _)| i) as i64
    };
    for &(s, e) in spans {
        let start = at(s);
        let end = at(e);
        out.push(TextSpan { start, end });
    }
    out
}

/// Where `needle` occurs in `text`, folded (see [`crate::words::fold`]), white space
/// runs matching one another; not overlapping, in order, in code points.
fn find_folded(text: &str, needle: &str) -> Vec<TextSpan> {
    let collapse = |s: &str| -> Vec<(char, usize)> {
        // Each folded character with the code point of the text it came from.
        let mut out: Vec<(char, usize)> = Vec::with_capacity(s.len());
        for (i, c) in s.chars().enumerate() {
            if c.is_whitespace() {
                if out.last().is_none_or(|(p, _)| *p != ' ') {
                    out.push((' ', i));
                }
                continue;
            }
            let mut buf = [0u8; 4];
            for f in crate::words::fold(c.encode_utf8(&mut buf)).chars() {
                out.push((f, i));
            }
        }
        out
    };
    let wanted: Vec<char> = collapse(needle.trim())
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let original: Vec<char> = text.chars().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let hay = collapse(text);
    let chars: Vec<char> = hay.iter().map(|(c, _)| *c).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + wanted.len() <= chars.len() && out.len() < MATCHES {
        if chars[i..i + wanted.len()] == wanted[..] {
            let start = hay[i].1;
            let mut end = hay[i + wanted.len() - 1].1 + 1;
            // The marks on the last letter (folded away) belong to it.
            while original
                .get(end)
                .is_some_and(|c| unicode_normalization::char::is_combining_mark(*c))
            {
                end += 1;
            }
            out.push(TextSpan {
                start: start as i64,
                end: end as i64,
            });
            i += wanted.len();
        } else {
            i += 1;
        }
    }
    out
}

fn hit(found: Found, terms: &[Vec<Folded>]) -> Hit {
    let Found {
        kind,
        clipping_id,
        highlight_id,
        score,
        title,
        text,
        color,
        note,
        ..
    } = found;
    // A highlight whose words do not match was found by its note: the note is the snippet.
    let from = if kind == HitKind::Highlight
        && first_match(&words(&text), terms).is_none()
        && !note.is_empty()
    {
        &note
    } else {
        &text
    };
    Hit {
        kind,
        clipping_id,
        highlight_id,
        title,
        snippet: snippet(from, terms),
        color,
        note: (kind == HitKind::Highlight).then_some(note),
        score,
    }
}

/// A word of the query as it is compared: folded, and whether it is a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folded {
    word: String,
    prefix: bool,
}

/// The words the query looks for (not those it leaves out), each a sequence: a word is
/// one, a phrase several.
fn terms(query: &Query) -> Vec<Vec<Folded>> {
    fn walk(node: &Node, out: &mut Vec<Vec<Folded>>) {
        match node {
            Node::Text { term, .. } => out.push(match term {
                Term::Word { text, prefix } => fold_words(text)
                    .into_iter()
                    .map(|word| Folded {
                        word,
                        prefix: *prefix,
                    })
                    .collect(),
                Term::Phrase(text) => fold_words(text)
                    .into_iter()
                    .map(|word| Folded {
                        word,
                        prefix: false,
                    })
                    .collect(),
            }),
            Node::All(nodes) | Node::Any(nodes) => nodes.iter().for_each(|n| walk(n, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(root) = &query.root {
        walk(root, &mut out);
    }
    out.retain(|t| !t.is_empty());
    out
}

fn fold_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

/// Whether the words from `at` on begin with `term`.
fn matches_at(words: &[Word], at: usize, term: &[Folded]) -> bool {
    term.iter().enumerate().all(|(k, t)| {
        words.get(at + k).is_some_and(|w| {
            if t.prefix {
                w.folded.starts_with(&t.word)
            } else {
                w.folded == t.word
            }
        })
    })
}

/// The first word where some term matches, and how many words it covers.
fn first_match(words: &[Word], terms: &[Vec<Folded>]) -> Option<(usize, usize)> {
    (0..words.len()).find_map(|i| {
        terms
            .iter()
            .find(|t| matches_at(words, i, t))
            .map(|t| (i, t.len()))
    })
}

/// How many bytes of text around its first match a long ASCII text's snippet is cut from:
/// more than its words need (a snippet is 30 words, 8 of them before the match).
const AROUND_BEFORE: usize = 240;
const AROUND_AFTER: usize = 560;

/// A few words of `text` around its first match, as escaped HTML with every match among
/// them in `<mark>`; the start of the text when nothing in it matches.
fn snippet(text: &str, terms: &[Vec<Folded>]) -> String {
    // A long ASCII text (most are) is cut into words only around its first match, found by
    // its letters: cutting all of it, for each hit of a page, was a third of a search.
    if text.len() > AROUND_BEFORE + AROUND_AFTER
        && text.is_ascii()
        && let Some(at) = first_ascii_match(text, terms)
    {
        let bytes = text.as_bytes();
        let mut start = at.saturating_sub(AROUND_BEFORE);
        // Not in the middle of a word.
        while start > 0 && start < at && bytes[start - 1].is_ascii_alphanumeric() {
            start += 1;
        }
        let mut end = (at + AROUND_AFTER).min(text.len());
        while end < text.len() && bytes[end - 1].is_ascii_alphanumeric() {
            end -= 1;
        }
        return snippet_of(&text[start..end], terms, start > 0, end < text.len());
    }
    snippet_of(text, terms, false, false)
}

/// Where in ASCII `text` the earliest match of any term begins, found with a byte search
/// of each term's first word and checked word by word there.
fn first_ascii_match(text: &str, terms: &[Vec<Folded>]) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut best: Option<usize> = None;
    for term in terms {
        let Some(first) = term.first() else { continue };
        if !first.word.is_ascii() || first.word.is_empty() {
            continue;
        }
        let finder = memchr::memmem::Finder::new(first.word.as_bytes());
        for at in finder.find_iter(bytes) {
            if best.is_some_and(|b| at >= b) {
                break;
            }
            if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            // The term's words from here, as the snippet would cut them.
            let span: usize = term.iter().map(|t| t.word.len() + 64).sum();
            let mut end = (at + span).min(text.len());
            while end < text.len() && bytes[end - 1].is_ascii_alphanumeric() {
                end += 1;
            }
            if matches_at(&words(&text[at..end]), 0, term) {
                best = Some(at);
                break;
            }
        }
    }
    best
}

/// The snippet of `text`: `cut_before` and `cut_after` when it is part of a longer text.
fn snippet_of(text: &str, terms: &[Vec<Folded>], cut_before: bool, cut_after: bool) -> String {
    let words = words(text);
    if words.is_empty() {
        return escape(text.trim());
    }
    let first = first_match(&words, terms).map_or(0, |(i, _)| i);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(words.len());
    let (start, end) = (
        words[from].start,
        if to < words.len() {
            words[to - 1].end
        } else {
            text.len()
        },
    );
    // The matches in the window, as byte ranges (the pairs of a CJK run overlap: merged).
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut i = from;
    while i < to {
        match terms.iter().find(|t| matches_at(&words, i, t)) {
            Some(term) => {
                let span = term.len().min(to - i);
                let (s, e) = (words[i].start, words[i + span - 1].end);
                match marks.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => marks.push((s, e)),
                }
                i += span;
            }
            None => i += 1,
        }
    }
    let mut out = String::new();
    if from > 0 || cut_before {
        out.push('…');
    }
    let mut at = start;
    for (s, e) in marks {
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..end]));
    if to < words.len() || cut_after {
        out.push('…');
    }
    // White space between blocks reads as one space in a line of results.
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::fold;

    fn marked(text: &str, query: &str) -> String {
        snippet(text, &terms(&crate::query::parse(query).unwrap()))
    }

    #[test]
    fn case_and_diacritics_fold() {
        assert_eq!(fold("Café CAFÉ naïve"), "cafe cafe naive");
        assert_eq!(
            marked("A café by the CAFÉ.", "cafe"),
            "A <mark>café</mark> by the <mark>CAFÉ</mark>."
        );
    }

    #[test]
    fn cjk_matches_are_marked_by_their_characters() {
        assert_eq!(
            marked("市立図書館の夜間開館が始まる", "開館"),
            "市立図書館の夜間<mark>開館</mark>が始まる"
        );
        assert_eq!(
            marked("图书馆今晚开放", "图书馆"),
            "<mark>图书馆</mark>今晚开放"
        );
    }

    #[test]
    fn a_snippet_marks_words_prefixes_and_phrases_and_escapes_the_rest() {
        assert_eq!(
            marked(
                "Ferries <b>ran</b> all night; the night ferry returns.",
                "\"night ferry\" ferr*"
            ),
            "<mark>Ferries</mark> &lt;b&gt;ran&lt;/b&gt; all night; the <mark>night ferry</mark> returns."
        );
    }

    #[test]
    fn a_long_ascii_text_gives_the_snippet_cutting_all_of_it_would() {
        let filler = |n: usize| {
            (0..n)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let text = format!(
            "{} ferryman Night-Ferry night ferries {} night ferry {}",
            filler(400),
            filler(50),
            filler(400)
        );
        assert!(text.len() > AROUND_BEFORE + AROUND_AFTER);
        for query in [
            "ferry",
            "\"night ferry\"",
            "ferr*",
            "w77",
            "w399 ferryman",
            "nothing",
        ] {
            let terms = terms(&crate::query::parse(query).unwrap());
            assert_eq!(
                snippet(&text, &terms),
                snippet_of(&text, &terms, false, false),
                "{query}"
            );
        }
    }

    #[test]
    fn a_long_text_is_cut_around_its_first_match() {
        let text = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let shown = marked(&text, "w50");
        assert!(shown.starts_with("…w42 "), "{shown}");
        assert!(shown.contains("<mark>w50</mark>"), "{shown}");
        assert!(shown.ends_with("w71…"), "{shown}");
        // Nothing matches: the start of the text.
        assert!(marked(&text, "nothing").starts_with("w0 w1"));
    }
}
