//! Anchoring: the table of edits a quote must survive (or be orphaned by), and properties
//! over random edits.

use commonplace_core::anchor::{Anchor, Anchorer, Quote, Text};
use proptest::prelude::*;

/// What re-anchoring must find.
#[derive(Debug)]
enum Expect {
    /// The quote's own words (perhaps re-spaced) at the place where this text is.
    Exact(&'static str),
    /// Other words: these.
    Fuzzy(&'static str),
    Orphan,
}

/// The selectors of the `occurrence`-th (0-based) `phrase` in `text`.
fn select(text: &str, phrase: &str, occurrence: usize) -> (Quote, usize) {
    let byte = text
        .match_indices(phrase)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("{phrase:?} #{occurrence} is in the old text"))
        .0;
    let t = Text::new(text);
    let start = text[..byte].chars().count();
    (t.quote(start, start + phrase.chars().count()), start)
}

const STORY: &str = "The ferry left the harbour at dawn. Gulls followed it out past the breakwater. \
On the upper deck, a man read the paper aloud to nobody. The river was high after the rain, \
and the river was brown. Near the lighthouse the river met the sea. The crossing took an hour, \
and the coffee was terrible, as it always is. Everyone agreed the ferry should run again at night.";

#[test]
fn the_anchoring_table() {
    let long_quote = "On the upper deck, a man read the paper aloud to nobody. The river was high after the rain";
    let cases: Vec<(&str, &str, &str, usize, String, Expect)> = vec![
        (
            "unchanged",
            STORY,
            "Gulls followed it out",
            0,
            STORY.into(),
            Expect::Exact("Gulls followed it out"),
        ),
        (
            "a sentence added before",
            STORY,
            "the coffee was terrible",
            0,
            format!("A new first sentence arrives. {STORY}"),
            Expect::Exact("the coffee was terrible"),
        ),
        (
            "a sentence added after",
            STORY,
            "the coffee was terrible",
            0,
            format!("{STORY} And then a final word."),
            Expect::Exact("the coffee was terrible"),
        ),
        (
            "a word changed inside",
            STORY,
            "the coffee was terrible, as it always is",
            0,
            STORY.replace("terrible", "dreadful"),
            Expect::Fuzzy("the coffee was dreadful, as it always is"),
        ),
        (
            "a typo fixed in a quote of more than 64 characters",
            STORY,
            long_quote,
            0,
            STORY.replace("aloud to nobody", "aloud to no one"),
            Expect::Fuzzy(
                "On the upper deck, a man read the paper aloud to no one. The river was high after the rain",
            ),
        ),
        (
            "the first of two repeated quotes, after an edit before both",
            STORY,
            "the river",
            0,
            STORY.replace("The ferry left", "The old ferry finally left"),
            Expect::Exact("the river was brown"),
        ),
        (
            "the second of two repeated quotes",
            STORY,
            "the river",
            1,
            format!("Preface. {STORY}"),
            Expect::Exact("the river met the sea"),
        ),
        (
            "white space changed inside and around",
            STORY,
            "The crossing took an hour, and the coffee",
            0,
            STORY.replace("took an hour, and", "took  an hour,\n and"),
            Expect::Exact("The crossing took  an hour,\n and the coffee"),
        ),
        (
            "its paragraph moved to the end",
            STORY,
            "Gulls followed it out past the breakwater.",
            0,
            STORY.replace("Gulls followed it out past the breakwater. ", "")
                + " Gulls followed it out past the breakwater.",
            Expect::Exact("Gulls followed it out past the breakwater."),
        ),
        (
            "the quote deleted",
            STORY,
            "a man read the paper aloud to nobody",
            0,
            STORY.replace(
                "On the upper deck, a man read the paper aloud to nobody. ",
                "",
            ),
            Expect::Orphan,
        ),
        (
            "the whole story rewritten",
            STORY,
            "Everyone agreed the ferry should run again at night.",
            0,
            "A completely different article about municipal budgets and parking.".into(),
            Expect::Orphan,
        ),
        (
            "astral characters added before",
            "Intro. The harbour is quiet tonight. End.",
            "The harbour is quiet",
            0,
            "Intro 🚢🌊🐟. The harbour is quiet tonight. End.".into(),
            Expect::Exact("The harbour is quiet"),
        ),
        (
            "CJK text with an edit before",
            "図書館は夜十時まで開いている。市民は喜んでいる。",
            "市民は喜んでいる",
            0,
            "新しい図書館は夜十時まで開いている。市民は喜んでいる。".into(),
            Expect::Exact("市民は喜んでいる"),
        ),
        (
            "punctuation changed inside",
            "He said \"the tide is turning\" and left the room quietly.",
            "\"the tide is turning\" and left",
            0,
            "He said “the tide is turning” and left the room quietly.".into(),
            Expect::Fuzzy("“the tide is turning” and left"),
        ),
        (
            "right-to-left text with an edit after",
            "המעבורת יצאה עם שחר. השחפים עקבו אחריה.",
            "השחפים עקבו",
            0,
            "המעבורת יצאה עם שחר. השחפים עקבו אחריה עד הים.".into(),
            Expect::Exact("השחפים עקבו"),
        ),
    ];
    for (name, old, phrase, occurrence, new, expect) in cases {
        let (quote, start) = select(old, phrase, occurrence);
        let mut anchorer = Anchorer::new(&new);
        let found = anchorer.anchor(&quote, Some(start));
        let text = anchorer.text();
        match (expect, found) {
            (Expect::Orphan, Anchor::Orphan) => {}
            (Expect::Exact(words), Anchor::Exact { start, end }) => {
                let shown = text.slice(start, end);
                assert!(
                    words.starts_with(shown) || shown.starts_with(phrase) || shown == words,
                    "{name}: found {shown:?}"
                );
                // The place is the one the expectation names: its words follow.
                assert!(
                    text.slice(start, text.len()).starts_with(words),
                    "{name}: found {shown:?} at {start}, not before {words:?}"
                );
            }
            (Expect::Fuzzy(words), Anchor::Fuzzy { start, end }) => {
                assert_eq!(text.slice(start, end), words, "{name}");
            }
            (expect, found) => panic!("{name}: expected {expect:?}, found {found:?}"),
        }
    }
}

#[test]
fn positions_count_code_points_not_utf16_units_or_bytes() {
    let text = "🚢 Ahoy 日本 ok";
    let (quote, start) = select(text, "ok", 0);
    assert_eq!(
        start, 10,
        "🚢 is one code point (two UTF-16 units, four bytes)"
    );
    let mut anchorer = Anchorer::new(text);
    assert_eq!(
        anchorer.anchor(&quote, Some(start)),
        Anchor::Exact { start: 10, end: 12 }
    );
}

/// Random words, some of them outside the Basic Multilingual Plane or not Latin.
fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "tide",
        "harbour",
        "gull",
        "ferry",
        "river",
        "lamp",
        "keeper",
        "fog",
        "night",
        "ship",
        "港",
        "図書館",
        "🚢",
        "🌊",
        "ñandú",
        "Straße",
        "море",
        "שחר",
    ]);
    prop::collection::vec(word, 40..120).prop_map(|w| w.join(" "))
}

/// An edit of a text: replace `len` characters at `at` (a fraction of the text) with `with`.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, String)>> {
    prop::collection::vec((0.0f64..1.0, 0usize..12, "[a-z 🐟é]{0,12}"), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Edits that leave the quote's own characters alone never lose it: it is found,
    /// exactly, whatever happened before and after it.
    #[test]
    fn edits_away_from_a_quote_never_lose_it(
        text in words(),
        at in 0.0f64..1.0,
        len in 8usize..60,
        edits in edits(),
    ) {
        let chars: Vec<char> = text.chars().collect();
        let start = ((chars.len() - len) as f64 * at) as usize;
        let end = start + len;
        let quote = Text::new(&text).quote(start, end);
        // Apply the edits outside start..end, from the end of the text backwards so that
        // positions stay meaningful.
        let mut before: Vec<char> = chars[..start].to_vec();
        let mut after: Vec<char> = chars[end..].to_vec();
        for (where_, remove, insert) in edits {
            let side = if where_ < 0.5 { &mut before } else { &mut after };
            let at = ((side.len() as f64) * (where_ * 2.0 % 1.0)) as usize;
            let remove = remove.min(side.len() - at);
            side.splice(at..at + remove, insert.chars());
        }
        let edited: String = before.iter().chain(&chars[start..end]).chain(&after).collect();
        let mut anchorer = Anchorer::new(&edited);
        let found = anchorer.anchor(&quote, Some(start));
        match found {
            Anchor::Exact { start: s, end: e } => {
                prop_assert_eq!(anchorer.text().slice(s, e), quote.exact.as_str());
            }
            other => prop_assert!(false, "lost: {:?}", other),
        }
    }

    /// The text at an anchored range always equals the quote it was anchored by, and a
    /// fuzzy range is always within the text.
    #[test]
    fn anchors_are_always_inside_the_text(text in words(), other in words(), at in 0.0f64..1.0) {
        let chars: Vec<char> = text.chars().collect();
        let len = 20.min(chars.len());
        let start = ((chars.len() - len) as f64 * at) as usize;
        let quote = Text::new(&text).quote(start, start + len);
        let mut anchorer = Anchorer::new(&other);
        if let Some((s, e)) = anchorer.anchor(&quote, Some(start)).range() {
            prop_assert!(s <= e && e <= anchorer.text().len());
        }
    }
}
