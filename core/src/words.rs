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
/// apart from what is around it; the marks of the index's own words ([`MARK`] and the
/// field marks) as white space; everything else as it is.
pub fn index_form(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_cjk(c) || is_mark(c)) {
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
            out.push(if is_mark(c) { ' ' } else { c });
        }
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

/// What begins each of the index's own words, in the column `pairs`: a character of the
/// Private Use Area, which FTS5's tokenizer keeps inside a word (category Co) and which
/// neither an indexed text nor a query ever holds ([`index_form`] makes it a space).
pub const MARK: char = '\u{E000}';

/// What begins each word of a clipping's title, author and site kept a second time in the
/// column `pairs` (see [`field_words`]).
pub const TITLE_MARK: char = '\u{E001}';
pub const AUTHOR_MARK: char = '\u{E002}';
pub const SITE_MARK: char = '\u{E003}';

/// Whether `c` is one of the marks of the index's own words, which no text or query keeps.
fn is_mark(c: char) -> bool {
    ('\u{E000}'..='\u{E00F}').contains(&c)
}

/// The words of a field (a title, an author, a site) each with `mark` before it, as the
/// column `pairs` keeps them a second time: `title:ferry` is then the one word
/// `⟨title⟩ferry`, found in a list of titles, where the column filter `{title} : ferry`
/// reads where `ferry` is in every text to find the titles that hold it (a word common in
/// text and rare in titles took 30 ms). Cut by [`words`], here and in the query alike;
/// FTS5 folds case and accents, as it folds any word.
pub fn field_words(mark: char, text: &str) -> String {
    let text: Cow<'_, str> = if text.contains(is_mark) {
        Cow::Owned(text.replace(is_mark, " "))
    } else {
        Cow::Borrowed(text)
    };
    let mut out = String::new();
    for word in words(&text) {
        out.push(mark);
        out.push_str(&text[word.start..word.end]);
        out.push(' ');
    }
    out
}

/// The commonest words of English and of the other languages most clipped, folded as the
/// index folds them, in byte order: the function words that make up about half of any
/// prose. A phrase made only of them (`"of the"`, `"to be or not to be"`) is found in
/// nearly every clipping by its words, so FTS5 would check the positions of every one to
/// find the phrase; the index keeps each pair of them that stands together as a word of its
/// own instead (see [`pairs`]). Fixed: changing it means indexing every clipping again.
#[rustfmt::skip]
pub const COMMON: &[&str] = &[
    "a", "aan", "aber", "about", "above", "after", "again", "against", "al", "all", "alla",
    "als", "also", "am", "an", "and", "any", "ao", "are", "aren", "as", "at", "au", "auch",
    "auf", "aus", "aux", "avec", "be", "because", "been", "before", "being", "below", "between",
    "bij", "both", "but", "by", "c", "can", "ce", "ces", "che", "chi", "ci", "com", "como",
    "con", "could", "d", "da", "dal", "dans", "das", "dass", "dat", "de", "dei", "del", "della",
    "dem", "den", "der", "des", "di", "did", "didn", "die", "dit", "do", "does", "doesn",
    "doing", "don", "dos", "down", "du", "during", "e", "each", "een", "ein", "eine", "einem",
    "einen", "einer", "eines", "el", "ela", "ele", "elle", "em", "en", "er", "es", "est",
    "esta", "este", "et", "few", "for", "from", "fur", "further", "gli", "ha", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "het", "hij", "him", "himself",
    "his", "how", "i", "ich", "if", "ik", "il", "ils", "im", "in", "into", "is", "isn", "ist",
    "it", "its", "itself", "je", "just", "l", "la", "las", "le", "les", "ll", "lo", "los", "m",
    "ma", "mais", "mas", "me", "met", "mit", "more", "most", "my", "myself", "n", "na", "nach",
    "nao", "ne", "nicht", "niet", "no", "non", "nor", "not", "nous", "now", "o", "of", "off",
    "on", "once", "only", "op", "or", "os", "other", "ou", "our", "ours", "ourselves", "out",
    "over", "own", "par", "para", "pas", "per", "pero", "por", "pour", "qu", "que", "qui", "re",
    "s", "same", "se", "she", "should", "sich", "sie", "sind", "so", "some", "sono", "such",
    "sur", "t", "te", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "um", "uma", "un", "una",
    "und", "une", "uno", "up", "us", "van", "ve", "very", "von", "voor", "vous", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "wie", "will",
    "with", "would", "y", "you", "your", "yours", "yourself", "yourselves", "zu", "zum", "zur",
];

/// Whether `folded` (a word as [`fold`] leaves it) is one of the [`COMMON`] words. Asked of
/// every word of every text indexed: the word's bytes as one number, looked for among the
/// common words' (comparing strings was a tenth of indexing a library).
pub fn is_common(folded: &str) -> bool {
    static KEYS: std::sync::OnceLock<Vec<u128>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut keys: Vec<u128> = COMMON.iter().filter_map(|w| word_key(w)).collect();
        keys.sort_unstable();
        keys
    });
    word_key(folded).is_some_and(|key| keys.binary_search(&key).is_ok())
}

/// A word of at most [`LONGEST_COMMON`] bytes as one number, its bytes in order (no word
/// holds a NUL, so no two share one).
fn word_key(word: &str) -> Option<u128> {
    if word.len() > LONGEST_COMMON {
        return None;
    }
    Some(
        word.bytes()
            .fold(0u128, |key, b| (key << 8) | u128::from(b)),
    )
}

/// The index's column `pairs` for a row's `texts` (each a column of it): every two common
/// words that stand together in a text, in order, as one word (`MARK of MARK the`), so that
/// a phrase of common words is the phrase of its pairs: `"to be of the"` is `to·be be·of
/// of·the`, which matches where those words stand together and nowhere else.
///
/// Pairs of two runs stand next to each other here where their words do not. A phrase of
/// pairs only ever asks for pairs that share a word (`x·y y·z`), so that matters only where
/// the run before ended with the word the next one begins with; there, and only there, a
/// [`MARK`] alone stands between them. (One after every run cost the bench's index 17 MB.)
///
/// Words are cut as FTS5's `unicode61` cuts them (runs of letters, digits and their marks,
/// CJK characters apart, as [`index_form`] sets them apart), so that two words are
/// neighbours here exactly when they are in the index.
pub fn pairs(texts: &[&str]) -> String {
    let mut out = String::new();
    // The word before, when it is common; and the last word of the last pair written.
    let (mut previous, mut last) = (String::new(), String::new());
    for text in texts {
        previous.clear();
        let mut in_run = false;
        for_each_word(text, |word| match word.filter(|w| is_common(w)) {
            Some(common) => {
                if !previous.is_empty() {
                    if !in_run && last == previous {
                        out.push(MARK);
                        out.push(' ');
                    }
                    push_pair(&previous, common, &mut out);
                    in_run = true;
                    last.clear();
                    last.push_str(common);
                }
                previous.clear();
                previous.push_str(common);
            }
            None => {
                previous.clear();
                in_run = false;
            }
        });
    }
    out
}

/// The phrase `text` as the phrase of its pairs in the column `pairs` (see [`pairs`]), when
/// it is two or more words and all of them are common; `None` otherwise.
pub fn common_phrase(text: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut all_common = true;
    for_each_word(text, |word| match word.filter(|w| is_common(w)) {
        Some(common) => words.push(common.to_owned()),
        None => all_common = false,
    });
    if !all_common || words.len() < 2 {
        return None;
    }
    let mut out = String::new();
    for pair in words.windows(2) {
        push_pair(&pair[0], &pair[1], &mut out);
    }
    Some(out.trim_end().to_owned())
}

fn push_pair(first: &str, second: &str, out: &mut String) {
    out.push(MARK);
    out.push_str(first);
    out.push(MARK);
    out.push_str(second);
    out.push(' ');
}

/// The longest of the [`COMMON`] words, in bytes.
const LONGEST_COMMON: usize = 10;

/// Calls `f` with each word of `text` in order, as the index's tokenizer cuts it: folded
/// when it is short enough to be a common word, `None` when it is not (or is CJK).
fn for_each_word(text: &str, mut f: impl FnMut(Option<&str>)) {
    let mut buf = String::with_capacity(16);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_cjk(c) {
                f(None);
                i += c.len_utf8();
                continue;
            }
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A word starts at i: it runs to the first character that is not a word's.
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if is_cjk(c) || !is_word_char(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        let word = &text[start..i];
        if word.len() > 4 * LONGEST_COMMON || (ascii && word.len() > LONGEST_COMMON) {
            f(None);
        } else if ascii {
            buf.clear();
            buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            f(Some(&buf));
        } else {
            f(Some(&fold(word)));
        }
    }
}

/// Whether `c` (not ASCII) belongs to a word for the index's tokenizer: letters, digits,
/// the Private Use Area, and marks (which `remove_diacritics` takes off the letter before).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || is_combining_mark(c)
        || matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
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
    fn the_common_words_are_in_order_once_each_and_folded() {
        assert!(COMMON.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for word in COMMON {
            assert_eq!(fold(word), *word);
            assert!(word.len() <= LONGEST_COMMON);
        }
        assert!(is_common("the") && is_common("und") && !is_common("ferry"));
    }

    #[test]
    fn common_words_that_stand_together_are_pairs_and_runs_that_chain_stand_apart() {
        let m = MARK;
        assert_eq!(
            pairs(&["To be of the night, and then", "Of THE"]),
            format!("{m}to{m}be {m}be{m}of {m}of{m}the {m}and{m}then {m}of{m}the ")
        );
        // A run that begins with the word the last one ended with: a mark between, or
        // `"were at the"` would be found in "were at home. At the door".
        assert_eq!(
            pairs(&["they were at home. At the door"]),
            format!("{m}they{m}were {m}were{m}at {m} {m}at{m}the ")
        );
        assert_eq!(
            pairs(&["it is", "is it"]),
            format!("{m}it{m}is {m} {m}is{m}it ")
        );
        // Punctuation and white space stand between words; anything else is a word of its
        // own, which ends the run.
        assert_eq!(pairs(&["of--the"]), format!("{m}of{m}the "));
        assert_eq!(pairs(&["of 2 the", "of图the", "ofthe"]), "");
        // Folded as the index folds: case, diacritics.
        assert_eq!(pairs(&["FÜR die"]), format!("{m}fur{m}die "));
        // The mark itself is no word's: it is a space to the index.
        assert_eq!(index_form("a\u{E000}b"), "a b");
        assert_eq!(pairs(&[]), "");
    }

    #[test]
    fn a_fields_words_are_marked_as_the_query_cuts_them() {
        let t = TITLE_MARK;
        assert_eq!(
            field_words(t, "The Night-Ferry, 2024"),
            format!("{t}The {t}Night {t}Ferry {t}2024 ")
        );
        assert_eq!(field_words(t, "图书馆"), format!("{t}图书 {t}书馆 "));
        assert_eq!(field_words(t, "a\u{E001}b"), format!("{t}a {t}b "));
        assert_eq!(field_words(t, "—"), "");
        assert_eq!(index_form("x\u{E003}y"), "x y");
    }

    #[test]
    fn a_phrase_of_common_words_is_the_phrase_of_its_pairs() {
        let m = MARK;
        assert_eq!(
            common_phrase("to be, or not"),
            Some(format!("{m}to{m}be {m}be{m}or {m}or{m}not"))
        );
        assert_eq!(common_phrase("It's"), Some(format!("{m}it{m}s")));
        assert_eq!(common_phrase("the"), None);
        assert_eq!(common_phrase("the night"), None);
        assert_eq!(common_phrase("of 图书"), None);
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
