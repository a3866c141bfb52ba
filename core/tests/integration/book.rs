//! Kindle clippings: books, highlights, notes, merging, and re-imports that add only what is
//! new.

use commonplace_core::{ClippingKind, ErrorCode, HighlightCounts, ImportOptions, Library, Skipped};

use super::{fixture, library};

/// What the shared fixture skips: one bookmark and one clipping-limit placeholder.
const BOOKMARK_AND_PLACEHOLDER: Skipped = Skipped {
    bookmarks: 1,
    clipped_articles: 0,
    limit_placeholders: 1,
    empty: 0,
    fragments: 0,
    unreadable: 0,
};

fn import(lib: &mut Library, path: &std::path::Path) -> commonplace_core::Imported {
    lib.import_file(path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_book_becomes_a_clipping_with_its_highlights() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/My Clippings.txt"));
    assert_eq!(imported.clippings.len(), 4);
    // Two entries of one highlight (extended) became one; the bookmark and the publisher's
    // clipping-limit placeholder are no highlights.
    assert_eq!(
        imported.highlights,
        Some(HighlightCounts {
            added: 6,
            merged: 1,
            skipped: BOOKMARK_AND_PLACEHOLDER
        })
    );

    let books = lib.list_clippings().unwrap();
    assert!(books.iter().all(|b| b.kind == ClippingKind::Book));
    let orchard = books
        .iter()
        .find(|b| b.title == "The Quiet Orchard")
        .unwrap();
    assert_eq!(
        orchard.author.as_deref(),
        Some("Margaret Hale"),
        "Last, First reads First Last"
    );
    assert_eq!(orchard.highlight_count, 2);
    let rivers = books
        .iter()
        .find(|b| b.title == "Field Notes on Rivers")
        .unwrap();
    assert_eq!(rivers.author, None);

    let highlights = lib.highlights(Some(orchard.id)).unwrap();
    let texts: Vec<&str> = highlights.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Apples remember every frost they survived.",
            "The orchard keeps its own calendar, and no one\nwho tends it for long keeps any other."
        ]
    );
    assert_eq!(
        highlights[0].note, "True of people too?",
        "a note joins the highlight that holds its location"
    );
    assert_eq!(highlights[0].location.as_deref(), Some("100-102"));
    assert_eq!(
        highlights[0].created_at.to_rfc3339(),
        "2020-03-01T22:14:22+00:00"
    );
    assert_eq!(highlights[1].location.as_deref(), Some("200-205"));
    let orchard = lib.clipping(orchard.id).unwrap();
    assert_eq!(
        orchard.note, "- (location 900) Reread the chapter on grafting.",
        "a lone note stays on the book"
    );

    let rivers = lib.highlights(Some(rivers.id)).unwrap();
    let pages: Vec<Option<&str>> = rivers.iter().map(|h| h.page.as_deref()).collect();
    assert!(
        pages.contains(&Some("xii")) && pages.contains(&Some("14")),
        "{pages:?}"
    );
    assert!(rivers.iter().all(|h| h.location.is_none()));
    assert_eq!(
        highlights[0].page.as_deref(),
        Some("7"),
        "the page beside the location"
    );

    let old = books
        .iter()
        .find(|b| b.title == "Old Device Book (Essays (Vol. 2))")
        .unwrap();
    assert_eq!(old.author.as_deref(), Some("Some Author"));
    assert_eq!(
        lib.highlights(Some(old.id)).unwrap()[0].location.as_deref(),
        Some("1234-1236")
    );
}

#[test]
fn importing_the_same_file_again_adds_nothing() {
    let mut lib = library();
    let path = fixture("kindle/My Clippings.txt");
    import(&mut lib, &path);
    let before = lib.highlights(None).unwrap();
    let again = import(&mut lib, &path);
    assert_eq!(
        again.highlights,
        Some(HighlightCounts {
            added: 0,
            merged: 0,
            skipped: BOOKMARK_AND_PLACEHOLDER
        })
    );
    assert!(
        again
            .clippings
            .iter()
            .all(|o| matches!(o, commonplace_core::SaveOutcome::Unchanged(_)))
    );
    assert_eq!(lib.highlights(None).unwrap(), before);
}

#[test]
fn a_grown_file_adds_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("My Clippings.txt");
    let original = std::fs::read_to_string(fixture("kindle/My Clippings.txt")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let mut lib = library();
    import(&mut lib, &path);
    let grown = format!(
        "{original}The Quiet Orchard (Hale, Margaret)\n- Your Highlight on page 7 | Location 100-104 | Added on Friday, April 3, 2020 9:00:00 PM\n\n\
         Apples remember every frost they survived. So do the trees.\n==========\n\
         The Quiet Orchard (Hale, Margaret)\n- Your Highlight on page 80 | Location 1200-1201 | Added on Friday, April 3, 2020 9:05:00 PM\n\n\
         Harvest is a kind of forgiveness.\n==========\n"
    );
    std::fs::write(&path, grown).unwrap();
    let again = import(&mut lib, &path);
    assert_eq!(
        again.highlights,
        Some(HighlightCounts {
            added: 1,
            merged: 1,
            skipped: BOOKMARK_AND_PLACEHOLDER
        })
    );
    let orchard = lib
        .list_clippings()
        .unwrap()
        .into_iter()
        .find(|b| b.title == "The Quiet Orchard")
        .unwrap();
    let highlights = lib.highlights(Some(orchard.id)).unwrap();
    assert_eq!(highlights.len(), 3);
    assert_eq!(
        highlights[0].text,
        "Apples remember every frost they survived. So do the trees."
    );
    assert_eq!(
        highlights[0].note, "True of people too?",
        "the note stays with the extended highlight"
    );
}

#[test]
fn a_truncated_file_imports_what_it_has_and_warns_of_the_cut_entry() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/truncated.txt"));
    assert_eq!(imported.clippings.len(), 4);
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    let warning = &imported.warnings[0];
    assert_eq!((warning.entry, warning.line), (12, 57));
    assert!(warning.message.contains("cut off"), "{}", warning.message);
    assert_eq!(lib.highlights(None).unwrap().len(), 6);
}

#[test]
fn a_text_file_that_is_not_kindle_clippings_is_a_document() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("articles/canal-walk.txt"));
    assert_eq!(imported.highlights, None);
    assert_eq!(lib.list_clippings().unwrap()[0].kind, ClippingKind::Article);
}

#[test]
fn a_file_from_devices_in_eight_more_languages() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/languages.txt"));
    assert_eq!(imported.clippings.len(), 8);
    let mut books: Vec<serde_json::Value> = Vec::new();
    for book in lib.list_clippings().unwrap() {
        let highlights: Vec<serde_json::Value> = lib
            .highlights(Some(book.id))
            .unwrap()
            .iter()
            .map(|h| {
                serde_json::json!({
                    "text": h.text, "note": h.note, "location": h.location,
                    "createdAt": h.created_at.to_rfc3339(),
                })
            })
            .collect();
        books.push(serde_json::json!({
            "title": book.title, "author": book.author, "highlights": highlights,
        }));
    }
    books.sort_by_key(|b| b["title"].as_str().unwrap_or_default().to_owned());
    insta::assert_json_snapshot!("kindle-languages", books);
}

/// Every highlight of the library as `(book title, text, note)`, in book order.
fn all_highlights(lib: &Library) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for book in lib.list_clippings().unwrap() {
        for h in lib.highlights(Some(book.id)).unwrap() {
            out.push((book.title.clone(), h.text, h.note));
        }
    }
    out.sort();
    out
}

fn texts(lib: &Library) -> Vec<String> {
    all_highlights(lib).into_iter().map(|(_, t, _)| t).collect()
}

#[test]
fn a_russian_device_writes_an_en_dash_before_the_type() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/russian-en-dash.txt"));
    assert_eq!(imported.clippings.len(), 1);
    let books = lib.list_clippings().unwrap();
    assert_eq!(books[0].kind, ClippingKind::Book);
    assert_eq!(books[0].title, "Тихая гавань");
    assert_eq!(books[0].author.as_deref(), Some("Анна Петрова"));
    let highlights = lib.highlights(Some(books[0].id)).unwrap();
    assert_eq!(highlights.len(), 2);
    let boats = highlights
        .iter()
        .find(|h| h.text.starts_with("Лодки"))
        .unwrap();
    assert_eq!(boats.location.as_deref(), Some("12-13"));
    assert_eq!(boats.note, "Перечитать весной.");
    let gulls = highlights
        .iter()
        .find(|h| h.text.starts_with("Утро"))
        .unwrap();
    assert_eq!(gulls.page.as_deref(), Some("41"), "an em dash too");
    assert_eq!(imported.highlights.unwrap().skipped.bookmarks, 1);
}

#[test]
fn a_file_that_starts_with_a_separator_or_a_cut_entry_keeps_every_highlight() {
    for (name, fragments) in [
        ("kindle/starts-with-separator.txt", 0),
        ("kindle/starts-with-cut-entry.txt", 1),
    ] {
        let mut lib = library();
        let imported = import(&mut lib, &fixture(name));
        let books = lib.list_clippings().unwrap();
        assert_eq!(books.len(), 1, "{name}");
        assert_eq!(books[0].title, "The Salt Road", "{name}");
        assert_eq!(lib.highlights(None).unwrap().len(), 2, "{name}");
        let counts = imported.highlights.unwrap();
        assert_eq!(counts.skipped.fragments, fragments, "{name}");
        assert!(
            imported.warnings.is_empty(),
            "{name}: {:?}",
            imported.warnings
        );
    }
}

#[test]
fn entries_of_other_kinds_are_skipped_and_an_unknown_one_is_a_warning() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/unknown-kinds.txt"));
    let counts = imported.highlights.unwrap();
    assert_eq!(counts.skipped.clipped_articles, 2);
    assert_eq!(counts.skipped.unreadable, 1);
    assert_eq!(counts.added, 2);
    assert_eq!(
        texts(&lib),
        [
            "Glass remembers the shape of the fire.",
            "The harbour lights went out one by one."
        ],
        "an underline is a highlight"
    );
    assert_eq!(imported.warnings.len(), 1);
    let warning = &imported.warnings[0];
    assert_eq!((warning.entry, warning.line), (4, 16));
    assert!(
        warning.message.contains("Your Doodle"),
        "{}",
        warning.message
    );
    // The clipped articles' books hold nothing, so they are not made.
    assert_eq!(lib.list_clippings().unwrap().len(), 1);
}

#[test]
fn clipping_limit_placeholders_in_any_language_are_no_highlights() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/placeholders.txt"));
    assert_eq!(imported.highlights.unwrap().skipped.limit_placeholders, 4);
    assert_eq!(
        texts(&lib),
        [
            "O rio sabe o caminho de casa.",
            "河水从不回头。",
            "灯台は毎晩同じ歌を歌う。"
        ]
    );
    assert_eq!(
        lib.list_clippings().unwrap().len(),
        3,
        "no book of placeholders only"
    );
}

#[test]
fn notes_join_their_highlight_before_or_after_it_and_keep_their_last_draft() {
    let mut lib = library();
    import(&mut lib, &fixture("kindle/notes-and-drafts.txt"));
    let book = &lib.list_clippings().unwrap()[0];
    let highlights = lib.highlights(Some(book.id)).unwrap();
    let notes: Vec<(&str, &str)> = highlights
        .iter()
        .map(|h| (h.text.as_str(), h.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("Mills stood along the bank like patient men.", ""),
            ("The river took the long way round.", "Why the river?"),
            ("All roads here bend toward the water.", "The road home."),
        ],
        "a note written the same second as a highlight is on it, not on its neighbour"
    );
    assert_eq!(
        lib.clipping(book.id).unwrap().note,
        "- (location 300) Ask about the flood of 1952.",
        "a lone note keeps only its last draft"
    );
}

#[test]
fn highlights_that_only_share_a_boundary_location_stay_apart() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/shared-boundary.txt"));
    assert_eq!(
        all_highlights(&lib)
            .into_iter()
            .map(|(_, t, n)| (t, n))
            .collect::<Vec<_>>(),
        [
            ("A second thought begins right after it.", ""),
            ("Short at first, then longer.", ""),
            ("The first thought ends here.", "Keep this one."),
            ("four five six seven eight", ""),
        ]
        .map(|(t, n)| (t.to_owned(), n.to_owned())),
        "an extension and an edit that moved both ends merge; touching highlights do not"
    );
    assert_eq!(imported.highlights.unwrap().merged, 2);
}

#[test]
fn a_page_shown_as_a_location_is_kept_as_the_page() {
    let mut lib = library();
    import(&mut lib, &fixture("kindle/page-as-location.txt"));
    let book = &lib.list_clippings().unwrap()[0];
    let places: Vec<(Option<String>, Option<String>)> = lib
        .highlights(Some(book.id))
        .unwrap()
        .into_iter()
        .map(|h| (h.page, h.location))
        .collect();
    let place = |p: &str, l: &str| (Some(p.to_owned()), Some(l.to_owned()));
    assert_eq!(
        places,
        [
            place("174", "2665-2666"),
            place("174", "2668-2669"),
            place("175", "2680-2681")
        ],
        "three highlights, none collapsed into another by its page"
    );
}

#[test]
fn re_importing_roman_pages_no_place_and_joined_pieces_adds_nothing() {
    let mut lib = library();
    let path = fixture("kindle/reimport-identity.txt");
    let first = import(&mut lib, &path);
    assert_eq!(
        texts(&lib),
        [
            "A highlight with no place at all.",
            "A preface is a door left open.",
            "Piece one. Piece two."
        ],
        "a highlight extended over two earlier pieces is one highlight"
    );
    assert_eq!(first.highlights.unwrap().merged, 2);
    let before = lib.highlights(None).unwrap();
    assert!(before.iter().any(|h| h.page.as_deref() == Some("xv")));
    for _ in 0..2 {
        let again = import(&mut lib, &path);
        assert_eq!(again.highlights.unwrap().added, 0);
        assert_eq!(again.highlights.unwrap().merged, 0);
        assert_eq!(lib.highlights(None).unwrap(), before);
    }
}

#[test]
fn a_book_of_bookmarks_only_is_not_made() {
    let mut lib = library();
    let imported = import(&mut lib, &fixture("kindle/bookmarks-only.txt"));
    let titles: Vec<String> = lib
        .list_clippings()
        .unwrap()
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert_eq!(titles, ["Read And Kept"]);
    assert_eq!(imported.clippings.len(), 1);
    assert_eq!(imported.highlights.unwrap().skipped.bookmarks, 2);
}

#[test]
fn a_nul_byte_in_a_clippings_file_is_dropped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("My Clippings.txt");
    let mut bytes = std::fs::read(fixture("kindle/starts-with-separator.txt")).unwrap();
    let at = bytes.windows(4).position(|w| w == b"Salt").unwrap();
    bytes.splice(at..at, [0u8, 0u8]);
    std::fs::write(&path, &bytes).unwrap();
    let mut lib = library();
    let imported = import(&mut lib, &path);
    assert_eq!(lib.highlights(None).unwrap().len(), 2);
    assert_eq!(imported.warnings.len(), 1);
    assert!(
        imported.warnings[0].message.contains("2 NUL bytes"),
        "{:?}",
        imported.warnings
    );
    assert_eq!(imported.warnings[0].line, 2);
    // Any other text file with a NUL byte is still binary.
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, b"Some notes\0 here.").unwrap();
    let err = lib
        .import_file(&other, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BinaryFile);
}

#[test]
fn a_file_of_which_no_entry_can_be_read_is_refused_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clips.txt");
    std::fs::write(
        &path,
        "Book (A)\n- 6page|location No. 85-87 |Created: 2020\n\nText\n==========\n",
    )
    .unwrap();
    let mut lib = library();
    let err = lib
        .import_file(&path, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidClippings);
    assert!(
        err.to_string().contains("clips.txt, entry 1 (line 1)"),
        "{err}"
    );
    assert!(lib.list_clippings().unwrap().is_empty());
}

#[test]
fn a_highlight_deleted_in_the_library_stays_deleted_on_re_import() {
    let mut lib = library();
    let path = fixture("kindle/My Clippings.txt");
    import(&mut lib, &path);
    let before = lib.highlights(None).unwrap();
    let gone = before
        .iter()
        .find(|h| h.text.starts_with("The orchard keeps"))
        .unwrap();
    lib.delete_highlight(gone.id).unwrap();
    let again = import(&mut lib, &path);
    assert_eq!(again.highlights.unwrap().added, 0);
    let after = lib.highlights(None).unwrap();
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|h| h.id != gone.id));
}

#[test]
fn a_note_edited_in_the_library_is_not_overwritten_by_a_re_import() {
    let mut lib = library();
    let path = fixture("kindle/My Clippings.txt");
    import(&mut lib, &path);
    let apples = lib
        .highlights(None)
        .unwrap()
        .into_iter()
        .find(|h| h.text.starts_with("Apples"))
        .unwrap();
    assert_eq!(apples.note, "True of people too?");
    lib.edit_highlight(apples.id, None, Some("Of people, certainly."))
        .unwrap();
    import(&mut lib, &path);
    assert_eq!(
        lib.highlight(apples.id).unwrap().note,
        "Of people, certainly."
    );
}

mod any_file {
    //! Files made of the pieces real clippings files are made of, in any order and number:
    //! none makes the import fail or panic, and importing one again never changes the library.
    use commonplace_core::{ImportOptions, Library};
    use proptest::prelude::*;

    const BOOKS: &[&str] = &[
        "The Salt Road (Tom Harrow)",
        "\u{feff}The Salt Road (Harrow, Tom)",
        "Тихая гавань (Петрова, Анна)",
        "灯台の町 (山田 花子)",
        "",
    ];
    const TYPES: &[&str] = &[
        "- Your Highlight on page 2 | Location 20-21 | Added on Monday, May 4, 2020 8:00:10 PM",
        "- Your Highlight on page 2 | Location 21-23 | Added on Monday, May 4, 2020 8:00:10 PM",
        "- Your Highlight at location 174 | location 2665-2666 | Added on Monday, May 4, 2020 8:00:10 PM",
        "- Your Note on page 2 | Location 21 | Added on Monday, May 4, 2020 8:00:11 PM",
        "- Your Bookmark on page 5 | Location 65 | Added on Monday, May 4, 2020 8:00:10 PM",
        "- Your Highlight on page xv-xv | Added on Monday, May 4, 2020 8:00:10 PM",
        "- Your Highlight on page 3 | Added on Monday, May 4, 99999 8:00:10 PM",
        "- Clip This Article at Location 850 | Added on Monday, May 4, 2020 8:00:10 PM",
        "– Ваш выделенный отрывок в месте 12–13 | Добавлено: понедельник, 4 мая 2020 г. в 20:00:10",
        "- 位置No. 100-101のハイライト |作成日: 2020年5月4日月曜日 20:00:10",
        "- Your Doodle on page 130 | Location 1650 | Added on Monday, May 4, 2020 8:02:00 PM",
        "- Highlight Loc. 1298-02 | Added on Monday, April 20, 2009, 07:53 AM",
        "- Your Highlight | Location 4294967295-1 | Added on Monday, May 4, 2020 8:00:10 PM",
    ];
    const TEXTS: &[&str] = &[
        "Salt was money before money was.",
        "Salt was money before money was, and roads were its ledgers.",
        "money was, and roads were its ledgers. Every road remembers.",
        "<You have reached the clipping limit for this item>",
        "Лодки спали у причала.",
        "",
        "==========",
        "a",
        "line one\nline two",
    ];

    fn entry() -> impl Strategy<Value = String> {
        (
            0..BOOKS.len(),
            0..TYPES.len(),
            0..TEXTS.len(),
            prop::bool::weighted(0.05),
        )
            .prop_map(|(b, t, x, cut)| {
                let e = format!("{}\n{}\n\n{}\n==========\n", BOOKS[b], TYPES[t], TEXTS[x]);
                if cut {
                    e.chars().take(e.chars().count() / 2).collect()
                } else {
                    e
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn importing_any_clippings_file_twice_changes_nothing_the_second_time(
            entries in prop::collection::vec(entry(), 1..24),
            crlf in any::<bool>(),
        ) {
            let mut text: String = entries.concat();
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("My Clippings.txt");
            std::fs::write(&path, &text).unwrap();
            let mut lib = Library::open_in_memory().unwrap();
            let options = ImportOptions::default();
            if lib.import_file(&path, &options).is_err() {
                // Refused whole: nothing may have been written.
                prop_assert!(lib.list_clippings().unwrap().is_empty());
                return Ok(());
            }
            let books = lib.list_clippings().unwrap();
            let highlights = lib.highlights(None).unwrap();
            let again = lib.import_file(&path, &options).unwrap();
            // (A file that reads as no clippings is a text document, imported unchanged.)
            prop_assert_eq!(again.highlights.map_or(0, |h| h.added), 0);
            prop_assert_eq!(lib.list_clippings().unwrap().len(), books.len());
            prop_assert_eq!(lib.highlights(None).unwrap(), highlights);
        }
    }
}
