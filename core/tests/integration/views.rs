//! Tags (names, hierarchy, rename and merge, delete, undo) and the library's views (sorts,
//! filters, cursor paging, trash).

use commonplace_core::body::Body;
use commonplace_core::{
    ClippingKind, Color, ErrorCode, Library, ListQuery, NewClipping, PublishedAt, Sort, Target,
};

use super::library;

/// A small article stored directly, as an importer would produce it.
fn add(lib: &mut Library, title: &str, author: Option<&str>, published: Option<&str>) -> i64 {
    let body = Body::from_untrusted_html(&format!("<p>{title}: the body of the story.</p>"));
    lib.save_clipping(&NewClipping {
        kind: ClippingKind::Article,
        title: title.to_owned(),
        author: author.map(str::to_owned),
        site_name: None,
        source_url: Some(format!("https://example.com/{}", title.replace(' ', "-"))),
        published_at: published.and_then(commonplace_core::date::parse_published),
        tags: Vec::new(),
        body,
    })
    .unwrap()
    .id()
}

/// Every page of `query` (from its first), each no longer than its limit, one after another.
fn every_page(lib: &Library, query: &ListQuery) -> Vec<commonplace_core::ClippingSummary> {
    let mut seen = Vec::new();
    let mut query = query.clone();
    loop {
        let page = lib.list(&query).unwrap();
        assert!(page.items.len() <= query.limit.unwrap_or(50) as usize);
        seen.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return seen,
        }
    }
}

/// Each tag's name, clipping count and highlight count.
fn tag_counts(lib: &Library) -> Vec<(String, i64, i64)> {
    lib.tags()
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.clipping_count, t.highlight_count))
        .collect()
}

fn titles(lib: &Library, query: &ListQuery) -> Vec<String> {
    lib.list(query)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.title)
        .collect()
}

#[test]
fn tag_names_are_trimmed_unique_without_regard_to_case_and_nest() {
    let mut lib = library();
    let a = add(&mut lib, "Alpha", None, None);
    let b = add(&mut lib, "Beta", None, None);
    let c = add(&mut lib, "Gamma", None, None);
    assert_eq!(lib.tag_clipping(a, "  Politics ").unwrap(), ["Politics"]);
    assert_eq!(
        lib.tag_clipping(a, "politics").unwrap(),
        ["Politics"],
        "one tag, first spelling"
    );
    lib.tag_clipping(b, "politics / Europe").unwrap();
    lib.tag_clipping(c, "politicsx").unwrap();
    assert_eq!(
        lib.tags()
            .unwrap()
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Politics", "Politics/Europe", "politicsx"]
    );
    // A parent includes its children; a tag that only starts the same does not (nor those
    // that sort just before and just after its children).
    lib.tag_clipping(c, "politics.old").unwrap();
    lib.tag_clipping(c, "politics0").unwrap();
    let query = ListQuery {
        tags: vec!["POLITICS".into()],
        sort: Sort::Title,
        ..Default::default()
    };
    assert_eq!(titles(&lib, &query), ["Alpha", "Beta"]);
    let query = ListQuery {
        tags: vec!["politics".into(), "politics/europe".into()],
        ..Default::default()
    };
    assert_eq!(
        titles(&lib, &query),
        ["Beta"],
        "several tags: all must match"
    );
    // Two tags of one subtree on a clipping: it is listed once.
    lib.tag_clipping(b, "politics/asia").unwrap();
    assert_eq!(titles(&lib, &query), ["Beta"]);
    assert_eq!(
        lib.tag_clipping(a, " / ").unwrap_err().code(),
        ErrorCode::InvalidTag
    );
    assert_eq!(
        lib.untag_clipping(a, "POLITICS").unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn renaming_onto_an_existing_tag_merges_them_and_undo_restores_both() {
    let mut lib = library();
    let a = add(&mut lib, "Alpha", None, None);
    let b = add(&mut lib, "Beta", None, None);
    lib.tag_clipping(a, "history").unwrap();
    lib.tag_clipping(a, "history/rome").unwrap();
    lib.tag_clipping(b, "past").unwrap();
    let h = lib
        .add_highlight(
            b,
            &Target::Quote {
                exact: "Beta".into(),
                occurrence: 1,
            },
            Color::Blue,
            "",
        )
        .unwrap();
    lib.tag_highlight(h.id, "History").unwrap();
    // A clipping carrying both: one tag after the merge, both again after its undo.
    let c = add(&mut lib, "Gamma", None, None);
    lib.tag_clipping(c, "past").unwrap();
    lib.tag_clipping(c, "history").unwrap();
    let tags_of = |lib: &Library| [a, b, c].map(|id| lib.clipping(id).unwrap().summary.tags);
    let before = tags_of(&lib);
    let before_counts = tag_counts(&lib);
    assert_eq!(
        before_counts,
        [
            ("history".into(), 2, 1),
            ("history/rome".into(), 1, 0),
            ("past".into(), 2, 0)
        ]
    );

    let change = lib.rename_tag("history", "past").unwrap();
    let counts = tag_counts(&lib);
    assert_eq!(counts, [("past".into(), 3, 1), ("past/rome".into(), 1, 0)]);
    assert_eq!(lib.highlight(h.id).unwrap().tags, ["past"]);
    assert_eq!(lib.clipping(c).unwrap().summary.tags, ["past"]);

    lib.undo_tag_change(&change).unwrap();
    assert_eq!(tag_counts(&lib), before_counts);
    assert_eq!(tags_of(&lib), before);
    assert_eq!(lib.highlight(h.id).unwrap().tags, ["history"]);

    // The other way round (the smaller tag moving into the larger): the same tags, by the
    // target's name.
    let change = lib.rename_tag("past", "history").unwrap();
    let counts = tag_counts(&lib);
    assert_eq!(
        counts,
        [("history".into(), 3, 1), ("history/rome".into(), 1, 0)]
    );
    lib.undo_tag_change(&change).unwrap();
    assert_eq!(tag_counts(&lib), before_counts);
    assert_eq!(tags_of(&lib), before);

    // Undo of a plain rename, after the old name was taken again meanwhile: the tag gets its
    // name and its clippings back, and what took the name goes (as it was before).
    let change = lib.rename_tag("past", "earlier").unwrap();
    lib.tag_clipping(a, "past").unwrap();
    lib.undo_tag_change(&change).unwrap();
    assert_eq!(tag_counts(&lib), before_counts);
    assert_eq!(tags_of(&lib), before);

    // A change of case only renames; a tag cannot move beneath itself.
    lib.rename_tag("history", "History").unwrap();
    assert_eq!(lib.tags().unwrap()[0].name, "History");
    assert_eq!(
        lib.rename_tag("history", "history/old").unwrap_err().code(),
        ErrorCode::InvalidTag
    );
    assert_eq!(
        lib.rename_tag("nothing", "else").unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn deleting_a_tag_takes_it_and_its_children_off_everything_until_undone() {
    let mut lib = library();
    let a = add(&mut lib, "Alpha", None, None);
    lib.tag_clipping(a, "work").unwrap();
    lib.tag_clipping(a, "work/meetings").unwrap();
    lib.tag_clipping(a, "home").unwrap();
    let change = lib.delete_tag("Work").unwrap();
    assert_eq!(lib.clipping(a).unwrap().summary.tags, ["home"]);
    lib.undo_tag_change(&change).unwrap();
    assert_eq!(
        lib.clipping(a).unwrap().summary.tags,
        ["home", "work", "work/meetings"]
    );
}

#[test]
fn every_sort_pages_through_everything_once_by_cursor() {
    let mut lib = library();
    let authors = [Some("Zed"), None, Some("ada"), Some("Bo"), None];
    for i in 0..23 {
        let published = (i % 3 != 0).then(|| format!("2025-01-{:02}", (i % 28) + 1));
        add(
            &mut lib,
            &format!("Story {:02}", (i * 7) % 23),
            authors[i % authors.len()],
            published.as_deref(),
        );
    }
    for sort in [Sort::Clipped, Sort::Published, Sort::Title, Sort::Author] {
        let seen = every_page(
            &lib,
            &ListQuery {
                sort,
                limit: Some(5),
                ..Default::default()
            },
        );
        assert_eq!(seen.len(), 23, "{sort:?}");
        let mut ids: Vec<i64> = seen.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 23, "{sort:?}: each exactly once");
        let ordered = seen.windows(2).all(|w| match sort {
            Sort::Title => w[0].title.to_lowercase() <= w[1].title.to_lowercase(),
            Sort::Author => match (&w[0].author, &w[1].author) {
                (Some(a), Some(b)) => a.to_lowercase() <= b.to_lowercase(),
                (Some(_), None) | (None, None) => true,
                (None, Some(_)) => false,
            },
            Sort::Published => {
                let key = |c: &commonplace_core::ClippingSummary| {
                    c.published_at
                        .map(|p: PublishedAt| p.to_string())
                        .unwrap_or_default()
                };
                key(&w[0]) >= key(&w[1])
            }
            Sort::Clipped => (w[0].clipped_at, w[0].id) >= (w[1].clipped_at, w[1].id),
        });
        assert!(ordered, "{sort:?} out of order");
    }
    let bad = lib.list(&ListQuery {
        after: Some("nonsense".into()),
        ..Default::default()
    });
    assert_eq!(bad.unwrap_err().code(), ErrorCode::InvalidArgument);
}

#[test]
fn filters_by_kind_colour_and_date_and_the_trash_keeps_everything() {
    let mut lib = library();
    let a = add(&mut lib, "Alpha", None, None);
    let b = add(&mut lib, "Beta", None, None);
    let h = lib
        .add_highlight(
            a,
            &Target::Quote {
                exact: "Alpha".into(),
                occurrence: 1,
            },
            Color::Pink,
            "a note",
        )
        .unwrap();
    lib.tag_clipping(a, "keep").unwrap();
    let pink = ListQuery {
        color: Some(Color::Pink),
        ..Default::default()
    };
    assert_eq!(titles(&lib, &pink), ["Alpha"]);
    let books = ListQuery {
        kind: Some(ClippingKind::Book),
        ..Default::default()
    };
    assert!(titles(&lib, &books).is_empty());
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let dated = ListQuery {
        clipped_from: Some(today.clone()),
        clipped_to: Some(today),
        ..Default::default()
    };
    assert_eq!(titles(&lib, &dated).len(), 2);
    let past = ListQuery {
        clipped_to: Some("2001-01-01".into()),
        ..Default::default()
    };
    assert!(titles(&lib, &past).is_empty());

    lib.trash_clipping(a).unwrap();
    assert_eq!(titles(&lib, &ListQuery::default()), ["Beta"]);
    let trash = ListQuery {
        trash: true,
        ..Default::default()
    };
    let trashed = lib.list(&trash).unwrap().items;
    assert_eq!(trashed.len(), 1);
    assert!(trashed[0].deleted_at.is_some());
    assert_eq!(
        lib.tags().unwrap()[0].clipping_count,
        0,
        "trashed clippings are not counted"
    );
    assert!(lib.highlights(None).unwrap().is_empty());

    lib.restore_clipping(a).unwrap();
    assert_eq!(lib.highlights(Some(a)).unwrap()[0].note, "a note");
    assert_eq!(lib.clipping(a).unwrap().summary.tags, ["keep"]);

    lib.trash_clipping(b).unwrap();
    assert_eq!(lib.empty_trash().unwrap(), 1);
    assert!(lib.list(&trash).unwrap().items.is_empty());
    assert_eq!(lib.clipping(b).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(lib.highlight(h.id).unwrap().clipping_id, a);
}

#[test]
fn the_highlights_view_pages_newest_first_with_filters() {
    use commonplace_core::HighlightQuery;
    let mut lib = library();
    let a = add(&mut lib, "Alpha words here", None, None);
    let b = add(&mut lib, "Beta words here", None, None);
    let mut made = Vec::new();
    for (clipping, exact, color, note) in [
        (a, "Alpha", Color::Yellow, ""),
        (a, "words", Color::Green, "a note"),
        (b, "Beta", Color::Green, ""),
        (b, "here", Color::Pink, "another"),
    ] {
        let h = lib
            .add_highlight(
                clipping,
                &Target::Quote {
                    exact: exact.into(),
                    occurrence: 1,
                },
                color,
                note,
            )
            .unwrap();
        made.push(h.id);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    lib.tag_highlight(made[2], "people/greek").unwrap();
    let mut seen = Vec::new();
    let mut query = HighlightQuery {
        limit: Some(3),
        ..Default::default()
    };
    loop {
        let page = lib.highlight_page(&query).unwrap();
        seen.extend(
            page.items
                .iter()
                .map(|i| (i.highlight.id, i.clipping_title.clone())),
        );
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let ids: Vec<i64> = seen.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        made.iter().rev().copied().collect::<Vec<_>>(),
        "newest first, each once"
    );
    assert_eq!(seen[0].1, "Beta words here");
    let green = lib
        .highlight_page(&HighlightQuery {
            color: Some(Color::Green),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(green.items.len(), 2);
    let tagged = lib
        .highlight_page(&HighlightQuery {
            tag: Some("people".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        tagged
            .items
            .iter()
            .map(|i| i.highlight.id)
            .collect::<Vec<_>>(),
        [made[2]]
    );
    let noted = lib
        .highlight_page(&HighlightQuery {
            with_note: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(noted.items.len(), 2);
    let orphans = lib
        .highlight_page(&HighlightQuery {
            orphaned: true,
            ..Default::default()
        })
        .unwrap();
    assert!(orphans.items.is_empty());
}

/// A tag's clippings are read from the tag assignments, which carry their clippings' sort
/// keys: every sort pages through exactly the tagged clippings, in order, once each (a
/// clipping under a tag twice, through a parent and its child, too), after the keys change
/// and with the trash and a second tag taken into account.
#[test]
fn a_tag_pages_through_its_clippings_in_every_sort_as_their_keys_change() {
    let mut lib = library();
    let authors = [Some("Zed"), None, Some("ada"), Some("Bo"), None];
    let mut tagged = Vec::new();
    let mut long_reads = Vec::new();
    for i in 0..30 {
        let published = (i % 3 != 0).then(|| format!("2025-01-{:02}", (i % 28) + 1));
        let id = add(
            &mut lib,
            &format!("Story {:02}", (i * 7) % 30),
            authors[i % authors.len()],
            published.as_deref(),
        );
        if i % 2 == 0 {
            lib.set_clipping_tag(id, "topics/history", true).unwrap();
            tagged.push(id);
        }
        if i % 4 == 0 {
            // Under the parent a second time.
            lib.set_clipping_tag(id, "topics", true).unwrap();
        }
        if i % 3 == 0 {
            lib.set_clipping_tag(id, "long reads", true).unwrap();
            long_reads.push(id);
        }
    }
    // A new title after tagging: the assignment's keys follow it.
    let renamed = tagged[5];
    let body = Body::from_untrusted_html("<p>A changed story, under a new title.</p>");
    lib.save_clipping(&NewClipping {
        kind: ClippingKind::Article,
        title: "Aardvarks at Dawn".to_owned(),
        author: None,
        site_name: None,
        source_url: Some(format!("https://example.com/Story-{:02}", (10 * 7) % 30)),
        published_at: None,
        tags: Vec::new(),
        body,
    })
    .unwrap();
    // One of them in the trash.
    let trashed = tagged[3];
    lib.trash_clipping(trashed).unwrap();

    let everything = |lib: &Library, sort: Sort| -> Vec<i64> {
        let all = ListQuery {
            sort,
            limit: Some(1000),
            ..Default::default()
        };
        every_page(lib, &all).iter().map(|c| c.id).collect()
    };
    for sort in [Sort::Clipped, Sort::Published, Sort::Title, Sort::Author] {
        for (tags, only_long) in [
            (vec!["topics"], false),
            (vec!["topics", "long reads"], true),
        ] {
            let seen = every_page(
                &lib,
                &ListQuery {
                    sort,
                    tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                    limit: Some(4),
                    ..Default::default()
                },
            );
            // The same clippings, in the same order, as the whole library's list has them.
            let expected: Vec<i64> = everything(&lib, sort)
                .into_iter()
                .filter(|id| tagged.contains(id))
                .filter(|id| !only_long || long_reads.contains(id))
                .collect();
            let ids: Vec<i64> = seen.iter().map(|c| c.id).collect();
            assert_eq!(ids, expected, "{sort:?} {tags:?}");
            assert!(!ids.contains(&trashed));
        }
        if sort == Sort::Title {
            let first = lib
                .list(&ListQuery {
                    sort,
                    tags: vec!["topics/history".into()],
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(first.items[0].id, renamed, "the new title sorts first");
        }
        let in_trash = lib
            .list(&ListQuery {
                sort,
                trash: true,
                tags: vec!["topics".into()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            in_trash.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            [trashed]
        );
    }
}

#[test]
fn tag_counts_stay_true_through_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).unwrap();
    // What the counts should be, counted from the assignments themselves.
    let counted = |lib: &Library| {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT t.name,
                   (SELECT count(*) FROM clipping_tag ct JOIN clipping c ON c.id = ct.clipping_id
                    WHERE ct.tag_id = t.id AND c.deleted_at IS NULL),
                   (SELECT count(*) FROM highlight_tag ht JOIN highlight h ON h.id = ht.highlight_id
                    JOIN clipping c ON c.id = h.clipping_id
                    WHERE ht.tag_id = t.id AND h.deleted_at IS NULL AND c.deleted_at IS NULL)
                 FROM tag t ORDER BY t.key",
            )
            .unwrap();
        let expected: Vec<(String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(tag_counts(lib), expected);
    };
    let a = add(&mut lib, "Alpha", None, None);
    let b = add(&mut lib, "Beta", None, None);
    let c = add(&mut lib, "Gamma", None, None);
    let highlight = |lib: &mut Library, clipping| {
        lib.add_highlight(
            clipping,
            &Target::Quote {
                exact: "the body".into(),
                occurrence: 1,
            },
            Color::Green,
            "",
        )
        .unwrap()
        .id
    };
    let (ha, hb, hc) = (
        highlight(&mut lib, a),
        highlight(&mut lib, b),
        highlight(&mut lib, c),
    );
    for (clipping, tag) in [
        (a, "x"),
        (a, "x/y"),
        (b, "x"),
        (b, "z"),
        (c, "z"),
        (c, "x/y"),
    ] {
        lib.tag_clipping(clipping, tag).unwrap();
    }
    lib.tag_highlight(ha, "x").unwrap();
    lib.tag_highlight(hb, "z").unwrap();
    lib.tag_highlight(hc, "z").unwrap();
    counted(&lib);
    // A clipping to the trash hides its highlights' tags too, and back.
    lib.trash_clipping(c).unwrap();
    counted(&lib);
    lib.restore_clipping(c).unwrap();
    counted(&lib);
    lib.untag_clipping(b, "x").unwrap();
    lib.untag_highlight(hb, "z").unwrap();
    counted(&lib);
    let merge = lib.rename_tag("z", "x").unwrap();
    counted(&lib);
    lib.undo_tag_change(&merge).unwrap();
    counted(&lib);
    let rename = lib.rename_tag("x", "w").unwrap();
    counted(&lib);
    lib.undo_tag_change(&rename).unwrap();
    let delete = lib.delete_tag("x").unwrap();
    counted(&lib);
    lib.undo_tag_change(&delete).unwrap();
    counted(&lib);
    lib.delete_highlight(ha).unwrap();
    lib.trash_clipping(c).unwrap();
    counted(&lib);
    // Tagging what is hidden counts nothing until it shows.
    lib.tag_highlight(ha, "z").unwrap();
    lib.tag_clipping(c, "w").unwrap();
    counted(&lib);
    lib.restore_highlight(ha).unwrap();
    lib.empty_trash().unwrap();
    counted(&lib);
    assert!(tag_counts(&lib).contains(&("x".into(), 1, 1)));
}
