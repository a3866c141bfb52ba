//! Web annotations from Hypothesis and W3C collections: anchored where the library has
//! the page, kept for the page where it does not, found again when the page comes.

use commonplace_core::export::{ExportOptions, Format, Scope};
use commonplace_core::{ImportOptions, Library, SaveOutcome, Status};

fn ferry(library: &mut Library) -> i64 {
    library
        .import_file(
            &super::fixture("articles/harbor-ferry.md"),
            &ImportOptions::default(),
        )
        .unwrap()
        .clippings[0]
        .id()
}

#[test]
fn hypothesis_annotations_are_anchored_where_the_library_has_the_page() {
    let mut library = super::library();
    let article = ferry(&mut library);
    let file = super::fixture("annotations/hypothesis.json");
    let imported = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(imported.highlights.unwrap().added, 2);
    assert_eq!(
        imported.clippings[0],
        SaveOutcome::Updated(article),
        "{imported:?}"
    );
    // The page note has no quote: said, and skipped.
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].message.contains("no quote"));

    let highlights = library.highlights(Some(article)).unwrap();
    assert_eq!(highlights.len(), 1);
    let h = &highlights[0];
    assert_eq!(h.status, Status::Anchored);
    assert_eq!(h.note, "The vote that matters.");
    assert_eq!(h.tags, ["local/politics", "transport"]);
    let text = library.clipping(article).unwrap().text;
    let (start, end) = (h.start.unwrap() as usize, h.end.unwrap() as usize);
    let found: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(found, "night ferry");

    // The page the library does not have: kept for its address, waiting for its text.
    let tides = match imported.clippings[1] {
        SaveOutcome::Imported(id) => id,
        other => panic!("{other:?}"),
    };
    let waiting = library.clipping(tides).unwrap();
    assert_eq!(waiting.summary.title, "Notes on the Tides");
    assert_eq!(
        waiting.summary.source_url.as_deref(),
        Some("https://blog.example.org/tides")
    );
    let kept = library.highlights(Some(tides)).unwrap();
    assert_eq!(kept[0].status, Status::Orphaned);

    // Again: nothing new.
    let again = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.highlights.unwrap().added, 0);

    // The page comes: its highlight finds its words.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("tides.md");
    std::fs::write(
        &page,
        "---\nurl: https://blog.example.org/tides\n---\n# Notes on the Tides\n\nThe tide comes in twice a day here. The moon pulls it.\n",
    )
    .unwrap();
    library
        .import_file(&page, &ImportOptions::default())
        .unwrap();
    let found = library.highlights(Some(tides)).unwrap();
    assert_eq!(found[0].status, Status::Anchored, "{found:?}");
    assert_eq!(found[0].start, Some(0));
}

#[test]
fn our_w3c_annotations_come_back_into_another_library() {
    let mut one = super::library();
    let article = ferry(&mut one);
    one.add_highlight(
        article,
        &commonplace_core::Target::Quote {
            exact: "night ferry".into(),
            occurrence: 1,
        },
        commonplace_core::Color::Purple,
        "Noted *here*.",
    )
    .unwrap();
    let id = one.highlights(Some(article)).unwrap()[0].id;
    one.tag_highlight(id, "boats").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotations.jsonld");
    one.export(
        Format::W3c,
        &out,
        &Scope::default(),
        &ExportOptions::default(),
        |_, _| {},
    )
    .unwrap();

    let mut two = super::library();
    let there = ferry(&mut two);
    let imported = two.import_file(&out, &ImportOptions::default()).unwrap();
    assert_eq!(imported.highlights.unwrap().added, 1);
    let h = &two.highlights(Some(there)).unwrap()[0];
    assert_eq!(h.text, "night ferry");
    assert_eq!(h.note, "Noted *here*.");
    assert_eq!(h.color, commonplace_core::Color::Purple);
    assert_eq!(h.tags, ["boats"]);
    assert_eq!(h.status, Status::Anchored);
}

#[test]
fn json_that_is_neither_ours_nor_annotations_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("package.json");
    std::fs::write(&package, "{\"name\": \"x\", \"version\": \"1.0.0\"}").unwrap();
    let err = super::library()
        .import_file(&package, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), commonplace_core::ErrorCode::UnsupportedFormat);
}
