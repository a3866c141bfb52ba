//! Exports: Markdown updated in place, Readwise's CSV, W3C Web Annotations.

use std::path::{Path, PathBuf};

use commonplace_core::export::{ExportOptions, Format, Scope};
use commonplace_core::{ImportOptions, Library, Target};

/// An article with a note and a tag, and two highlights: one with a note and a tag, one
/// whose words hold a comma, a quote and a line break.
fn library() -> (Library, i64, i64) {
    let mut library = super::library();
    let id = library
        .import_file(
            &super::fixture("articles/harbor-ferry.md"),
            &ImportOptions::default(),
        )
        .unwrap()
        .clippings[0]
        .id();
    library
        .set_clipping_note(id, "Why the ferry matters.")
        .unwrap();
    library.tag_clipping(id, "transport/boats").unwrap();
    let text = library.clipping(id).unwrap().text;
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = library
        .add_highlight(
            id,
            &Target::Quote {
                exact: words[2..6].join(" "),
                occurrence: 1,
            },
            Default::default(),
            "A note, with \"quotes\".",
        )
        .unwrap();
    library.tag_highlight(first.id, "to check").unwrap();
    let paragraph_break = text.find('\n').unwrap();
    let start = text[..paragraph_break].chars().count() - 5;
    library
        .add_highlight(
            id,
            &Target::Range {
                start,
                end: start + 12,
                exact: None,
            },
            commonplace_core::Color::Pink,
            "",
        )
        .unwrap();
    (library, id, first.id)
}

fn export(library: &Library, format: Format, out: &Path) -> commonplace_core::export::ExportReport {
    library
        .export(
            format,
            out,
            &Scope::default(),
            &ExportOptions::default(),
            |_, _| {},
        )
        .unwrap()
}

fn only_file(folder: &Path) -> PathBuf {
    let files: Vec<PathBuf> = walk(folder);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn markdown_is_updated_in_place_and_keeps_what_the_person_wrote() {
    let (mut library, id, highlight) = library();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("vault/Clippings");
    let report = export(&library, Format::Markdown, &folder);
    assert_eq!(
        (report.written, report.clippings, report.highlights),
        (1, 1, 2)
    );
    let file = only_file(&folder);
    assert_eq!(
        file.file_name().unwrap().to_string_lossy(),
        "Harbor City Votes to Bring Back the Night Ferry After a Decade.md"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    for expected in [
        "---\ntitle: \"Harbor City Votes to Bring Back the Night Ferry After a Decade\"\n",
        &format!("commonplace_id: {id}\n"),
        "tags: [\"transport/boats\"]",
        "## Note\n\nWhy the ferry matters.",
        &format!("^cp-h{highlight}\n"),
        "A note, with \"quotes\".",
        "#to-check",
        "*pink",
        "<!-- commonplace:begin",
        "<!-- commonplace:end -->",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }

    // Nothing changed: the file is not written again.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = export(&library, Format::Markdown, &folder);
    assert_eq!((again.written, again.updated, again.unchanged), (0, 0, 1));
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );

    // The person writes around our part, adds a property, renames and moves the file.
    let edited = text.replacen("---\n", "---\nrating: 5\n", 1).replace(
        "<!-- commonplace:begin",
        "My thoughts before.\n\n<!-- commonplace:begin",
    ) + "\n## My own notes\n\nWritten in Obsidian, kept.\n";
    std::fs::create_dir_all(folder.join("Read")).unwrap();
    let moved = folder.join("Read/Ferry vote.md");
    std::fs::write(&moved, edited).unwrap();
    std::fs::remove_file(&file).unwrap();
    // Then the note changes in Commonplace.
    library
        .set_clipping_note(id, "Why the ferry matters, again.")
        .unwrap();
    let third = export(&library, Format::Markdown, &folder);
    assert_eq!((third.written, third.updated), (0, 1));
    assert_eq!(
        walk(&folder),
        vec![moved.clone()],
        "found again, not written anew"
    );
    let text = std::fs::read_to_string(&moved).unwrap();
    for kept in [
        "rating: 5",
        "My thoughts before.",
        "## My own notes\n\nWritten in Obsidian, kept.",
        "Why the ferry matters, again.",
    ] {
        assert!(text.contains(kept), "{kept:?} in:\n{text}");
    }
    assert!(!text.contains("Why the ferry matters.\n"), "{text}");
    assert_eq!(text.matches("<!-- commonplace:begin").count(), 1);

    // Markers taken out: everything stays, our part comes after it.
    let unmarked = text
        .replace(commonplace_core_begin(), "")
        .replace("<!-- commonplace:end -->", "");
    std::fs::write(&moved, &unmarked).unwrap();
    export(&library, Format::Markdown, &folder);
    let text = std::fs::read_to_string(&moved).unwrap();
    assert!(text.contains("Written in Obsidian, kept."));
    assert!(text.contains("<!-- commonplace:begin"));
}

fn commonplace_core_begin() -> &'static str {
    "<!-- commonplace:begin · rewritten by each export from Commonplace; write outside these markers -->"
}

#[test]
fn a_persons_file_of_the_same_name_is_never_overwritten() {
    let (library, id, _) = library();
    let dir = tempfile::tempdir().unwrap();
    let mine = dir
        .path()
        .join("Harbor City Votes to Bring Back the Night Ferry After a Decade.md");
    std::fs::write(&mine, "My own file.\n").unwrap();
    let report = export(&library, Format::Markdown, dir.path());
    assert_eq!(report.written, 1);
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "My own file.\n");
    assert!(
        dir.path()
            .join(format!(
                "Harbor City Votes to Bring Back the Night Ferry After a Decade ({id}).md"
            ))
            .exists()
    );
}

#[test]
fn readwise_csv_has_its_header_and_reads_back_with_a_standard_reader() {
    let (library, _, _) = library();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("readwise.csv");
    let report = export(&library, Format::Csv, &file);
    assert_eq!(report.highlights, 2);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\r\n"
    ));
    let mut reader = csv::Reader::from_path(&file).unwrap();
    assert_eq!(reader.headers().unwrap().len(), 11);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let noted = rows.iter().find(|r| !r[4].is_empty()).unwrap();
    assert_eq!(&noted[4], "A note, with \"quotes\".");
    assert_eq!(&noted[6], "to check");
    assert_eq!(&noted[10], "transport/boats");
    assert_eq!(&noted[7], "order");
    let crossing = rows.iter().find(|r| r[4].is_empty()).unwrap();
    assert!(crossing[0].contains('\n'), "the line break is in the field");
    assert_eq!(&crossing[5], "pink");
}

/// `library`'s W3C export to `file`, read back; written an annotation at a time, its text is the
/// collection pretty-printed whole.
fn w3c_collection(library: &Library, file: &Path) -> serde_json::Value {
    export(library, Format::W3c, file);
    let text = std::fs::read_to_string(file).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(text, serde_json::to_string_pretty(&value).unwrap() + "\n");
    value
}

#[test]
fn w3c_annotations_of_a_library_without_highlights_are_an_empty_collection() {
    let dir = tempfile::tempdir().unwrap();
    let value = w3c_collection(&super::library(), &dir.path().join("annotations.jsonld"));
    assert_eq!(value["total"], 0);
    assert_eq!(value["first"]["items"], serde_json::json!([]));
}

#[test]
fn w3c_annotations_follow_the_model() {
    let (library, _, highlight) = library();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("annotations.jsonld");
    let value = w3c_collection(&library, &file);
    assert_eq!(value["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(value["type"], "AnnotationCollection");
    assert_eq!(value["total"], 2);
    let items = value["first"]["items"].as_array().unwrap();
    assert_eq!(value["first"]["type"], "AnnotationPage");
    for a in items {
        assert_eq!(a["type"], "Annotation");
        // Every id is an IRI; motivations and purposes are the model's words.
        assert!(a["id"].as_str().unwrap().contains(':'));
        assert!(["highlighting", "commenting"].contains(&a["motivation"].as_str().unwrap()));
        assert!(a["created"].as_str().unwrap().ends_with('Z'));
        let source = a["target"]["source"].as_str().unwrap();
        assert!(
            source.starts_with("https://") || source.starts_with("urn:"),
            "{source}"
        );
        let selectors = a["target"]["selector"].as_array().unwrap();
        assert_eq!(selectors[0]["type"], "TextQuoteSelector");
        assert!(!selectors[0]["exact"].as_str().unwrap().is_empty());
        assert_eq!(selectors[1]["type"], "TextPositionSelector");
        assert!(selectors[1]["start"].as_i64() < selectors[1]["end"].as_i64());
        for body in a["body"].as_array().unwrap() {
            assert_eq!(body["type"], "TextualBody");
            assert!(body["value"].is_string());
            assert!(
                ["commenting", "tagging", "classifying"]
                    .contains(&body["purpose"].as_str().unwrap())
            );
        }
    }
    let noted = items
        .iter()
        .find(|a| a["id"] == format!("urn:commonplace:highlight:{highlight}"))
        .unwrap();
    assert_eq!(noted["motivation"], "commenting");
    let note = &noted["body"][0];
    assert_eq!(note["format"], "text/markdown");
    assert_eq!(note["purpose"], "commenting");
    assert_eq!(noted["body"][1]["value"], "to check");
    // Exporting again writes the same file: it is left alone.
    let again = export(&library, Format::W3c, &file);
    assert_eq!(again.unchanged, 1);
}

#[test]
fn a_query_scopes_an_export() {
    let (mut library, id, _) = library();
    library
        .import_file(
            &super::fixture("articles/front-matter.md"),
            &ImportOptions::default(),
        )
        .unwrap();
    let all = library.export_ids(&Scope::default()).unwrap();
    assert_eq!(all.len(), 2);
    let ferry = library
        .export_ids(&Scope {
            query: Some("ferry".into()),
            clippings: Vec::new(),
        })
        .unwrap();
    assert_eq!(ferry, vec![id]);
}

#[test]
fn a_clipping_copies_as_markdown_without_markers_or_block_ids() {
    let (library, id, _) = library();
    let text = library.clipping_markdown(id).unwrap();
    assert!(text.starts_with("# Harbor City Votes"), "{text}");
    assert!(text.contains("## Note\n\nWhy the ferry matters."));
    assert!(text.contains("A note, with \"quotes\"."));
    assert!(!text.contains("commonplace:begin"));
    assert!(!text.contains("^cp-h"));
}
