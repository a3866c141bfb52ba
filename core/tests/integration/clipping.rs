//! Storing clippings: identity, re-import, updates and versions.

use commonplace_core::{ClippingKind, ImportOptions, SaveOutcome};

use super::{fixture, library};

#[test]
fn the_same_file_twice_is_unchanged_and_adds_nothing() {
    let mut lib = library();
    let path = fixture("articles/harbor-ferry.md");
    let first = lib
        .import_file(&path, &ImportOptions::default())
        .unwrap()
        .clippings[0];
    let SaveOutcome::Imported(id) = first else {
        panic!("expected a new clipping, got {first:?}")
    };
    let second = lib
        .import_file(&path, &ImportOptions::default())
        .unwrap()
        .clippings[0];
    assert_eq!(second, SaveOutcome::Unchanged(id));
    assert_eq!(lib.list_clippings().unwrap().len(), 1);
}

#[test]
fn a_changed_article_from_the_same_url_is_updated_and_keeps_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.md");
    let story =
        |body: &str| format!("# Story\n\n{body}\n\nOriginal url: <https://example.com/story>\n");
    std::fs::write(&path, story("First draft.")).unwrap();
    let mut lib = library();
    let options = ImportOptions::default();
    let SaveOutcome::Imported(id) = lib.import_file(&path, &options).unwrap().clippings[0] else {
        panic!("expected a new clipping")
    };
    std::fs::write(&path, story("Second draft.")).unwrap();
    assert_eq!(
        lib.import_file(&path, &options).unwrap().clippings[0],
        SaveOutcome::Updated(id)
    );
    let clipping = lib.clipping(id).unwrap();
    assert_eq!(clipping.text.trim(), "Second draft.");
    assert_eq!(lib.list_clippings().unwrap().len(), 1);
}

#[test]
fn the_list_is_newest_first_and_shows_what_was_imported() {
    let mut lib = library();
    let options = ImportOptions::default();
    for name in ["harbor-ferry.md", "german.md", "japanese.md"] {
        lib.import_file(&fixture(&format!("articles/{name}")), &options)
            .unwrap();
    }
    let list = lib.list_clippings().unwrap();
    let titles: Vec<&str> = list.iter().map(|c| c.title.as_str()).collect();
    // Clipped within the same second, so the id breaks the tie: the last import comes first.
    assert_eq!(
        titles,
        [
            "図書館の夜間開館が始まる 📚",
            "Die Stadtbibliothek öffnet nachts",
            "Harbor City Votes to Bring Back the Night Ferry After a Decade"
        ]
    );
    assert!(list.iter().all(|c| c.kind == ClippingKind::Article));
}

#[test]
fn a_missing_clipping_is_a_not_found_error() {
    let lib = library();
    let err = lib.clipping(42).unwrap_err();
    assert_eq!(err.code(), commonplace_core::ErrorCode::NotFound);
}

#[test]
fn front_matter_tags_are_applied_once_without_regard_to_case() {
    let mut lib = library();
    let SaveOutcome::Imported(id) = lib
        .import_file(
            &fixture("articles/front-matter.md"),
            &ImportOptions::default(),
        )
        .unwrap()
        .clippings[0]
    else {
        panic!("expected a new clipping")
    };
    assert_eq!(
        lib.clipping(id).unwrap().summary.tags,
        ["gardening", "libraries/community"]
    );
}

#[test]
fn a_cancelled_import_keeps_what_it_finished_and_stops() {
    let mut lib = library();
    let paths: Vec<std::path::PathBuf> = ["german.md", "japanese.md", "harbor-ferry.md"]
        .iter()
        .map(|n| fixture(&format!("articles/{n}")))
        .collect();
    let mut seen = 0;
    let report = lib.import_files(&paths, &ImportOptions::default(), |_, total, _, _| {
        assert_eq!(total, 3);
        seen += 1;
        commonplace_core::Progress::Stop
    });
    assert_eq!(seen, 1);
    assert!(report.cancelled);
    assert_eq!(report.imported.len(), 1);
    assert_eq!(lib.list_clippings().unwrap().len(), 1);
}

#[test]
fn files_read_in_parallel_are_stored_and_reported_in_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..40 {
        let path = dir.path().join(format!("note-{i:02}.md"));
        // Every seventh file is broken: failures stay in place and stop nothing.
        let content = if i % 7 == 3 {
            "\u{0}\u{1}binary".to_owned()
        } else {
            format!("# Note {i}\n\nThe body of note number {i}, long enough to be a note.\n")
        };
        std::fs::write(&path, content).unwrap();
        paths.push(path);
    }
    let mut lib = library();
    let mut order = Vec::new();
    let report = lib.import_files(
        &[dir.path().to_path_buf()],
        &ImportOptions::default(),
        |i, total, path, _| {
            assert_eq!(total, 40);
            order.push((i, path.to_path_buf()));
            commonplace_core::Progress::Continue
        },
    );
    assert_eq!(order, paths.iter().cloned().enumerate().collect::<Vec<_>>());
    let failed: Vec<String> = report.failed.iter().map(|f| f.path.clone()).collect();
    let expected: Vec<String> = (0..40)
        .filter(|i| i % 7 == 3)
        .map(|i| paths[i].display().to_string())
        .collect();
    assert_eq!(failed, expected);
    // Ids follow the files' order: each was stored after the one before it.
    let titles: Vec<String> = report
        .imported
        .iter()
        .map(|id| lib.clipping(*id).unwrap().summary.title)
        .collect();
    let wanted: Vec<String> = (0..40)
        .filter(|i| i % 7 != 3)
        .map(|i| format!("Note {i}"))
        .collect();
    assert_eq!(titles, wanted);
    assert!(report.imported.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_re_import_whose_front_matter_gained_a_tag_applies_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.md");
    let write = |tags: &str| {
        std::fs::write(
            &path,
            format!(
                "---\ntitle: Seed swap\ntags: [{tags}]\n---\n\nBring seeds in paper envelopes.\n"
            ),
        )
        .unwrap();
    };
    let mut lib = library();
    write("garden");
    let id = lib
        .import_file(&path, &ImportOptions::default())
        .unwrap()
        .clippings[0]
        .id();
    let again = lib.import_file(&path, &ImportOptions::default()).unwrap();
    assert_eq!(again.clippings, [SaveOutcome::Unchanged(id)]);
    write("garden, Seeds");
    let grown = lib.import_file(&path, &ImportOptions::default()).unwrap();
    assert_eq!(grown.clippings, [SaveOutcome::Updated(id)]);
    assert_eq!(lib.clipping(id).unwrap().summary.tags, ["garden", "Seeds"]);
    // The body did not change: no new version.
    let third = lib.import_file(&path, &ImportOptions::default()).unwrap();
    assert_eq!(third.clippings, [SaveOutcome::Unchanged(id)]);
}

#[test]
fn a_file_that_is_gone_when_its_turn_comes_is_reported_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("kept.md");
    let gone = dir.path().join("gone.md");
    std::fs::write(&kept, "# Kept\n\nThis one is still here when it is read.\n").unwrap();
    std::fs::write(&gone, "# Gone\n\nThis one is deleted before it is read.\n").unwrap();
    let paths = vec![gone.clone(), kept.clone()];
    std::fs::remove_file(&gone).unwrap();
    let mut lib = library();
    let report = lib.import_files(&paths, &ImportOptions::default(), |_, _, _, _| {
        commonplace_core::Progress::Continue
    });
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.failed.len(), 1);
    let failure = &report.failed[0];
    assert_eq!(failure.code, commonplace_core::ErrorCode::Io);
    assert!(failure.error.contains("gone.md"), "{}", failure.error);
    assert_eq!(lib.list_clippings().unwrap().len(), 1);
}
