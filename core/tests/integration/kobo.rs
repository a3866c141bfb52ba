//! Kobo's KoboReader.sqlite: books with their highlights and notes, the file never
//! written, importing again adding nothing.

use commonplace_core::{Color, ImportOptions, SaveOutcome};
use rusqlite::Connection;

/// A reader's database of the shape Kobo's firmware writes (the tables and columns we
/// read, among Kobo's many).
fn kobo_file(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE content (ContentID TEXT PRIMARY KEY, ContentType INTEGER, Title TEXT,
                               Attribution TEXT, BookTitle TEXT);
         CREATE TABLE Bookmark (BookmarkID TEXT PRIMARY KEY, VolumeID TEXT, ContentID TEXT,
                                Text TEXT, Annotation TEXT, DateCreated TEXT, Hidden TEXT,
                                Type TEXT, Color INTEGER);
         INSERT INTO content VALUES
           ('file:///mnt/onboard/orchard.epub', 6, 'The Quiet Orchard', 'Margaret Hale', NULL),
           ('file:///mnt/onboard/rivers.epub', 6, 'Field Notes on Rivers', '', NULL),
           ('file:///mnt/onboard/untitled.epub', 6, NULL, NULL, NULL);
         INSERT INTO Bookmark VALUES
           ('b1', 'file:///mnt/onboard/orchard.epub', 'ch1', 'Apples remember every frost.',
            'True of people.', '2024-03-01T09:30:00.000', 'false', 'note', 0),
           ('b2', 'file:///mnt/onboard/orchard.epub', 'ch2', 'The orchard keeps its calendar.',
            NULL, '2024-03-02T10:00:00.000', 'false', 'highlight', 2),
           ('b3', 'file:///mnt/onboard/orchard.epub', 'ch2', NULL, NULL,
            '2024-03-02T11:00:00.000', 'false', 'dogear', NULL),
           ('b4', 'file:///mnt/onboard/rivers.epub', 'ch1', 'Rivers remember their beds.',
            '', '2024-04-05T08:00:00.000', 'false', 'highlight', 1),
           ('b5', 'file:///mnt/onboard/rivers.epub', 'ch1', 'Hidden away.', '',
            '2024-04-05T08:00:00.000', 'true', 'highlight', 0),
           ('b6', 'file:///mnt/onboard/untitled.epub', 'ch1', 'Words of a book with no title.',
            '', '2024-04-06T08:00:00.000', 'false', 'highlight', 0);",
    )
    .unwrap();
}

#[test]
fn a_kobo_readers_highlights_and_notes_become_books() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("KoboReader.sqlite");
    kobo_file(&file);
    let before = std::fs::read(&file).unwrap();
    let mut library = super::library();
    let imported = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(imported.clippings.len(), 2, "{imported:?}");
    assert_eq!(imported.highlights.unwrap().added, 3);
    // The bookmark of a book with no title is said, and the rest comes in.
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].message.contains("no title"));
    let orchard = imported.clippings[0].id();
    let book = library.clipping(orchard).unwrap();
    assert_eq!(book.summary.title, "The Quiet Orchard");
    assert_eq!(book.summary.author.as_deref(), Some("Margaret Hale"));
    let highlights = library.highlights(Some(orchard)).unwrap();
    assert_eq!(highlights.len(), 2, "the dog-ear has no words");
    let apples = highlights
        .iter()
        .find(|h| h.text.starts_with("Apples"))
        .unwrap();
    assert_eq!(apples.note, "True of people.");
    let calendar = highlights
        .iter()
        .find(|h| h.text.contains("calendar"))
        .unwrap();
    assert_eq!(calendar.color, Color::Blue);
    let rivers = library
        .highlights(Some(imported.clippings[1].id()))
        .unwrap();
    assert_eq!(rivers.len(), 1, "the hidden one stays out");
    assert_eq!(rivers[0].color, Color::Pink);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the reader's file is not written"
    );

    let again = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.highlights.unwrap().added, 0);
    assert!(
        again
            .clippings
            .iter()
            .all(|o| matches!(o, SaveOutcome::Unchanged(_)))
    );
}

#[test]
fn an_sqlite_file_that_is_not_kobos_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("library.sqlite");
    drop(commonplace_core::Library::open(&other).unwrap());
    let err = super::library()
        .import_file(&other, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), commonplace_core::ErrorCode::UnsupportedFormat);
}
