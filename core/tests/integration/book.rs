//! Kindle clippings: books, highlights, notes, merging, and re-imports that add only what is
//! new.

use commonplace_core::{ClippingKind, ErrorCode, HighlightCounts, ImportOptions, Library};

use super::{fixture, library};

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
            skipped: 2
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
    let pages: Vec<Option<&str>> = rivers.iter().map(|h| h.location.as_deref()).collect();
    assert!(
        pages.contains(&Some("page xii")) && pages.contains(&Some("page 14")),
        "{pages:?}"
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
            skipped: 2
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
         Apples remember every frost they survived, and so do the trees.\n==========\n\
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
            skipped: 2
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
        "Apples remember every frost they survived, and so do the trees."
    );
    assert_eq!(
        highlights[0].note, "True of people too?",
        "the note stays with the extended highlight"
    );
}

#[test]
fn a_truncated_file_names_the_entry_and_imports_nothing() {
    let mut lib = library();
    let err = lib
        .import_file(&fixture("kindle/truncated.txt"), &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidClippings);
    let message = err.to_string();
    assert!(
        message.contains("truncated.txt, entry 12 (line 57)"),
        "{message}"
    );
    assert!(lib.list_clippings().unwrap().is_empty());
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
