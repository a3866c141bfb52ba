//! Anchoring: where a highlight is in a clipping's text, and finding it again when the text
//! changes.
//!
//! A highlight carries the two selectors of the W3C Web Annotation Data Model over the
//! clipping's plain text: a `TextQuoteSelector` (`exact`, with up to 32 characters of
//! `prefix` and `suffix`) and a `TextPositionSelector` (`start`, `end`). Positions count
//! Unicode code points, as the specification says: not UTF-16 units, not bytes.
//!
//! When a clipping gets a new version, each highlight is found again by, in turn:
//! 1. its exact quote at its stored position;
//! 2. its exact quote elsewhere: of several occurrences, the one whose prefix, suffix and
//!    position fit best;
//! 3. the same words with different white space;
//! 4. an approximate match (Myers' bit-parallel algorithm, blocked for quotes longer than
//!    64 characters, as Hypothesis does), scored on the quote, its context and its
//!    position;
//! 5. else it is orphaned, and kept.

use crate::model::Status;

/// How many characters of context a quote selector keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// A text indexed by code point.
#[derive(Debug)]
pub struct Text<'a> {
    text: &'a str,
    /// The byte offset of each character, and the text's length in bytes at the end.
    offsets: Vec<usize>,
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Text<'a> {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        Text { text, offsets }
    }

    /// The length in code points.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Code points `start..end`, clamped to the text.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let end = end.min(self.len());
        let start = start.min(end);
        &self.text[self.offsets[start]..self.offsets[end]]
    }

    /// The code point at byte offset `byte` (which must be a character boundary).
    fn char_at_byte(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&b| b < byte)
    }

    /// The quote selector of `start..end`.
    pub fn quote(&self, start: usize, end: usize) -> Quote {
        Quote {
            exact: self.slice(start, end).to_owned(),
            prefix: self
                .slice(start.saturating_sub(CONTEXT_CHARS), start)
                .to_owned(),
            suffix: self.slice(end, end + CONTEXT_CHARS).to_owned(),
        }
    }
}

/// A W3C `TextQuoteSelector`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Where a quote was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The very words (perhaps with other white space), at `start..end`.
    Exact { start: usize, end: usize },
    /// Words like them at `start..end`: the highlight takes the new text.
    Fuzzy { start: usize, end: usize },
    /// Nowhere.
    Orphan,
}

impl Anchor {
    pub fn range(self) -> Option<(usize, usize)> {
        match self {
            Anchor::Exact { start, end } | Anchor::Fuzzy { start, end } => Some((start, end)),
            Anchor::Orphan => None,
        }
    }
}

/// Finds quotes in one text; built once for many highlights of the same version.
#[derive(Debug)]
pub struct Anchorer<'a> {
    text: Text<'a>,
    /// The text's characters, for approximate matching (made when first needed).
    chars: Option<Vec<char>>,
    /// The text with each run of white space made one space, and where each of its
    /// characters was in the text (made when first needed).
    collapsed: Option<(String, Vec<usize>)>,
    /// How far the last quote found had moved: the next one, further on in the same text,
    /// has most likely moved as far (an insertion shifts everything after it).
    last_shift: isize,
}

/// A highlight as it was before its text changed, for [`Anchorer::place`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub quote: Quote,
    /// Its old start, if it had one.
    pub start: Option<usize>,
    /// Whether it was already fuzzy (re-anchored to changed words).
    pub fuzzy: bool,
    /// The words it had before it became fuzzy.
    pub previous: Option<String>,
}

/// Where a highlight goes in the changed text, and what it becomes there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub status: Status,
    /// Its new range; `None` for an orphan.
    pub range: Option<(usize, usize)>,
    /// Its selectors in the new text (an orphan keeps its old ones).
    pub quote: Quote,
    pub previous: Option<String>,
}

/// Weights of the parts of an approximate match's score, as Hypothesis weighs them.
const QUOTE_WEIGHT: f64 = 50.0;
const CONTEXT_WEIGHT: f64 = 20.0;
const POSITION_WEIGHT: f64 = 2.0;
/// More occurrences of a quote than this are not all weighed.
const MAX_OCCURRENCES: usize = 10_000;
/// Approximate matches of at most this many errors are looked for.
const MAX_ERRORS: usize = 256;

impl<'a> Anchorer<'a> {
    pub fn new(text: &'a str) -> Anchorer<'a> {
        Anchorer {
            text: Text::new(text),
            chars: None,
            collapsed: None,
            last_shift: 0,
        }
    }

    pub fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// Finds a highlight again: anchored where its words are (still fuzzy if it was: its
    /// words are the changed ones it took), fuzzy where words like them are (keeping the
    /// words it had), orphaned where they are gone.
    pub fn place(&mut self, placed: Placed) -> Placement {
        let Placed {
            quote,
            start,
            fuzzy,
            previous,
        } = placed;
        let (status, range, previous) = match self.anchor(&quote, start) {
            Anchor::Exact { start, end } => {
                let status = if fuzzy {
                    Status::Fuzzy
                } else {
                    Status::Anchored
                };
                (status, Some((start, end)), previous)
            }
            Anchor::Fuzzy { start, end } => (
                Status::Fuzzy,
                Some((start, end)),
                Some(previous.unwrap_or_else(|| quote.exact.clone())),
            ),
            Anchor::Orphan => (Status::Orphaned, None, previous),
        };
        let quote = match range {
            Some((start, end)) => self.text.quote(start, end),
            None => quote,
        };
        Placement {
            status,
            range,
            quote,
            previous,
        }
    }

    /// Finds `quote`, which was at `hint` (its old start) if known. Quotes of one text are
    /// best found in the order they were in: each one's move predicts the next one's.
    pub fn anchor(&mut self, quote: &Quote, hint: Option<usize>) -> Anchor {
        let found = self.find(quote, hint);
        if let (Some(hint), Some((start, _))) = (hint, found.range()) {
            self.last_shift = start as isize - hint as isize;
        }
        found
    }

    fn find(&mut self, quote: &Quote, hint: Option<usize>) -> Anchor {
        let exact_len = quote.exact.chars().count();
        if exact_len == 0 {
            return Anchor::Orphan;
        }
        // Where it was, or where it was moved to with the quote before it.
        let predicted = hint.map(|h| h.saturating_add_signed(self.last_shift));
        for start in [hint, predicted].into_iter().flatten() {
            if start + exact_len <= self.text.len()
                && self.text.slice(start, start + exact_len) == quote.exact
            {
                return Anchor::Exact {
                    start,
                    end: start + exact_len,
                };
            }
        }
        if let Some(start) = self.best_exact(quote, predicted) {
            return Anchor::Exact {
                start,
                end: start + exact_len,
            };
        }
        if let Some((start, end)) = self.find_collapsed(quote, predicted) {
            return Anchor::Exact { start, end };
        }
        match self.best_approximate(quote, predicted) {
            Some((start, end)) => Anchor::Fuzzy { start, end },
            None => Anchor::Orphan,
        }
    }

    /// The occurrence of the exact quote whose context and position fit best. Context is
    /// compared byte by byte here, which is fast enough for thousands of occurrences.
    fn best_exact(&self, quote: &Quote, hint: Option<usize>) -> Option<usize> {
        let haystack = self.text.as_str().as_bytes();
        let hint_byte = hint.map(|h| self.text.offsets[h.min(self.text.len())]);
        let mut best: Option<(f64, usize)> = None;
        for byte in
            memchr::memmem::find_iter(haystack, quote.exact.as_bytes()).take(MAX_OCCURRENCES)
        {
            let end = byte + quote.exact.len();
            let score = byte_context_score(haystack, byte, end, quote, hint_byte);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, byte));
            }
        }
        best.map(|(_, byte)| self.text.char_at_byte(byte))
    }

    /// How well the text around `start..end` fits the quote's context, and its position
    /// the hint. `exact_only` compares context by shared characters (fast, for exact
    /// occurrences); otherwise by edit distance.
    fn context(
        &self,
        quote: &Quote,
        start: usize,
        end: usize,
        hint: Option<usize>,
        exact_only: bool,
    ) -> Context {
        let prefix_len = quote.prefix.chars().count();
        let suffix_len = quote.suffix.chars().count();
        let before = self.text.slice(start.saturating_sub(prefix_len), start);
        let after = self.text.slice(end, end + suffix_len);
        let (prefix, suffix) = if exact_only {
            (
                shared_suffix_ratio(&quote.prefix, before),
                shared_prefix_ratio(&quote.suffix, after),
            )
        } else {
            (
                similarity(&quote.prefix, before),
                similarity(&quote.suffix, after),
            )
        };
        let position = match hint {
            Some(h) if !self.text.is_empty() => {
                1.0 - (start.abs_diff(h) as f64 / self.text.len() as f64).min(1.0)
            }
            _ => 0.0,
        };
        Context {
            prefix,
            suffix,
            position,
        }
    }

    /// The quote with every run of white space made one space, found in the text treated
    /// the same way.
    fn find_collapsed(&mut self, quote: &Quote, hint: Option<usize>) -> Option<(usize, usize)> {
        let (wanted, _) = collapse(&quote.exact);
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return None;
        }
        if self.collapsed.is_none() {
            let (s, byte_origin) = collapse(self.text.as_str());
            let origin = byte_origin
                .iter()
                .map(|&b| self.text.char_at_byte(b))
                .collect();
            self.collapsed = Some((s, origin));
        }
        let (collapsed, origin) = self.collapsed.as_ref()?;
        let mut best: Option<(f64, (usize, usize))> = None;
        for byte in
            memchr::memmem::find_iter(collapsed.as_bytes(), wanted.as_bytes()).take(MAX_OCCURRENCES)
        {
            let last = byte + wanted.len() - wanted.chars().last().map_or(1, char::len_utf8);
            let (start, end) = (origin[byte], origin[last] + 1);
            let score = self.context(quote, start, end, hint, true).score();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, (start, end)));
            }
        }
        best.map(|(_, range)| range)
    }

    /// The best approximate match of the quote, if one is good enough: looked for near
    /// where the quote should be first, then in the whole text.
    fn best_approximate(&mut self, quote: &Quote, hint: Option<usize>) -> Option<(usize, usize)> {
        let pattern: Vec<char> = quote.exact.chars().collect();
        let max_errors = (pattern.len() / 2).min(MAX_ERRORS);
        if max_errors == 0 {
            return None;
        }
        let text = &self.text;
        let length = text.len();
        self.chars
            .get_or_insert_with(|| text.as_str().chars().collect());
        if let Some(hint) = hint {
            let reach = pattern.len() * 4 + NEARBY_CHARS;
            let from = hint.saturating_sub(reach);
            let to = (hint + pattern.len() + reach).min(length);
            if let Some((score, range)) = self.best_in(quote, &pattern, max_errors, hint, from, to)
            {
                if score.strong {
                    return Some(range);
                }
            }
        }
        self.best_in(quote, &pattern, max_errors, hint.unwrap_or(0), 0, length)
            .map(|(_, range)| range)
    }

    /// The best acceptable approximate match within characters `from..to`.
    fn best_in(
        &self,
        quote: &Quote,
        pattern: &[char],
        max_errors: usize,
        hint: usize,
        from: usize,
        to: usize,
    ) -> Option<(Strength, (usize, usize))> {
        let chars = self.chars.as_deref()?;
        let candidates = approximate_matches(pattern, &chars[from..to], max_errors);
        let mut best: Option<(f64, Strength, (usize, usize))> = None;
        for (start, end, errors) in candidates {
            let (start, end) = (start + from, end + from);
            let quote_similarity = 1.0 - errors as f64 / pattern.len() as f64;
            let context = self.context(quote, start, end, Some(hint), false);
            // A weak match of the words needs its context to agree too.
            let context_agrees = (context.prefix + context.suffix) / 2.0 >= 0.5;
            if quote_similarity < 0.75 && !(quote_similarity >= 0.5 && context_agrees) {
                continue;
            }
            let strength = Strength {
                strong: quote_similarity >= 0.75 && context_agrees,
            };
            let score = QUOTE_WEIGHT * quote_similarity + context.score();
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, strength, (start, end)));
            }
        }
        best.map(|(_, strength, range)| (strength, range))
    }
}

/// Whether an approximate match is good enough not to look further for a better one.
#[derive(Debug, Clone, Copy)]
struct Strength {
    strong: bool,
}

/// How far around its expected place a changed quote is looked for first, besides four
/// times its length.
const NEARBY_CHARS: usize = 2_000;

/// The context score of an exact occurrence at bytes `start..end` of `haystack`: the share
/// of the quote's prefix and suffix that surround it, and its closeness to `hint_byte`.
fn byte_context_score(
    haystack: &[u8],
    start: usize,
    end: usize,
    quote: &Quote,
    hint_byte: Option<usize>,
) -> f64 {
    let prefix = quote.prefix.as_bytes();
    let suffix = quote.suffix.as_bytes();
    let before = &haystack[..start];
    let after = &haystack[end..];
    let same_before = prefix
        .iter()
        .rev()
        .zip(before.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let same_after = suffix
        .iter()
        .zip(after.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let ratio = |same: usize, total: usize| {
        if total == 0 {
            1.0
        } else {
            same as f64 / total as f64
        }
    };
    let position = match hint_byte {
        Some(h) if !haystack.is_empty() => {
            1.0 - (start.abs_diff(h) as f64 / haystack.len() as f64).min(1.0)
        }
        _ => 0.0,
    };
    Context {
        prefix: ratio(same_before, prefix.len()),
        suffix: ratio(same_after, suffix.len()),
        position,
    }
    .score()
}

/// How well a place fits a quote's context (each 0 to 1).
#[derive(Debug, Clone, Copy)]
struct Context {
    prefix: f64,
    suffix: f64,
    position: f64,
}

impl Context {
    fn score(self) -> f64 {
        CONTEXT_WEIGHT * (self.prefix + self.suffix) + POSITION_WEIGHT * self.position
    }
}

/// `s` with each run of white space made one space, and the byte offset in `s` of each
/// byte of the result's characters' starts (indexed by the result's byte offsets).
fn collapse(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut in_space = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                origin.push(i);
            }
            in_space = true;
        } else {
            in_space = false;
            out.push(c);
            origin.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    (out, origin)
}

/// The share of `context`'s characters, from its end, that `found` ends with.
fn shared_suffix_ratio(context: &str, found: &str) -> f64 {
    let total = context.chars().count();
    if total == 0 {
        return 1.0;
    }
    let same = context
        .chars()
        .rev()
        .zip(found.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    same as f64 / total as f64
}

/// The share of `context`'s characters, from its start, that `found` starts with.
fn shared_prefix_ratio(context: &str, found: &str) -> f64 {
    let total = context.chars().count();
    if total == 0 {
        return 1.0;
    }
    let same = context
        .chars()
        .zip(found.chars())
        .take_while(|(a, b)| a == b)
        .count();
    same as f64 / total as f64
}

/// 1 minus the edit distance between `a` and `b` over the length of `a` (1 when `a` is
/// empty), at least 0.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    if a.is_empty() {
        return 1.0;
    }
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    (1.0 - row[b.len()] as f64 / a.len() as f64).max(0.0)
}

/// Every substring of `text` within `max_errors` edits of `pattern`, as `(start, end,
/// errors)` in characters: the best of each cluster of overlapping ends, at most 50 of
/// them, fewest errors first.
pub fn approximate_matches(
    pattern: &[char],
    text: &[char],
    max_errors: usize,
) -> Vec<(usize, usize, usize)> {
    let ends = search_ends(pattern, text, max_errors);
    // Runs of nearby ends are one match: keep the best end of each.
    let mut clusters: Vec<(usize, usize)> = Vec::new();
    for (end, errors) in ends {
        match clusters.last_mut() {
            Some((last_end, last_errors)) if end <= *last_end + pattern.len() => {
                if errors < *last_errors {
                    *last_end = end;
                    *last_errors = errors;
                }
            }
            _ => clusters.push((end, errors)),
        }
    }
    clusters.sort_by_key(|&(end, errors)| (errors, end));
    clusters.truncate(50);
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    clusters
        .into_iter()
        .map(|(end, errors)| {
            // Where the match starts: search backwards from its end with the reversed quote.
            let window_start = end.saturating_sub(pattern.len() + errors);
            let window: Vec<char> = text[window_start..end].iter().rev().copied().collect();
            let back = search_ends(&reversed, &window, errors);
            let length = back
                .iter()
                .min_by_key(|&&(e, errs)| (errs, std::cmp::Reverse(e)))
                .map_or(pattern.len(), |&(e, _)| e);
            (end - length, end, errors)
        })
        .collect()
}

/// Myers' bit-parallel approximate matching, in blocks of 64 pattern characters: every
/// `end` (exclusive, in characters) at which some substring of `text` ending there is
/// within `max_errors` edits of `pattern`, with its number of errors.
fn search_ends(pattern: &[char], text: &[char], max_errors: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    if m == 0 {
        return Vec::new();
    }
    let blocks = m.div_ceil(64);
    // Peq: for each character of the pattern, where it occurs, block by block; ASCII in a
    // table, the rest in a map.
    let mut ascii: Vec<Vec<u64>> = vec![Vec::new(); 128];
    let mut other: std::collections::HashMap<char, Vec<u64>> = std::collections::HashMap::new();
    for (i, &c) in pattern.iter().enumerate() {
        let entry = if c.is_ascii() {
            &mut ascii[c as usize]
        } else {
            other.entry(c).or_default()
        };
        if entry.is_empty() {
            *entry = vec![0; blocks];
        }
        entry[i / 64] |= 1u64 << (i % 64);
    }
    let none = vec![0u64; blocks];
    let last_bit = 1u64 << ((m - 1) % 64);
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let mut score = m;
    let mut found = Vec::new();
    for (j, c) in text.iter().enumerate() {
        let eqs = if c.is_ascii() {
            Some(&ascii[*c as usize]).filter(|e| !e.is_empty())
        } else {
            other.get(c)
        }
        .unwrap_or(&none);
        // Row 0 costs nothing anywhere: a match may start at any character.
        let mut carry: i8 = 0;
        for b in 0..blocks {
            let high = if b == blocks - 1 {
                last_bit
            } else {
                1u64 << 63
            };
            let mut eq = eqs[b];
            let (p, n) = (pv[b], mv[b]);
            let xv = eq | n;
            if carry < 0 {
                eq |= 1;
            }
            let xh = (((eq & p).wrapping_add(p)) ^ p) | eq;
            let mut ph = n | !(xh | p);
            let mut mh = p & xh;
            let out: i8 = if ph & high != 0 {
                1
            } else if mh & high != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if carry < 0 {
                mh |= 1;
            } else if carry > 0 {
                ph |= 1;
            }
            pv[b] = mh | !(xv | ph);
            mv[b] = ph & xv;
            carry = out;
        }
        score = score.wrapping_add_signed(carry as isize);
        if score <= max_errors {
            found.push((j + 1, score));
        }
    }
    found
}

/// Where each character of `old` is in `new` (code points), when `new` is `old` with white
/// space added; the last entry is the length of `new`. `None` when it is not.
pub fn insertion_map(old: &str, new: &str) -> Option<Vec<usize>> {
    let mut moved = Vec::with_capacity(old.len() + 1);
    let mut new_chars = new.chars().enumerate();
    for c in old.chars() {
        loop {
            let (i, n) = new_chars.next()?;
            if n == c {
                moved.push(i);
                break;
            }
            if !n.is_whitespace() {
                return None;
            }
        }
    }
    let rest: Vec<char> = new_chars.map(|(_, c)| c).collect();
    if !rest.iter().all(|c| c.is_whitespace()) {
        return None;
    }
    moved.push(new.chars().count());
    Some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain dynamic-programming answer, to check the bit-parallel one against.
    fn naive_ends(pattern: &[char], text: &[char], k: usize) -> Vec<(usize, usize)> {
        let m = pattern.len();
        let mut column: Vec<usize> = (0..=m).collect();
        let mut found = Vec::new();
        for (j, c) in text.iter().enumerate() {
            let mut diagonal = column[0];
            column[0] = 0;
            for i in 1..=m {
                let cost = diagonal + usize::from(pattern[i - 1] != *c);
                diagonal = column[i];
                column[i] = cost.min(column[i - 1] + 1).min(column[i] + 1);
            }
            if column[m] <= k {
                found.push((j + 1, column[m]));
            }
        }
        found
    }

    #[test]
    fn bit_parallel_search_agrees_with_the_textbook_one() {
        let text: Vec<char> =
            "the quick brown fox jumps over the lazy dog; the quack brawn fix jumped"
                .repeat(3)
                .chars()
                .collect();
        for pattern in [
            "quick brown fox",
            "quack",
            "jumps over the lazy dog; the quack brawn fix jumped the quick brown fox jumps ov",
            "zzz",
        ] {
            let pattern: Vec<char> = pattern.chars().collect();
            for k in [0, 1, 3, 8] {
                assert_eq!(
                    search_ends(&pattern, &text, k),
                    naive_ends(&pattern, &text, k),
                    "{pattern:?} k={k}"
                );
            }
        }
    }

    #[test]
    fn quotes_take_32_characters_of_context_in_code_points() {
        let text = Text::new("😀 ab 日本語 cd");
        assert_eq!(text.len(), 11);
        let quote = text.quote(5, 8);
        assert_eq!(quote.exact, "日本語");
        assert_eq!(quote.prefix, "😀 ab ");
        assert_eq!(quote.suffix, " cd");
    }
}
