//! Readwise's CSV export, imported: books with their highlights, notes, colours, tags and
//! places; a bad row is a warning and the rest imports; importing again adds nothing; our
//! own CSV export comes back in.

use commonplace_core::export::{ExportOptions, Format, Scope};
use commonplace_core::{Color, ImportOptions, Library, SaveOutcome};

#[test]
fn a_readwise_export_becomes_books_with_their_highlights() {
    let mut library = super::library();
    let file = super::fixture("readwise/export.csv");
    let imported = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(imported.clippings.len(), 2, "{imported:?}");
    assert!(matches!(imported.clippings[0], SaveOutcome::Imported(_)));
    let counts = imported.highlights.unwrap();
    assert_eq!(counts.added, 3);
    // The row with no highlight is named by its line (the quoted field before it takes two).
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert_eq!(imported.warnings[0].line, 5);
    assert!(imported.warnings[0].message.contains("no highlight"));

    let orchard = imported.clippings[0].id();
    let book = library.clipping(orchard).unwrap();
    assert_eq!(book.summary.title, "The Quiet Orchard");
    assert_eq!(book.summary.author.as_deref(), Some("Margaret Hale"));
    assert_eq!(book.summary.tags, ["orchards", "reread"]);
    let highlights = library.highlights(Some(orchard)).unwrap();
    assert_eq!(highlights.len(), 2);
    let apples = highlights
        .iter()
        .find(|h| h.text.starts_with("Apples"))
        .unwrap();
    assert_eq!(apples.note, "True of people, too?");
    assert_eq!(apples.location.as_deref(), Some("100-102"));
    assert_eq!(apples.tags, ["memory", "seasons"]);
    assert_eq!(apples.created_at.to_rfc3339(), "2024-03-01T09:30:00+00:00");
    let calendar = highlights
        .iter()
        .find(|h| h.text.contains("calendar"))
        .unwrap();
    assert_eq!(
        calendar.text,
        "The orchard keeps its own calendar,\nand no one who tends it keeps any other."
    );
    assert_eq!(calendar.color, Color::Blue);
    assert_eq!(calendar.page.as_deref(), Some("12"));
    let rivers = library
        .highlights(Some(imported.clippings[1].id()))
        .unwrap();
    assert_eq!(rivers[0].text, "Rivers \"remember\" their old beds.");
    assert_eq!(rivers[0].color, Color::Pink);

    // Again: nothing new.
    let again = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.highlights.unwrap().added, 0);
    assert!(
        again
            .clippings
            .iter()
            .all(|o| matches!(o, SaveOutcome::Unchanged(_))),
        "{again:?}"
    );
    assert_eq!(library.highlights(Some(orchard)).unwrap().len(), 2);
}

#[test]
fn our_own_readwise_csv_comes_back_in() {
    let mut library = super::library();
    library
        .import_file(
            &super::fixture("readwise/export.csv"),
            &ImportOptions::default(),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    library
        .export(
            Format::Csv,
            &out,
            &Scope::default(),
            &ExportOptions::default(),
            |_, _| {},
        )
        .unwrap();
    let mut fresh = Library::open_in_memory().unwrap();
    let imported = fresh.import_file(&out, &ImportOptions::default()).unwrap();
    assert_eq!(imported.highlights.unwrap().added, 3);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let before: Vec<(String, String, Color)> = library
        .highlights(None)
        .unwrap()
        .into_iter()
        .map(|h| (h.text, h.note, h.color))
        .collect();
    let mut after: Vec<(String, String, Color)> = fresh
        .highlights(None)
        .unwrap()
        .into_iter()
        .map(|h| (h.text, h.note, h.color))
        .collect();
    let mut before = before;
    before.sort_by(|a, b| a.0.cmp(&b.0));
    after.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(before, after);
}

#[test]
fn a_csv_that_is_not_readwises_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(&contacts, "name,phone\nAda,555\n").unwrap();
    let err = super::library()
        .import_file(&contacts, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), commonplace_core::ErrorCode::UnsupportedFormat);
}
