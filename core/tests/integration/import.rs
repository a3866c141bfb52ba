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
        "images": clipping.body.images.iter()
            .map(|i| json!({"hash": i.hash, "mime": i.mime, "bytes": i.bytes.len()}))
            .collect::<Vec<_>>(),
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
fn a_blog_post_keeps_its_pictures_from_the_saved_folder_and_data_uris() {
    check_at("pages/field-notes.html", "field-notes.html");
}

#[test]
fn a_documentation_page_keeps_code_and_tables_and_drops_the_sidebar() {
    check_at("pages/sync-guide.html", "sync-guide.html");
}

/// A minified page: paragraphs, cells, list items and lines touch, and their words must not.
#[test]
fn a_minified_page_keeps_its_words_apart() {
    check_at("pages/touching-blocks.html", "touching-blocks.html");
}

/// Lazy, `<noscript>` and `srcset` pictures keep their images; video, audio, frames and
/// titled drawings leave a placeholder with a link; code keeps its language.
#[test]
fn a_page_keeps_a_trace_of_what_it_embeds() {
    check_at("pages/embeds.html", "embeds.html");
}

#[test]
fn a_page_described_only_by_json_ld() {
    check_at("pages/orchard-census.html", "orchard-census.html");
}

#[test]
fn a_shift_jis_page_is_decoded() {
    check_at("pages/bookshop-shift-jis.html", "bookshop-shift-jis.html");
}

#[test]
fn images_are_stored_once_and_served_by_hash() {
    let mut lib = library();
    let first = lib
        .import_file(
            &fixture("pages/field-notes.html"),
            &ImportOptions::default(),
        )
        .unwrap();
    let id = first.clippings[0].id();
    let hashes = lib.clipping_images(id).unwrap();
    assert_eq!(hashes.len(), 3, "heron, reeds and the inline dot");
    let clipping = lib.clipping(id).unwrap();
    for hash in &hashes {
        assert!(clipping.html.contains(&format!("cpimage:{hash}")));
        let (mime, bytes) = lib.image(hash).unwrap().unwrap();
        assert!(mime.starts_with("image/"));
        assert_eq!(commonplace_core::image::sniff(&bytes), Some(mime.as_str()));
    }
    // The heron on disk is what the library serves.
    let heron = std::fs::read(fixture("pages/field-notes_files/heron.png")).unwrap();
    assert!(
        hashes
            .iter()
            .any(|h| lib.image(h).unwrap().unwrap().1 == heron)
    );
    // Images that could not be had keep their alt text and lose their source.
    for alt in [
        "Map of the marsh paths",
        "A bittern in the reeds",
        "Outside the folder",
        "Vector",
    ] {
        let at = clipping
            .html
            .find(alt)
            .unwrap_or_else(|| panic!("{alt} kept"));
        let tag_start = clipping.html[..at].rfind("<img").unwrap();
        assert!(
            !clipping.html[tag_start..at].contains("src="),
            "{alt} has no source"
        );
    }
    assert!(!clipping.html.contains("example.org"));
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
fn a_page_whose_scripts_hold_many_less_than_signs_is_not_refused_as_deep() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("scripted.html");
    let script = "for (var i = 0; i < items.length; i++) { if (a<b) { draw(i); } }\n".repeat(700);
    std::fs::write(
        &page,
        format!(
            "<html><head><title>A Scripted Page</title><script>{script}</script>\
             <style>a<b {{ color: red }}</style></head><body><article><h1>A Scripted Page</h1>\
             <p>The story itself is short, but it is a real story with a few sentences in it, \
             and the page around it runs a great deal of script.</p>\
             <p>A second paragraph says a little more, as stories do.</p></article>\
             <script>{script}</script></body></html>"
        ),
    )
    .unwrap();
    let mut lib = library();
    let imported = lib
        .import_file(&page, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.title, "A Scripted Page");
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

/// Elements that must never survive sanitizing: they run script, load things, or take over
/// the page. (MathML's presentation elements are kept, in their namespace, for formulas;
/// its annotations and `mglyph`, where namespace confusion attacks live, are not.)
const NEVER_KEPT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "base",
    "meta",
    "link",
    "svg",
    "template",
    "video",
    "audio",
    "source",
    "area",
    "map",
    "portal",
    "noscript",
    "xmp",
    "marquee",
    "keygen",
    "isindex",
    "mglyph",
    "malignmark",
    "annotation",
    "annotation-xml",
    "maction",
];

/// Fails unless `html` is inert: none of the elements above, no event handlers or styles,
/// and every address a link to the web or mail, or an image of the library.
fn assert_inert(html: &str, what: &str) {
    let fragment = scraper::Html::parse_fragment(html);
    for node in fragment.root_element().descendants() {
        let Some(element) = scraper::ElementRef::wrap(node) else {
            continue;
        };
        let name = element.value().name();
        assert!(
            !NEVER_KEPT.contains(&name),
            "{what}: <{name}> kept in {html}"
        );
        for (attribute, value) in element.value().attrs() {
            assert!(
                !attribute.starts_with("on")
                    && !matches!(
                        attribute,
                        "style"
                            | "srcset"
                            | "background"
                            | "formaction"
                            | "ping"
                            | "action"
                            | "data"
                    ),
                "{what}: {attribute} kept in {html}"
            );
            if matches!(attribute, "href" | "src" | "cite" | "xlink:href") {
                let lower = value.trim().to_ascii_lowercase();
                let safe = if attribute == "src" {
                    lower.starts_with("cpimage:")
                } else {
                    ["https://", "http://", "mailto:"]
                        .iter()
                        .any(|s| lower.starts_with(s))
                };
                assert!(safe, "{what}: {attribute}={value} kept in {html}");
            }
        }
    }
}

/// The attacks of `tests/fixtures/hostile/xss-vectors.html`, one a line between its markers.
fn xss_vectors() -> Vec<String> {
    let page = std::fs::read_to_string(fixture("hostile/xss-vectors.html")).unwrap();
    let start = page.find("<!-- vectors:").unwrap();
    let end = page.find("<!-- end of vectors -->").unwrap();
    page[start..end]
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("<p>Vector ") && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_xss_vector_is_defanged_on_its_own_and_in_a_page() {
    let vectors = xss_vectors();
    assert!(vectors.len() >= 50, "only {} vectors", vectors.len());
    for vector in &vectors {
        let body = commonplace_core::Body::from_untrusted_html(vector);
        assert_inert(&body.html, vector);
        assert!(body.images.is_empty(), "{vector}: an image was kept");
        // Pasted, as a Markdown document, and as a page: every door sanitizes.
        let pasted = commonplace_core::import::parse_pasted(
            Some(vector),
            Some("pasted"),
            &ImportOptions::default(),
        )
        .unwrap();
        assert_inert(&pasted.body.html, vector);
    }
    let mut lib = library();
    let imported = lib
        .import_file(
            &fixture("hostile/xss-vectors.html"),
            &ImportOptions::default(),
        )
        .unwrap();
    let clipping = lib.clipping(imported.clippings[0].id()).unwrap();
    assert_inert(&clipping.html, "the whole page");
    assert!(clipping.text.contains("Vector 68:"), "{}", clipping.text);
    assert!(lib.clipping_images(clipping.summary.id).unwrap().is_empty());
}

#[test]
fn a_markdown_file_of_xss_vectors_is_defanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vectors.md");
    std::fs::write(
        &path,
        format!("# Traps\n\n{}\n", xss_vectors().join("\n\n")),
    )
    .unwrap();
    let Parsed::Clipping(clipping) = parse_file(&path, &ImportOptions::default()).unwrap() else {
        panic!("one document")
    };
    assert_inert(&clipping.body.html, "the Markdown file");
}
