//! Omnivore's export zip: articles with their content, labels and highlights.

use std::io::Write;

use commonplace_core::{ImportOptions, SaveOutcome, Status};

/// An export of the shape Omnivore writes: metadata, content and highlights.
fn omnivore_zip(path: &std::path::Path, with_content: bool) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("metadata_0_to_49.json", options).unwrap();
    zip.write_all(
        br#"[{"id":"1a2b","slug":"night-ferry","title":"The Night Ferry Returns","author":"Mirela Okafor","url":"https://www.harbordaily.example/2026/03/04/night-ferry-returns?utm_medium=omnivore","labels":["transport","harbor"],"savedAt":"2026-03-05T08:00:00.000Z","publishedAt":"2026-03-04T00:00:00.000Z"},
           {"id":"3c4d","title":"No slug here","url":"https://example.com/x"}]"#,
    )
    .unwrap();
    if with_content {
        zip.start_file("content/night-ferry.html", options).unwrap();
        zip.write_all(
            b"<html><head><title>The Night Ferry Returns</title></head><body><article>\
              <h1>The Night Ferry Returns</h1><p>The council voted to restore overnight \
              service across the bay. The night ferry will run again from June, ten years \
              after the last crossing.</p><p>Fares stay as they were.</p></article></body></html>",
        )
        .unwrap();
    }
    zip.start_file("highlights/night-ferry.md", options)
        .unwrap();
    zip.write_all(
        "> The night ferry will run again from June [⤴️](https://omnivore.app/me/night-ferry#a1)\n\nGood news for the late shift.\n\n> Fares stay as they were. [⤴️](https://omnivore.app/me/night-ferry#a2)\n"
            .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
}

#[test]
fn omnivores_articles_come_with_their_highlights_anchored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("omnivore-export.zip");
    omnivore_zip(&file, true);
    let mut library = super::library();
    let imported = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(imported.clippings.len(), 1, "{imported:?}");
    assert_eq!(imported.highlights.unwrap().added, 2);
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].message.contains("no slug"));
    let id = imported.clippings[0].id();
    let clipping = library.clipping(id).unwrap();
    assert_eq!(clipping.summary.title, "The Night Ferry Returns");
    assert_eq!(
        clipping.summary.source_url.as_deref(),
        Some("https://www.harbordaily.example/2026/03/04/night-ferry-returns")
    );
    assert_eq!(clipping.summary.tags, ["harbor", "transport"]);
    let highlights = library.highlights(Some(id)).unwrap();
    assert_eq!(highlights.len(), 2);
    assert!(
        highlights.iter().all(|h| h.status == Status::Anchored),
        "{highlights:?}"
    );
    let first = highlights
        .iter()
        .find(|h| h.text.starts_with("The night ferry"))
        .unwrap();
    assert_eq!(first.note, "Good news for the late shift.");
    let text = &clipping.text;
    let (start, end) = (first.start.unwrap() as usize, first.end.unwrap() as usize);
    let found: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(found, "The night ferry will run again from June");

    let again = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.highlights.unwrap().added, 0);
    assert!(
        matches!(again.clippings[0], SaveOutcome::Unchanged(_)),
        "{again:?}"
    );
}

#[test]
fn an_article_without_its_content_is_kept_with_its_highlights_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("omnivore-export.zip");
    omnivore_zip(&file, false);
    let mut library = super::library();
    let imported = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("without its text"))
    );
    let highlights = library
        .highlights(Some(imported.clippings[0].id()))
        .unwrap();
    assert_eq!(highlights.len(), 2);
    assert!(highlights.iter().all(|h| h.status == Status::Orphaned));
}

#[test]
fn a_zip_that_is_not_omnivores_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("photos.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    zip.finish().unwrap();
    let err = super::library()
        .import_file(&file, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), commonplace_core::ErrorCode::UnsupportedFormat);
}
