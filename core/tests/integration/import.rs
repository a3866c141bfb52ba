//! The importers, as snapshots of what each fixture becomes, and their refusals of bad input.

use std::path::Path;

use commonplace_core::import::{Parsed, canonical_url, parse_file};
use commonplace_core::{ErrorCode, ImportOptions, Library};
use serde_json::json;

use super::{fixture, library};

/// Imports one article fixture and snapshots everything the importer extracted.
fn check(name: &str) {
    check_at(&format!("articles/{name}"), name);
}

/// As [`check`], for a fixture anywhere under `tests/fixtures`.
fn check_at(relative: &str, name: &str) {
    let parsed = parse_file(&fixture(relative), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let Parsed::Clipping(clipping) = parsed else {
        panic!("{name} is one document")
    };
    let extracted = json!({
        "title": clipping.title,
        "author": clipping.author,
        "siteName": clipping.site_name,
        "sourceUrl": clipping.source_url,
        "publishedAt": clipping.published_at.map(|d| d.to_string()),
        "tags": clipping.tags,
        "html": clipping.body.html,
        "text": clipping.body.text,
    });
    insta::assert_json_snapshot!(name, extracted);
}

#[test]
fn a_news_story_exported_as_markdown() {
    check("harbor-ferry.md");
}

#[test]
fn front_matter_wins_over_the_heuristics() {
    check("front-matter.md");
}

#[test]
fn a_document_without_metadata_is_titled_after_its_file() {
    check("no-metadata.md");
}

#[test]
fn a_german_article() {
    check("german.md");
}

#[test]
fn a_japanese_article_with_emoji() {
    check("japanese.md");
}

#[test]
fn a_plain_text_note() {
    check("canal-walk.txt");
}

#[test]
fn a_saved_web_page_keeps_the_story_and_drops_the_clutter() {
    check_at("pages/lighthouse.html", "lighthouse.html");
}

#[test]
fn a_windows_1252_page_is_decoded() {
    check_at("pages/cafe-windows-1252.html", "cafe-windows-1252.html");
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("nested.html");
    let deep = format!(
        "<html><body>{}<p>Bottom.</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    std::fs::write(&page, deep).unwrap();
    let (code, message) = refused(&page, &ImportOptions::default());
    assert_eq!(code, ErrorCode::TooDeeplyNested);
    assert!(message.contains("10002 levels deep"), "{message}");

    let quotes = dir.path().join("quotes.md");
    std::fs::write(
        &quotes,
        format!("# Quotes\n\n{} deep\n", ">".repeat(10_000)),
    )
    .unwrap();
    let (code, _) = refused(&quotes, &ImportOptions::default());
    assert_eq!(code, ErrorCode::TooDeeplyNested);

    // An ordinary page nests far less than the limit and imports.
    let mut lib = library();
    lib.import_file(&fixture("pages/lighthouse.html"), &ImportOptions::default())
        .unwrap();
}

#[test]
fn a_hostile_article_is_defanged() {
    check("hostile.md");
}

/// Imports a file expected to fail; returns the error's code and message, and checks that
/// the library was left empty.
fn refused(path: &Path, options: &ImportOptions) -> (ErrorCode, String) {
    let mut lib: Library = library();
    let err = lib.import_file(path, options).unwrap_err();
    assert!(
        lib.list_clippings().unwrap().is_empty(),
        "nothing may be imported half-way"
    );
    let message = err.to_string();
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(
        message.contains(name.as_ref()),
        "the message names the file: {message}"
    );
    (err.code(), message)
}

#[test]
fn bad_files_are_refused_with_a_clear_message() {
    let options = ImportOptions::default();
    let (code, _) = refused(&fixture("bad/binary.md"), &options);
    assert_eq!(code, ErrorCode::BinaryFile);
    let (code, message) = refused(&fixture("bad/latin1.md"), &options);
    assert_eq!(code, ErrorCode::InvalidUtf8);
    assert!(message.contains("line 1, column 6"), "{message}");
    let (code, _) = refused(&fixture("bad/empty.md"), &options);
    assert_eq!(code, ErrorCode::EmptyFile);
    let (code, message) = refused(&fixture("bad/bad-date.md"), &options);
    assert_eq!(code, ErrorCode::InvalidFrontMatter);
    assert!(
        message.contains("line 3") && message.contains("Smarch"),
        "{message}"
    );
    let (code, _) = refused(&fixture("bad/does-not-exist.md"), &options);
    assert_eq!(code, ErrorCode::Io);
    let (code, _) = refused(&fixture("articles"), &options);
    assert_eq!(code, ErrorCode::UnsupportedFormat);
}

#[test]
fn a_document_over_the_size_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.md");
    let big = format!("# Huge\n\n{}", "All work and no play. ".repeat(3_000_000));
    std::fs::write(&path, big).unwrap();
    let (code, message) = refused(&path, &ImportOptions::default());
    assert_eq!(code, ErrorCode::TooLarge, "{message}");
    let small = ImportOptions {
        max_document_bytes: 1024,
        ..ImportOptions::default()
    };
    let (code, _) = refused(&fixture("articles/harbor-ferry.md"), &small);
    assert_eq!(code, ErrorCode::TooLarge);
}

#[test]
fn malformed_yaml_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken-yaml.md");
    std::fs::write(&path, "---\ntitle: ok\ntags: [unclosed\n---\n\nBody.\n").unwrap();
    let (code, message) = refused(&path, &ImportOptions::default());
    assert_eq!(code, ErrorCode::InvalidFrontMatter);
    assert!(message.contains("broken-yaml.md, line"), "{message}");
}

#[test]
fn canonical_urls_drop_fragments_and_tracking() {
    let cases = [
        (
            "https://example.com/a?utm_source=x&id=3#top",
            Some("https://example.com/a?id=3"),
        ),
        (
            "https://example.com/a?utm_medium=y",
            Some("https://example.com/a"),
        ),
        ("http://example.com/", Some("http://example.com/")),
        ("javascript:alert(1)", None),
        ("/relative/path", None),
        ("not a url", None),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical_url(input).as_deref(), expected, "{input}");
    }
}

#[test]
fn pasted_html_is_sanitized_and_titled_by_its_first_line() {
    let mut lib = library();
    let html = "<h2>Tide tables</h2><p>High water at 06:12 <script>alert(1)</script>and 18:40, says the harbour office, which publishes the table every Sunday for the week ahead.</p>";
    let text = "Tide tables\nHigh water at 06:12 and 18:40, says the harbour office.";
    let imported = lib
        .import_pasted(Some(html), Some(text), &ImportOptions::default())
        .unwrap();
    let commonplace_core::SaveOutcome::Imported(id) = imported.clippings[0] else {
        panic!("new")
    };
    let clipping = lib.clipping(id).unwrap();
    assert_eq!(clipping.summary.title, "Tide tables");
    assert!(clipping.text.contains("High water at 06:12"));
    assert!(!clipping.html.contains("script"));
}

#[test]
fn pasted_text_becomes_a_document_and_nothing_is_an_error() {
    let mut lib = library();
    let imported = lib
        .import_pasted(
            None,
            Some("Shopping\n\nBread, apples."),
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(imported.title, "Shopping");
    let err = lib
        .import_pasted(Some("  "), None, &ImportOptions::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::EmptyFile);
    assert!(err.to_string().contains("the clipboard"));
}

#[test]
fn a_page_that_takes_too_long_to_read_is_left_out() {
    // Two megabytes of story take far longer than a millisecond to read, in any build.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.html");
    let paragraph = "<p>A paragraph of a very long page, one of many thousands in a row.</p>";
    std::fs::write(
        &path,
        format!(
            "<html><body><article>{}</article></body></html>",
            paragraph.repeat(30_000)
        ),
    )
    .unwrap();
    let options = ImportOptions {
        max_parse_time: std::time::Duration::from_millis(1),
        ..ImportOptions::default()
    };
    let (code, message) = refused(&path, &options);
    assert_eq!(code, ErrorCode::TooSlow);
    assert!(message.contains("took longer than"), "{message}");
}
