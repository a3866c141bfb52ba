//! How text is cut into words for search, the same way for the index, the query and the
//! snippets: runs of letters and digits, with case and diacritics folded; and Chinese,
//! Japanese and Korean text, which has no spaces between its words, as overlapping pairs
//! of characters (`图书馆` is `图书 书馆`), so that any two or more characters of it are
//! found. FTS5's `unicode61` tokenizer would make a whole run one word, found only whole.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` is written without spaces between words: Han, kana, Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007            // 々 〇
        | 0x3040..=0x30FF          // Hiragana, Katakana
        | 0x31F0..=0x31FF          // Katakana extensions
        | 0x3400..=0x4DBF          // Han, extension A
        | 0x4E00..=0x9FFF          // Han
        | 0xF900..=0xFAFF          // Han compatibility
        | 0xFF66..=0xFF9F          // half-width Katakana
        | 0x1100..=0x11FF          // Hangul Jamo
        | 0x3130..=0x318F          // Hangul compatibility Jamo
        | 0xAC00..=0xD7AF          // Hangul syllables
        | 0x20000..=0x2FA1F        // Han, extensions B and later
    )
}

/// Case and diacritics folded, as the index's `unicode61 remove_diacritics 2` folds them
/// (Hangul stays whole: its syllables are no letters with marks).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_cjk(c) {
            out.push(c);
        } else {
            for d in std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)) {
                out.extend(d.to_lowercase());
            }
        }
    }
    out
}

/// A word of a text: where it is (bytes; the pairs of a CJK run overlap) and how it
/// compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    // The run being read: where it starts, and whether it is CJK.
    let mut run: Option<(usize, bool)> = None;
    let push = |start: usize, end: usize, cjk: bool, out: &mut Vec<Word>| {
        let part = &text[start..end];
        if !cjk {
            out.push(Word {
                start,
                end,
                folded: fold(part),
            });
            return;
        }
        let chars: Vec<(usize, char)> = part.char_indices().collect();
        if chars.len() == 1 {
            out.push(Word {
                start,
                end,
                folded: part.to_owned(),
            });
            return;
        }
        for pair in chars.windows(2) {
            let (a, _) = pair[0];
            let (b, c) = pair[1];
            let to = start + b + c.len_utf8();
            out.push(Word {
                start: start + a,
                end: to,
                folded: text[start + a..to].to_owned(),
            });
        }
    };
    for (i, c) in text.char_indices() {
        let cjk = is_cjk(c);
        let inside = cjk || c.is_alphanumeric() || is_combining_mark(c);
        match run {
            Some((start, was_cjk)) if !inside || was_cjk != cjk => {
                push(start, i, was_cjk, &mut out);
                run = inside.then_some((i, cjk));
            }
            None if inside => run = Some((i, cjk)),
            _ => {}
        }
    }
    if let Some((start, cjk)) = run {
        push(start, text.len(), cjk, &mut out);
    }
    out
}

/// `text` as the index takes it: each CJK run of two or more characters as its pairs,
/// apart from what is around it; everything else as it is.
pub fn index_form(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_cjk) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        if run.is_empty() {
            return;
        }
        out.push(' ');
        if run.len() == 1 {
            out.push(run[0]);
        } else {
            for (k, pair) in run.windows(2).enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                out.push(pair[0]);
                out.push(pair[1]);
            }
        }
        out.push(' ');
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn latin_words_fold_case_and_diacritics() {
        assert_eq!(folded("Café, CAFÉ naïve!"), ["cafe", "cafe", "naive"]);
        assert_eq!(index_form("plain text"), "plain text");
    }

    #[test]
    fn cjk_runs_are_pairs_of_characters_apart_from_latin_words() {
        assert_eq!(folded("图书馆"), ["图书", "书馆"]);
        assert_eq!(folded("Rust图书"), ["rust", "图书"]);
        assert_eq!(
            folded("夜間開館が始まる"),
            ["夜間", "間開", "開館", "館が", "が始", "始ま", "まる"]
        );
        assert_eq!(folded("한국어 책"), ["한국", "국어", "책"]);
        assert_eq!(index_form("Rust图书馆!"), "Rust 图书 书馆 !");
        // The pairs overlap: each starts a character after the last.
        let w = words("开馆");
        assert_eq!((w[0].start, w[0].end), (0, 6));
    }
}
