//! Highlights through the library: making them by range and by quote, editing, deleting and
//! undoing, citing, and what happens to them when their clipping changes.

use std::path::Path;

use commonplace_core::{Color, ErrorCode, ImportOptions, Library, Status, Target};

use super::{fixture, library};

fn import(lib: &mut Library, path: &Path) -> i64 {
    lib.import_file(path, &ImportOptions::default())
        .unwrap()
        .clippings[0]
        .id()
}

fn quote(exact: &str) -> Target {
    Target::Quote {
        exact: exact.to_owned(),
        occurrence: 1,
    }
}

#[test]
fn a_highlight_by_range_stores_both_w3c_selectors_in_code_points() {
    let mut lib = library();
    let id = import(&mut lib, &fixture("articles/japanese.md"));
    let text = lib.clipping(id).unwrap().text;
    let chars: Vec<char> = text.chars().collect();
    let start = 3;
    let end = 12;
    let exact: String = chars[start..end].iter().collect();
    let highlight = lib
        .add_highlight(
            id,
            &Target::Range {
                start,
                end,
                exact: Some(exact.clone()),
            },
            Color::Green,
            "",
        )
        .unwrap();
    assert_eq!(highlight.text, exact);
    assert_eq!((highlight.start, highlight.end), (Some(3), Some(12)));
    assert_eq!(highlight.prefix, chars[..3].iter().collect::<String>());
    assert_eq!(highlight.suffix, chars[12..44].iter().collect::<String>());
    assert_eq!(highlight.status, Status::Anchored);
    assert_eq!(highlight.color, Color::Green);
}

#[test]
fn a_range_whose_words_differ_is_anchored_by_its_words_and_bad_ranges_are_refused() {
    let mut lib = library();
    let id = import(&mut lib, &fixture("articles/harbor-ferry.md"));
    let text = lib.clipping(id).unwrap().text;
    let words = "council member Ana Ruiz";
    let at = text[..text.find(words).unwrap()].chars().count();
    // The UI saw the words two characters further on (a stale offset): the words decide.
    let highlight = lib
        .add_highlight(
            id,
            &Target::Range {
                start: at + 2,
                end: at + 2 + words.len(),
                exact: Some(words.to_owned()),
            },
            Color::Yellow,
            "",
        )
        .unwrap();
    assert_eq!(highlight.start, Some(at as i64));
    assert_eq!(highlight.text, words);

    let len = text.chars().count();
    for (start, end) in [(5, 5), (9, 3), (len - 1, len + 1)] {
        let err = lib
            .add_highlight(
                id,
                &Target::Range {
                    start,
                    end,
                    exact: None,
                },
                Color::Yellow,
                "",
            )
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidRange, "{start}..{end}");
    }
    let err = lib
        .add_highlight(id, &quote("words that are not there"), Color::Yellow, "")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuoteNotFound);
    assert!(
        err.to_string().contains("words that are not there"),
        "{err}"
    );
    let err = lib
        .add_highlight(
            id,
            &Target::Quote {
                exact: "ferry".into(),
                occurrence: 99,
            },
            Color::Yellow,
            "",
        )
        .unwrap_err();
    assert!(err.to_string().contains("occurrence 99"), "{err}");
}

#[test]
fn edit_delete_and_undo_keep_the_note() {
    let mut lib = library();
    let id = import(&mut lib, &fixture("articles/harbor-ferry.md"));
    let h = lib
        .add_highlight(
            id,
            &quote("restore overnight ferry service"),
            Color::Yellow,
            "",
        )
        .unwrap();
    let h = lib
        .edit_highlight(h.id, Some(Color::Purple), Some("Check the *vote* count."))
        .unwrap();
    assert_eq!(
        (h.color, h.note.as_str()),
        (Color::Purple, "Check the *vote* count.")
    );
    let h = lib.edit_highlight(h.id, Some(Color::Blue), None).unwrap();
    assert_eq!(
        h.note, "Check the *vote* count.",
        "a colour change keeps the note"
    );

    lib.delete_highlight(h.id).unwrap();
    assert!(lib.highlights(Some(id)).unwrap().is_empty());
    let back = lib.restore_highlight(h.id).unwrap();
    assert_eq!(back.note, "Check the *vote* count.");
    assert_eq!(lib.highlights(Some(id)).unwrap(), [back]);
    assert_eq!(
        lib.edit_highlight(9999, None, Some("x"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    lib.set_clipping_note(id, "A note on the *whole* story.")
        .unwrap();
    assert_eq!(
        lib.clipping(id).unwrap().note,
        "A note on the *whole* story."
    );
}

#[test]
fn a_citation_names_author_title_site_date_and_address() {
    let mut lib = library();
    let id = import(&mut lib, &fixture("articles/harbor-ferry.md"));
    let h = lib
        .add_highlight(
            id,
            &quote("restore overnight ferry service"),
            Color::Yellow,
            "",
        )
        .unwrap();
    let clipping = lib.clipping(id).unwrap().summary;
    let citation = lib.citation(h.id).unwrap();
    let url = clipping.source_url.unwrap();
    assert_eq!(
        citation.text,
        format!(
            "“restore overnight ferry service” — Mirela Okafor, {}, {} (2026-03-04). {url}",
            clipping.title,
            clipping.site_name.as_deref().unwrap()
        )
    );
    assert!(
        citation
            .markdown
            .starts_with("> restore overnight ferry service\n>\n> — Mirela Okafor, [")
    );
    assert!(citation.markdown.contains(&format!("]({url})")));
}

/// Acceptance: importing a changed version keeps unchanged quotes anchored, turns edited
/// ones fuzzy with their new words, and keeps deleted ones as orphans with their notes.
#[test]
fn a_changed_version_re_anchors_every_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.md");
    let story = std::fs::read_to_string(fixture("articles/harbor-ferry.md")).unwrap();
    std::fs::write(&path, &story).unwrap();
    let mut lib = library();
    let id = import(&mut lib, &path);
    let kept = lib
        .add_highlight(
            id,
            &quote("The service will run hourly between midnight and five"),
            Color::Green,
            "kept",
        )
        .unwrap();
    let edited = lib
        .add_highlight(
            id,
            &quote("argued that a night bus would serve more riders for less"),
            Color::Blue,
            "edited",
        )
        .unwrap();
    let deleted = lib
        .add_highlight(
            id,
            &quote("People who clean our offices and bake our bread"),
            Color::Pink,
            "deleted",
        )
        .unwrap();

    let changed = format!(
        "An editor's note opens the story now.\n\n{}",
        story
            .replace("a night bus would serve more riders", "a night bus could serve far more riders")
            .replace(
                "“People who clean our offices and bake our bread have been walking home across the bridge at three in the morning,” council member Ana Ruiz said before the vote. “That ends this summer.”",
                "Council member Ana Ruiz spoke before the vote."
            )
    );
    std::fs::write(&path, changed).unwrap();
    let report = lib.import_file(&path, &ImportOptions::default()).unwrap();
    assert_eq!(
        report.clippings,
        [commonplace_core::SaveOutcome::Updated(id)]
    );

    let text = lib.clipping(id).unwrap().text;
    let shown = |h: &commonplace_core::Highlight| {
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = (h.start.unwrap() as usize, h.end.unwrap() as usize);
        chars[s..e].iter().collect::<String>()
    };
    let kept = lib.highlight(kept.id).unwrap();
    assert_eq!(kept.status, Status::Anchored);
    assert_eq!(
        shown(&kept),
        "The service will run hourly between midnight and five"
    );
    assert!(kept.start.unwrap() > 0);

    let edited = lib.highlight(edited.id).unwrap();
    assert_eq!(edited.status, Status::Fuzzy);
    assert_eq!(
        edited.text,
        "argued that a night bus could serve far more riders for less"
    );
    assert_eq!(shown(&edited), edited.text);
    assert_eq!(
        edited.previous_text.as_deref(),
        Some("argued that a night bus would serve more riders for less")
    );
    assert_eq!(edited.note, "edited");

    let deleted = lib.highlight(deleted.id).unwrap();
    assert_eq!(deleted.status, Status::Orphaned);
    assert_eq!((deleted.start, deleted.end), (None, None));
    assert_eq!(
        deleted.text,
        "People who clean our offices and bake our bread"
    );
    assert_eq!(deleted.note, "deleted");
    // Orphans are listed last, never dropped.
    let listed: Vec<i64> = lib
        .highlights(Some(id))
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(listed, [kept.id, edited.id, deleted.id]);
}

/// A colour, a note and tags change together or not at all: a bad tag leaves the note and
/// the other tags as they were.
#[test]
fn a_highlights_colour_note_and_tags_change_in_one_transaction() {
    let mut lib = library();
    let id = import(&mut lib, &fixture("articles/harbor-ferry.md"));
    let h = lib
        .add_highlight(
            id,
            &quote("restore overnight ferry service"),
            Color::Yellow,
            "First.",
        )
        .unwrap();
    let err = lib
        .change_highlight(
            h.id,
            Some(Color::Blue),
            Some("Second."),
            &["ferries".to_owned(), "  ".to_owned()],
            &[],
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTag, "{err}");
    let kept = lib.highlight(h.id).unwrap();
    assert_eq!(
        (kept.color, kept.note.as_str(), kept.tags.len()),
        (Color::Yellow, "First.", 0)
    );

    let changed = lib
        .change_highlight(
            h.id,
            Some(Color::Blue),
            Some("Second."),
            &["ferries".to_owned(), "council".to_owned()],
            &["council".to_owned()],
        )
        .unwrap();
    assert_eq!(
        (changed.color, changed.note.as_str(), changed.tags),
        (Color::Blue, "Second.", vec!["ferries".to_owned()])
    );
}
