//! Search over a real library: what each part of the query language finds, what it leaves
//! out, the order of hits and their snippets.

use commonplace_core::body::Body;
use commonplace_core::search::HITS;
use commonplace_core::{
    ClippingKind, Color, ErrorCode, Hit, HitKind, Library, NewClipping, SearchScope, SearchSort,
    Target, TextSpan,
};

use super::library;

struct Article<'a> {
    title: &'a str,
    author: Option<&'a str>,
    site: Option<&'a str>,
    published: Option<&'a str>,
    tags: &'a [&'a str],
    text: &'a str,
}

fn add(lib: &mut Library, a: &Article<'_>) -> i64 {
    lib.save_clipping(&NewClipping {
        kind: ClippingKind::Article,
        title: a.title.to_owned(),
        author: a.author.map(str::to_owned),
        site_name: a.site.map(str::to_owned),
        source_url: Some(format!("https://example.com/{}", a.title.replace(' ', "-"))),
        published_at: a
            .published
            .and_then(commonplace_core::date::parse_published),
        tags: a.tags.iter().map(|t| (*t).to_owned()).collect(),
        body: Body::from_untrusted_html(&format!("<p>{}</p>", a.text)),
    })
    .unwrap()
    .id()
}

/// Adds an article of `title` and `text` alone.
fn add_text(lib: &mut Library, title: &str, text: &str) -> i64 {
    add(
        lib,
        &Article {
            title,
            author: None,
            site: None,
            published: None,
            tags: &[],
            text,
        },
    )
}

/// Numbers below `n` drawn from `seed`, the same every run (a linear congruential
/// generator): what the generated-text tests are made of.
fn seeded(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    }
}

/// A small library: three articles, highlights with notes and tags, one in the trash.
struct Fixture {
    lib: Library,
    ferry: i64,
    cafe: i64,
    bus: i64,
    trashed: i64,
    ferry_highlight: i64,
    cafe_highlight: i64,
}

fn fixture() -> Fixture {
    let mut lib = library();
    let ferry = add(
        &mut lib,
        &Article {
            title: "The Night Ferry Returns",
            author: Some("Mirela Okafor"),
            site: Some("Harbor Daily"),
            published: Some("2024-03-04"),
            tags: &["transport/boats"],
            text: "The council voted to restore the overnight ferry across the bay. \
                   Riders who cross at three in the morning welcomed the vote.",
        },
    );
    let cafe = add(
        &mut lib,
        &Article {
            title: "A Café by the Water",
            author: Some("Jana Müller"),
            site: Some("Stadtzeitung"),
            published: Some("2022-07-01"),
            tags: &["food"],
            text: "The CAFÉ opens at dawn; its coffee draws the ferry crews before work.",
        },
    );
    let bus = add(
        &mut lib,
        &Article {
            title: "Night Buses Run Late",
            author: None,
            site: None,
            published: None,
            tags: &["transport"],
            text: "A night bus could serve more riders for less than any boat.",
        },
    );
    let trashed = add(
        &mut lib,
        &Article {
            title: "An Old Timetable",
            author: None,
            site: None,
            published: None,
            tags: &[],
            text: "The ferry timetable of 1998, long out of date.",
        },
    );
    lib.trash_clipping(trashed).unwrap();
    let quote = |exact: &str| Target::Quote {
        exact: exact.to_owned(),
        occurrence: 1,
    };
    let ferry_highlight = lib
        .add_highlight(
            ferry,
            &quote("restore the overnight ferry"),
            Color::Green,
            "The heart of the story.",
        )
        .unwrap()
        .id;
    lib.tag_highlight(ferry_highlight, "quotes").unwrap();
    let cafe_highlight = lib
        .add_highlight(
            cafe,
            &quote("its coffee draws the ferry crews"),
            Color::Pink,
            "",
        )
        .unwrap()
        .id;
    lib.set_clipping_note(bus, "Compare with the marzipan ferry schedule.")
        .unwrap();
    Fixture {
        lib,
        ferry,
        cafe,
        bus,
        trashed,
        ferry_highlight,
        cafe_highlight,
    }
}

/// What `query` finds: each hit as its clipping and highlight.
fn found(lib: &Library, query: &str) -> Vec<(i64, Option<i64>)> {
    hits(lib, query)
        .iter()
        .map(|h| (h.clipping_id, h.highlight_id))
        .collect()
}

fn hits(lib: &Library, query: &str) -> Vec<Hit> {
    lib.search(query, None, None)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// The clippings `query` finds, in order.
fn clippings(lib: &Library, query: &str) -> Vec<i64> {
    hits(lib, query)
        .iter()
        .filter(|h| h.kind == HitKind::Clipping)
        .map(|h| h.clipping_id)
        .collect()
}

#[test]
fn words_all_match_in_any_order_with_case_and_diacritics_folded() {
    let f = fixture();
    assert_eq!(clippings(&f.lib, "cafe"), vec![f.cafe]);
    assert_eq!(clippings(&f.lib, "CAFÉ dawn"), vec![f.cafe]);
    assert_eq!(clippings(&f.lib, "dawn café"), vec![f.cafe]);
    assert_eq!(clippings(&f.lib, "müller"), vec![f.cafe]);
    assert_eq!(clippings(&f.lib, "muller"), vec![f.cafe]);
    assert!(clippings(&f.lib, "cafe ferry bus").is_empty());
}

#[test]
fn prefixes_phrases_exclusions_and_or() {
    let f = fixture();
    let mut ferr = clippings(&f.lib, "ferr*");
    ferr.sort_unstable();
    assert_eq!(ferr, vec![f.ferry, f.cafe, f.bus]);
    assert_eq!(clippings(&f.lib, "\"overnight ferry\""), vec![f.ferry]);
    assert!(clippings(&f.lib, "\"ferry overnight\"").is_empty());
    // A phrase in a highlight: found, ranked by its words; the same words apart are not.
    assert_eq!(
        found(&f.lib, "\"ferry crews\" in:highlights"),
        vec![(f.cafe, Some(f.cafe_highlight))]
    );
    assert!(found(&f.lib, "\"crews ferry\" in:highlights").is_empty());
    assert_eq!(
        found(&f.lib, "\"the overnight ferry\" restore in:highlights"),
        vec![(f.ferry, Some(f.ferry_highlight))]
    );
    let mut not_cafe = clippings(&f.lib, "ferry -café");
    not_cafe.sort_unstable();
    assert_eq!(not_cafe, vec![f.ferry, f.bus]);
    assert_eq!(
        clippings(&f.lib, "ferry -\"the bay\" -marzipan"),
        vec![f.cafe]
    );
    let mut either = clippings(&f.lib, "coffee OR bus");
    either.sort_unstable();
    assert_eq!(either, vec![f.cafe, f.bus]);
    assert_eq!(clippings(&f.lib, "(coffee OR bus) riders"), vec![f.bus]);
    // Only words to leave out: everything else (the bus has its ferry in its note).
    assert!(clippings(&f.lib, "-ferry").is_empty());
    assert_eq!(clippings(&f.lib, "-ferry is:trashed"), Vec::<i64>::new());
}

/// A phrase made only of common words is looked for among the pairs of them that stand
/// together (the index's column `pairs`); it must find just what the phrase of its words
/// finds.
#[test]
fn phrases_of_common_words_are_found_where_their_words_stand_together() {
    let mut lib = library();
    let hamlet = add_text(
        &mut lib,
        "Soliloquy",
        "It was late. To be, or not to be: that is the question.",
    );
    let asked = add_text(
        &mut lib,
        "Asked",
        "Of all the times, the best was not for missing; the question is that.",
    );
    let sea = add_text(&mut lib, "Of the Sea", "Waves break on rocks.");
    let door = add_text(
        &mut lib,
        "Door",
        "They were at home. At the door, nobody — of—the end.",
    );
    let sorted = |mut ids: Vec<i64>| {
        ids.sort_unstable();
        ids
    };
    assert_eq!(sorted(clippings(&lib, "\"of the\"")), vec![sea, door]);
    assert_eq!(clippings(&lib, "\"OF THE\" waves"), vec![sea]);
    assert_eq!(
        clippings(&lib, "\"to be or not to be\""),
        vec![hamlet],
        "punctuation stands between the words of a phrase"
    );
    assert!(clippings(&lib, "\"be to\"").is_empty());
    assert_eq!(clippings(&lib, "\"that is\""), vec![hamlet]);
    assert_eq!(clippings(&lib, "\"is that\""), vec![asked]);
    assert_eq!(
        sorted(clippings(&lib, "\"that is\" OR \"is that\"")),
        vec![hamlet, asked]
    );
    assert_eq!(clippings(&lib, "question -\"that is\""), vec![asked]);
    // Two pairs in runs of their own are no phrase: "were at" ends where "home" stands.
    assert_eq!(clippings(&lib, "\"were at\""), vec![door]);
    assert_eq!(sorted(clippings(&lib, "\"at the\"")), vec![door]);
    assert!(clippings(&lib, "\"were at the\"").is_empty());
    // A word the index cuts in two, all of it common.
    assert_eq!(clippings(&lib, "it's"), Vec::<i64>::new());
    let late = add_text(&mut lib, "Late", "It's late, and it is.");
    assert_eq!(clippings(&lib, "it's"), vec![late]);
    // In a highlight, and in a part of its own (`in:notes`: the words' own positions).
    let quote = Target::Quote {
        exact: "To be, or not to be".to_owned(),
        occurrence: 1,
    };
    let highlight = lib
        .add_highlight(hamlet, &quote, Color::Yellow, "Not for all of us.")
        .unwrap()
        .id;
    assert_eq!(
        found(&lib, "\"not to be\" in:highlights"),
        vec![(hamlet, Some(highlight))]
    );
    assert_eq!(
        found(&lib, "\"all of us\" in:notes"),
        vec![(hamlet, Some(highlight))]
    );
    assert_eq!(
        found(&lib, "\"all of us\""),
        vec![(hamlet, Some(highlight))]
    );
    // A change to the text is a change to its pairs.
    lib.set_clipping_note(sea, "Not to be missed.").unwrap();
    assert_eq!(sorted(clippings(&lib, "\"not to be\"")), vec![hamlet, sea]);
}

/// Over generated texts of common and other words, every phrase of common words finds the
/// same clippings as the same phrase looked for by its words' positions (`in:clippings`
/// names the columns, which the pairs do not keep apart).
#[test]
fn phrases_found_by_their_pairs_are_those_found_by_their_words() {
    let mut lib = library();
    let common = [
        "of", "the", "to", "be", "and", "it", "is", "a", "in", "that",
    ];
    let other = [
        "sea", "door", "ferry", "night", "Über", "图书", "2024", "café",
    ];
    let gaps = [" ", " ", " ", ", ", ". ", " — ", "—", "; ", "\n"];
    let mut next = seeded(7);
    let mut texts = Vec::new();
    for _ in 0..60 {
        let mut text = String::new();
        for w in 0..40 {
            if w > 0 {
                text.push_str(gaps[next(gaps.len())]);
            }
            text.push_str(if next(3) == 0 {
                other[next(other.len())]
            } else {
                common[next(common.len())]
            });
        }
        texts.push(text);
    }
    for (i, text) in texts.iter().enumerate() {
        add_text(&mut lib, &format!("Generated {i}"), text);
    }
    let mut found_some = 0;
    for _ in 0..80 {
        let words: Vec<&str> = (0..2 + next(3))
            .map(|_| common[next(common.len())])
            .collect();
        let phrase = format!("\"{}\"", words.join(" "));
        let by_pairs = clippings(&lib, &phrase);
        let by_words = clippings(&lib, &format!("{phrase} in:clippings"));
        let mut a = by_pairs.clone();
        let mut b = by_words.clone();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{phrase}");
        found_some += usize::from(!a.is_empty());
    }
    assert!(found_some > 20, "the phrases find something: {found_some}");
}

/// A field's words are kept a second time, each marked as the field's, and `title:` looks
/// for those: over generated titles and authors (case, accents, CJK, apostrophes, hyphens),
/// each query finds what FTS5's filter on the field's own column finds.
#[test]
fn fields_are_found_by_their_marked_words_as_by_their_own_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).unwrap();
    let words = [
        "Café",
        "CAFE",
        "naïve",
        "图书馆",
        "don't",
        "Night-Ferry",
        "2024",
        "ferry",
        "the",
        "Über",
        "夜間開館",
        "O'Brien",
    ];
    let mut next = seeded(11);
    for i in 0..40 {
        let mut pick = |count: usize| {
            (0..count)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (title, author, text) = (pick(4), pick(2), pick(6));
        lib.save_clipping(&NewClipping {
            kind: ClippingKind::Article,
            title,
            author: Some(author),
            site_name: None,
            source_url: Some(format!("https://example.com/{i}")),
            published_at: None,
            tags: Vec::new(),
            body: Body::from_untrusted_html(&format!("<p>{text}</p>")),
        })
        .unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let by_column = |column: &str, text: &str, prefix: bool| -> Vec<i64> {
        let form = commonplace_core::words::index_form(text);
        let expression = format!(
            "{{{column}}} : \"{}\"{}",
            form.trim().replace('"', "\"\""),
            if prefix { " *" } else { "" }
        );
        let mut stmt = conn
            .prepare("SELECT rowid FROM clipping_search WHERE clipping_search MATCH ?1")
            .unwrap();
        let mut ids: Vec<i64> = stmt
            .query_map([&expression], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        ids.sort_unstable();
        ids
    };
    let mut found_some = 0;
    let mut queries: Vec<(String, &str, String, bool)> = Vec::new();
    for word in words {
        for (field, column) in [("title", "title"), ("author", "author")] {
            queries.push((
                format!("{field}:\"{word}\""),
                column,
                word.to_owned(),
                false,
            ));
        }
    }
    queries.push(("title:caf*".into(), "title", "caf".into(), true));
    queries.push((
        "title:\"café cafe\"".into(),
        "title",
        "café cafe".into(),
        false,
    ));
    queries.push((
        "title:\"ferry the\"".into(),
        "title",
        "ferry the".into(),
        false,
    ));
    queries.push(("title:图书".into(), "title", "图书".into(), false));
    queries.push(("author:brien".into(), "author", "brien".into(), false));
    for (query, column, text, prefix) in queries {
        let mut ours = clippings(&lib, &query);
        ours.sort_unstable();
        assert_eq!(ours, by_column(column, &text, prefix), "{query}");
        found_some += usize::from(!ours.is_empty());
    }
    assert!(found_some > 20, "the queries find something: {found_some}");
}

#[test]
fn fields_find_in_their_own_part_only() {
    let f = fixture();
    let sorted = |mut ids: Vec<i64>| {
        ids.sort_unstable();
        ids
    };
    assert_eq!(
        sorted(clippings(&f.lib, "title:night")),
        sorted(vec![f.ferry, f.bus])
    );
    assert_eq!(clippings(&f.lib, "title:\"night ferry\""), vec![f.ferry]);
    assert_eq!(clippings(&f.lib, "author:okafor"), vec![f.ferry]);
    assert_eq!(clippings(&f.lib, "site:harbor"), vec![f.ferry]);
    assert!(clippings(&f.lib, "title:coffee").is_empty());
    assert_eq!(
        sorted(clippings(&f.lib, "tag:transport")),
        sorted(vec![f.ferry, f.bus]),
        "a tag finds its subtree"
    );
    assert_eq!(clippings(&f.lib, "ferry -tag:transport"), vec![f.cafe]);
    assert_eq!(
        clippings(&f.lib, "kind:article published:2022"),
        vec![f.cafe]
    );
    assert_eq!(clippings(&f.lib, "published:2024-03"), vec![f.ferry]);
    assert_eq!(clippings(&f.lib, "ferry has:note"), vec![f.bus]);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        clippings(&f.lib, &format!("coffee after:{today}")),
        vec![f.cafe]
    );
    assert!(clippings(&f.lib, "coffee before:2000-01-01").is_empty());
}

#[test]
fn highlights_are_found_by_their_words_note_tags_and_colour() {
    let f = fixture();
    let in_highlights = found(&f.lib, "ferry in:highlights");
    assert_eq!(in_highlights.len(), 2, "{in_highlights:?}");
    assert!(in_highlights.contains(&(f.ferry, Some(f.ferry_highlight))));
    assert!(in_highlights.contains(&(f.cafe, Some(f.cafe_highlight))));
    assert_eq!(
        found(&f.lib, "color:pink"),
        vec![(f.cafe, Some(f.cafe_highlight))]
    );
    assert_eq!(
        found(&f.lib, "heart in:notes"),
        vec![(f.ferry, Some(f.ferry_highlight))]
    );
    assert_eq!(found(&f.lib, "marzipan in:notes"), vec![(f.bus, None)]);
    assert_eq!(
        found(&f.lib, "ferry tag:quotes in:highlights"),
        vec![(f.ferry, Some(f.ferry_highlight))]
    );
    // Both kinds together, each with what it is.
    let both = hits(&f.lib, "overnight");
    assert!(
        both.iter()
            .any(|h| h.kind == HitKind::Clipping && h.clipping_id == f.ferry)
    );
    let highlight = both
        .iter()
        .find(|h| h.kind == HitKind::Highlight)
        .expect("the highlight");
    assert_eq!(highlight.color, Some(Color::Green));
    assert_eq!(highlight.note.as_deref(), Some("The heart of the story."));
    assert_eq!(highlight.title, "The Night Ferry Returns");
    assert_eq!(
        highlight.snippet,
        "restore the <mark>overnight</mark> ferry"
    );
}

#[test]
fn the_trash_is_left_out_unless_asked_for() {
    let f = fixture();
    assert!(!clippings(&f.lib, "timetable").contains(&f.trashed));
    assert_eq!(clippings(&f.lib, "timetable is:trashed"), vec![f.trashed]);
    assert_eq!(clippings(&f.lib, "is:trashed"), vec![f.trashed]);
}

#[test]
fn deleted_highlights_and_those_of_the_trash_are_left_out() {
    let mut f = fixture();
    assert!(found(&f.lib, "coffee").contains(&(f.cafe, Some(f.cafe_highlight))));
    // Its clipping in the trash: its highlights with it, unless the trash is asked for.
    f.lib.trash_clipping(f.cafe).unwrap();
    assert!(!found(&f.lib, "coffee").contains(&(f.cafe, Some(f.cafe_highlight))));
    assert!(found(&f.lib, "coffee is:trashed").contains(&(f.cafe, Some(f.cafe_highlight))));
    // A deleted highlight is found by nothing.
    assert!(found(&f.lib, "overnight").contains(&(f.ferry, Some(f.ferry_highlight))));
    f.lib.delete_highlight(f.ferry_highlight).unwrap();
    assert!(!found(&f.lib, "overnight").contains(&(f.ferry, Some(f.ferry_highlight))));
    assert!(!found(&f.lib, "overnight is:trashed").contains(&(f.ferry, Some(f.ferry_highlight))));
}

#[test]
fn hits_are_ranked_with_titles_above_the_body_unless_sorted() {
    let mut f = fixture();
    // "night" is in two titles and in one body.
    let ranked = clippings(&f.lib, "night");
    assert_eq!(ranked.len(), 2);
    let _ = add(
        &mut f.lib,
        &Article {
            title: "Harbour Notes",
            author: None,
            site: None,
            published: None,
            tags: &[],
            text: "Nothing moved on the water that night, nothing at all, for hours on end.",
        },
    );
    let ranked = clippings(&f.lib, "night");
    assert_eq!(ranked.len(), 3);
    assert_ne!(ranked[2], f.ferry, "a title match ranks above the body's");
    assert_ne!(ranked[2], f.bus, "a title match ranks above the body's");
    let by_title = f
        .lib
        .search("night", Some(SearchSort::Title), None)
        .unwrap();
    let titles: Vec<&str> = by_title
        .iter()
        .filter(|h| h.kind == HitKind::Clipping)
        .map(|h| h.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Harbour Notes",
            "Night Buses Run Late",
            "The Night Ferry Returns"
        ]
    );
    let newest = f.lib.search("night sort:newest", None, None).unwrap();
    assert_eq!(newest[0].title, "Harbour Notes");
    let oldest = f.lib.search("night sort:oldest", None, None).unwrap();
    assert_eq!(oldest[0].title, "The Night Ferry Returns");
}

#[test]
fn snippets_mark_the_matches_in_escaped_text() {
    let f = fixture();
    let hit = hits(&f.lib, "dawn")
        .into_iter()
        .find(|h| h.kind == HitKind::Clipping)
        .unwrap();
    assert_eq!(
        hit.snippet,
        "The CAFÉ opens at <mark>dawn</mark>; its coffee draws the ferry crews before work."
    );
}

/// A library of `n` clippings titled "Tide table N", all with the same text.
fn tide_tables(n: u32) -> Library {
    let mut lib = library();
    for i in 0..n {
        add(
            &mut lib,
            &Article {
                title: &format!("Tide table {i}"),
                author: None,
                site: None,
                published: None,
                tags: &[],
                text: "High water at noon.",
            },
        );
    }
    lib
}

#[test]
fn a_limit_caps_the_hits() {
    let lib = tide_tables(HITS + 10);
    assert_eq!(lib.search("tide", None, None).unwrap().len(), HITS as usize);
    assert_eq!(lib.search("tide", None, Some(5)).unwrap().len(), 5);
}

#[test]
fn a_malformed_query_is_an_error_with_its_place() {
    let lib = library();
    let e = lib.search("ferry (night", None, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidQuery);
    assert!(e.to_string().contains("at character 7"), "{e}");
}

#[test]
fn chinese_japanese_and_korean_are_found_by_any_two_of_their_characters() {
    let mut lib = library();
    let chinese = add_text(&mut lib, "图书馆夜间开放", "市图书馆今晚起延长开放时间。");
    let japanese = add_text(
        &mut lib,
        "図書館の夜間開館",
        "市立図書館の夜間開館が始まる。",
    );
    let korean = add_text(
        &mut lib,
        "도서관 야간 개관",
        "시립 도서관이 야간 개관을 시작한다.",
    );
    assert_eq!(clippings(&lib, "图书"), vec![chinese]);
    assert_eq!(clippings(&lib, "书馆"), vec![chinese]);
    assert_eq!(clippings(&lib, "开放时间"), vec![chinese]);
    assert_eq!(clippings(&lib, "開館"), vec![japanese]);
    assert_eq!(clippings(&lib, "\"夜間開館\""), vec![japanese]);
    assert_eq!(clippings(&lib, "도서"), vec![korean]);
    assert_eq!(clippings(&lib, "야간"), vec![korean]);
    assert!(
        clippings(&lib, "图馆").is_empty(),
        "the characters must be next to each other"
    );
    let hit = hits(&lib, "開館")
        .into_iter()
        .find(|h| h.clipping_id == japanese && h.snippet.contains("始まる"))
        .unwrap();
    assert_eq!(hit.snippet, "市立図書館の夜間<mark>開館</mark>が始まる。");
}

#[test]
fn a_word_in_more_clippings_than_are_ranked_still_finds_what_the_filters_ask_for() {
    let mut lib = library();
    let mut oldest = None;
    let mut busiest = None;
    for i in 0..2_100 {
        let id = add(
            &mut lib,
            &Article {
                title: &format!("Tide table {i}"),
                author: None,
                site: None,
                published: None,
                tags: if i == 0 { &["archive"] } else { &[] },
                text: if i == 2_000 {
                    "High tide at noon, the tide at noon again, and tide at noon."
                } else {
                    "High tide at noon, low tide at six."
                },
            },
        );
        oldest.get_or_insert(id);
        if i == 2_000 {
            busiest = Some(id);
        }
    }
    assert_eq!(lib.search("tide", None, None).unwrap().len(), 50);
    assert_eq!(clippings(&lib, "tide tag:archive"), vec![oldest.unwrap()]);
    // A phrase in more clippings than are ranked: the newest of them, ranked by their
    // words, the one that has them most first.
    let phrase = clippings(&lib, "\"tide at noon\"");
    assert_eq!(phrase.len(), 50);
    assert_eq!(phrase[0], busiest.unwrap());
}

#[test]
fn saved_searches_keep_their_order_and_count_their_hits() {
    let mut f = fixture();
    f.lib.save_search("Boats", "ferry -tag:food").unwrap();
    f.lib.save_search("Yellow", "color:pink").unwrap();
    f.lib.save_search("Coffee", "coffee").unwrap();
    assert_eq!(
        f.lib.save_search("Broken", "ferry (").unwrap_err().code(),
        ErrorCode::InvalidQuery
    );
    f.lib
        .reorder_searches(&["coffee".into(), "Boats".into()])
        .unwrap();
    let saved = f.lib.saved_searches().unwrap();
    let names: Vec<&str> = saved.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Coffee", "Boats", "Yellow"]);
    assert_eq!(
        saved[0].count,
        f.lib.search("coffee", None, None).unwrap().len() as i64
    );
    assert_eq!(saved[2].count, 1);
    assert_eq!(
        f.lib.delete_search("nothing").unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn pages_of_hits_follow_one_another_without_repeats() {
    let lib = tide_tables(25);
    let scope = SearchScope::default();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = lib
            .search_page("tide", None, &scope, after.as_deref(), Some(10))
            .unwrap();
        pages += 1;
        seen.extend(page.items.iter().map(|h| h.clipping_id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 25, "{seen:?}");
    let bad = lib.search_page("tide", None, &scope, Some("x"), None);
    assert_eq!(bad.unwrap_err().code(), ErrorCode::InvalidArgument);
}

#[test]
fn a_scope_narrows_a_search_as_its_fields_would() {
    let f = fixture();
    let within = |scope: SearchScope| -> Vec<(i64, Option<i64>)> {
        f.lib
            .search_page("ferry", None, &scope, None, None)
            .unwrap()
            .items
            .iter()
            .map(|h| (h.clipping_id, h.highlight_id))
            .collect()
    };
    // A tag and the tags beneath it, as `tag:` would.
    let mut tagged = within(SearchScope {
        tags: vec!["transport".to_owned()],
        ..SearchScope::default()
    });
    tagged.sort_unstable();
    let mut expected = found(&f.lib, "ferry tag:transport");
    expected.sort_unstable();
    assert_eq!(tagged, expected);
    assert!(tagged.contains(&(f.ferry, None)));
    assert!(!tagged.iter().any(|(c, _)| *c == f.cafe));
    // The trash, as `is:trashed` would.
    assert_eq!(
        within(SearchScope {
            trash: true,
            ..SearchScope::default()
        }),
        vec![(f.trashed, None)]
    );
    // A colour: its highlights.
    assert_eq!(
        within(SearchScope {
            color: Some(Color::Pink),
            ..SearchScope::default()
        }),
        vec![(f.cafe, Some(f.cafe_highlight))]
    );
    // Days clipped: all of them today, none before 2000.
    assert!(
        within(SearchScope {
            clipped_to: Some("2000-01-01".to_owned()),
            ..SearchScope::default()
        })
        .is_empty()
    );
    let bad = f.lib.search_page(
        "ferry",
        None,
        &SearchScope {
            clipped_from: Some("soon".to_owned()),
            ..SearchScope::default()
        },
        None,
        None,
    );
    assert_eq!(bad.unwrap_err().code(), ErrorCode::InvalidArgument);
    // A scope alone, with no words, lists what it holds.
    assert!(
        within(SearchScope {
            kind: Some(ClippingKind::Book),
            ..SearchScope::default()
        })
        .is_empty()
    );
}

/// The text of each span of clipping `id`.
fn spans_text(lib: &Library, id: i64, spans: &[TextSpan]) -> Vec<String> {
    let text: Vec<char> = lib.clipping(id).unwrap().text.chars().collect();
    spans
        .iter()
        .map(|s| text[s.start as usize..s.end as usize].iter().collect())
        .collect()
}

#[test]
fn the_words_of_a_query_are_found_in_the_text_of_a_hit() {
    let f = fixture();
    let matches = f
        .lib
        .search_matches(f.ferry, "FERRY \"the bay\" cro* -riders")
        .unwrap();
    assert_eq!(
        spans_text(&f.lib, f.ferry, &matches),
        ["ferry", "the bay", "cross"]
    );
    // Folded: café is found by cafe, in code points past the é.
    let cafe = f.lib.search_matches(f.cafe, "cafe crews").unwrap();
    assert_eq!(spans_text(&f.lib, f.cafe, &cafe), ["CAFÉ", "crews"]);
    assert!(f.lib.search_matches(f.cafe, "\"open").is_err());
}

#[test]
fn find_in_a_clipping_folds_like_search_and_finds_inside_words() {
    let mut lib = library();
    let id = add(
        &mut lib,
        &Article {
            title: "Cafés",
            author: None,
            site: None,
            published: None,
            tags: &[],
            text: "The Café opened.</p><p>Another cafe\u{301} and a CAFÉTÉRIA, then 図書館.",
        },
    );
    let found = |needle: &str| spans_text(&lib, id, &lib.find_in_clipping(id, needle).unwrap());
    assert_eq!(found("cafe"), ["Café", "cafe\u{301}", "CAFÉ"]);
    // Across the line between two paragraphs, one space matches the break.
    assert_eq!(found("opened. another"), ["opened.\nAnother"]);
    assert_eq!(found("書"), ["書"]);
    assert_eq!(found("eter"), ["ÉTÉR"]);
    assert!(found("   ").is_empty());
    assert!(found("nowhere").is_empty());
}
