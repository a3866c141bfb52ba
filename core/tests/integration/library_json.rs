//! The lossless JSON export and its import: into an empty library it reproduces the
//! library (exporting again gives the same file but for its time); into one that has it,
//! nothing is duplicated.

use commonplace_core::export::{ExportOptions, Format, Scope};
use commonplace_core::{ImportOptions, Library, SaveOutcome, Target};

/// A library with some of everything: a saved page with its picture, a highlight with a
/// note and a tag, a deleted highlight, an article in two versions, one in the trash, a
/// Kindle book, a saved search.
fn everything(path: &std::path::Path) -> Library {
    let mut library = Library::open(path).unwrap();
    let options = ImportOptions::default();
    let page = library
        .import_file(&super::fixture("pages/field-notes.html"), &options)
        .unwrap()
        .clippings[0]
        .id();
    let text = library.clipping(page).unwrap().text;
    let words: Vec<&str> = text.split_whitespace().collect();
    let kept = library
        .add_highlight(
            page,
            &Target::Quote {
                exact: words[..3].join(" "),
                occurrence: 1,
            },
            commonplace_core::Color::Green,
            "Worth *keeping*.",
        )
        .unwrap();
    library.tag_highlight(kept.id, "nature/rivers").unwrap();
    let gone = library
        .add_highlight(
            page,
            &Target::Quote {
                exact: words[4..6].join(" "),
                occurrence: 1,
            },
            Default::default(),
            "",
        )
        .unwrap();
    library.delete_highlight(gone.id).unwrap();
    library
        .set_clipping_note(page, "A page to come back to.")
        .unwrap();
    library.tag_clipping(page, "nature").unwrap();
    let dir = path.parent().unwrap();
    let article = dir.join("versions.md");
    std::fs::write(
        &article,
        "---\nurl: https://example.com/v\n---\n# Versions\n\nFirst.\n",
    )
    .unwrap();
    library.import_file(&article, &options).unwrap();
    std::fs::write(
        &article,
        "---\nurl: https://example.com/v\n---\n# Versions\n\nSecond.\n",
    )
    .unwrap();
    library.import_file(&article, &options).unwrap();
    let thrown = library
        .import_file(&super::fixture("articles/harbor-ferry.md"), &options)
        .unwrap()
        .clippings[0]
        .id();
    library.trash_clipping(thrown).unwrap();
    library
        .import_file(&super::fixture("kindle/My Clippings.txt"), &options)
        .unwrap();
    library.save_search("Rivers", "river tag:nature").unwrap();
    library
}

fn export(library: &Library, out: &std::path::Path) -> String {
    library
        .export(
            Format::Json,
            out,
            &Scope::default(),
            &ExportOptions::default(),
            |_, _| {},
        )
        .unwrap();
    let text = std::fs::read_to_string(out).unwrap();
    // The one line that may differ: when it was made.
    let at = text.find("\"exportedAt\":").unwrap();
    let end = at + text[at..].find(',').unwrap();
    format!("{}{}", &text[..at], &text[end..])
}

#[test]
fn an_export_imported_into_an_empty_library_is_the_same_library() {
    let dir = tempfile::tempdir().unwrap();
    let library = everything(&dir.path().join("a.sqlite"));
    let first = export(&library, &dir.path().join("one.json"));
    assert!(first.starts_with("{\"format\":\"commonplace\",\"version\":1,"));
    assert!(first.contains("A page to come back to."));
    assert!(first.contains("\"previousExact\""));

    let mut fresh = Library::open(&dir.path().join("b.sqlite")).unwrap();
    let imported = fresh
        .import_file(&dir.path().join("one.json"), &ImportOptions::default())
        .unwrap();
    assert!(
        imported
            .clippings
            .iter()
            .all(|o| matches!(o, SaveOutcome::Imported(_)))
    );
    let second = export(&fresh, &dir.path().join("two.json"));
    assert_eq!(first, second, "the same file but for its time");
    // It is a working library: its index, trash, images and saved searches.
    assert_eq!(
        fresh.list_clippings().unwrap().len(),
        library.list_clippings().unwrap().len()
    );
    assert_eq!(fresh.counts().unwrap(), library.counts().unwrap());
    assert!(!fresh.search("river", None, None).unwrap().is_empty());
    assert_eq!(fresh.saved_searches().unwrap().len(), 1);
    // Ids are kept: the saved page is clipping 1 in both.
    assert_eq!(library.clipping_images(1).unwrap().len(), 3);
    let images = fresh.clipping_images(1).unwrap();
    assert!(!images.is_empty());
    assert!(fresh.image(&images[0]).unwrap().is_some());
}

#[test]
fn an_export_imported_where_it_came_from_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = everything(&dir.path().join("a.sqlite"));
    let before = export(&library, &dir.path().join("one.json"));
    let again = library
        .import_file(&dir.path().join("one.json"), &ImportOptions::default())
        .unwrap();
    assert!(
        again
            .clippings
            .iter()
            .all(|o| matches!(o, SaveOutcome::Unchanged(_))),
        "{again:?}"
    );
    assert_eq!(again.highlights.unwrap().added, 0);
    assert_eq!(export(&library, &dir.path().join("two.json")), before);
}

#[test]
fn markup_in_an_edited_export_is_sanitized_as_any_import_is() {
    let dir = tempfile::tempdir().unwrap();
    let library = everything(&dir.path().join("a.sqlite"));
    let out = dir.path().join("one.json");
    export(&library, &out);
    let text = std::fs::read_to_string(&out).unwrap();
    // Someone slips script into the first version's markup.
    let hostile = text.replacen(
        "\"html\":\"",
        "\"html\":\"<script>alert(1)</script><img src=x onerror=alert(2)><a href=\\\"javascript:alert(3)\\\">x</a>",
        1,
    );
    assert_ne!(hostile, text);
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, hostile).unwrap();
    let mut fresh = Library::open(&dir.path().join("b.sqlite")).unwrap();
    fresh
        .import_file(&edited, &ImportOptions::default())
        .unwrap();
    for clipping in fresh.list_clippings().unwrap() {
        let html = fresh.clipping(clipping.id).unwrap().html;
        for bad in ["<script", "onerror", "javascript:"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }
}

#[test]
fn an_export_of_many_clippings_comes_back_whole() {
    // More clippings than the import reads at a time, so that they come in several batches.
    let dir = tempfile::tempdir().unwrap();
    let mut library = Library::open(&dir.path().join("a.sqlite")).unwrap();
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..150 {
        std::fs::write(
            folder.join(format!("note-{i:03}.md")),
            format!(
                "---\nurl: https://example.com/{i}\n---\n# Note {i}\n\nThe text of note {i}.\n"
            ),
        )
        .unwrap();
    }
    library.import_files(&[folder], &ImportOptions::default(), |_, _, _, _| {
        commonplace_core::import::Progress::Continue
    });
    assert_eq!(library.list_clippings().unwrap().len(), 150);
    let first = export(&library, &dir.path().join("one.json"));
    let mut fresh = Library::open(&dir.path().join("b.sqlite")).unwrap();
    let imported = fresh
        .import_file(&dir.path().join("one.json"), &ImportOptions::default())
        .unwrap();
    assert_eq!(imported.clippings.len(), 150);
    assert_eq!(export(&fresh, &dir.path().join("two.json")), first);
    assert_eq!(fresh.search("note", None, None).unwrap().len(), 50);
}

#[test]
fn a_broken_export_is_refused_with_its_line_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let library = everything(&dir.path().join("a.sqlite"));
    export(&library, &dir.path().join("one.json"));
    let whole = std::fs::read_to_string(dir.path().join("one.json")).unwrap();
    let mut fresh = Library::open(&dir.path().join("b.sqlite")).unwrap();
    // Cut off in its last clipping, after the first ones were whole.
    let broken = dir.path().join("broken.json");
    let cut = whole.rfind("\"highlights\"").unwrap();
    std::fs::write(
        &broken,
        format!("{}\n\n{}", &whole[..cut], "\"highlights\": [{"),
    )
    .unwrap();
    let error = fresh
        .import_file(&broken, &ImportOptions::default())
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("broken.json"), "{message}");
    let line = whole[..cut].matches('\n').count() + 3;
    assert!(message.contains(&format!("(line {line})")), "{message}");
    assert!(fresh.list_clippings().unwrap().is_empty());
    assert!(fresh.saved_searches().unwrap().is_empty());

    // Written by a newer version: refused, whatever else it holds.
    let newer = dir.path().join("newer.json");
    std::fs::write(
        &newer,
        whole.replacen("\"version\":1,", "\"version\":2,", 1),
    )
    .unwrap();
    let message = fresh
        .import_file(&newer, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("newer Commonplace"), "{message}");
    assert!(fresh.list_clippings().unwrap().is_empty());
}
