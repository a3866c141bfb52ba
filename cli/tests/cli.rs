//! The `commonplace` command's contract, run as a real process against a temporary library.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(relative)
}

/// `commonplace --library LIBRARY ARGS...`
fn commonplace(library: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("commonplace")
        .expect("the binary is built")
        .env_remove(LIBRARY_ENV)
        .arg("--library")
        .arg(library)
        .args(args)
        .assert()
}

const LIBRARY_ENV: &str = "COMMONPLACE_LIBRARY";

fn json(assert: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON")
}

#[test]
fn import_list_and_show_follow_the_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    let seeds = fixture("articles/front-matter.md");
    let imported = commonplace(
        &lib,
        &[
            "import",
            "--json",
            ferry.to_str().unwrap(),
            seeds.to_str().unwrap(),
        ],
    )
    .success();
    let report = json(&imported);
    assert_eq!(report["imported"], serde_json::json!([1, 2]));
    assert_eq!(report["unchanged"], serde_json::json!([]));
    assert_eq!(report["failed"], serde_json::json!([]));

    let list = json(&commonplace(&lib, &["list", "--json"]).success());
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id",
        "kind",
        "title",
        "author",
        "siteName",
        "sourceUrl",
        "publishedAt",
        "clippedAt",
    ] {
        assert!(keys.contains(&key), "list --json lacks {key}: {keys:?}");
    }
    // Newest first: the second file was clipped last.
    assert_eq!(rows[0]["id"], 2);

    let ferry = json(&commonplace(&lib, &["show", "1", "--json"]).success());
    assert_eq!(
        ferry["title"],
        "Harbor City Votes to Bring Back the Night Ferry After a Decade"
    );
    assert_eq!(ferry["author"], "Mirela Okafor");
    assert_eq!(ferry["publishedAt"], "2026-03-04");
    assert_eq!(
        ferry["sourceUrl"],
        "https://www.harbordaily.example/2026/03/04/night-ferry-returns"
    );
    assert_eq!(ferry["siteName"], "harbordaily.example");
    assert_eq!(ferry["kind"], "article");
    let clipped = ferry["clippedAt"].as_str().unwrap();
    assert!(chrono_like(clipped), "clippedAt is RFC 3339: {clipped}");
    let html = ferry["html"].as_str().unwrap();
    let text = ferry["text"].as_str().unwrap();
    assert!(html.starts_with("<p>The old ferry terminal"), "{html}");
    assert!(
        !text.contains("Original url") && !text.contains("Mirela Okafor"),
        "metadata lines stay out of the body"
    );
    assert!(
        text.contains("trial period of eighteen months"),
        "a link to nowhere becomes text"
    );
}

fn chrono_like(s: &str) -> bool {
    s.len() == 20 && s.as_bytes()[10] == b'T' && s.ends_with('Z')
}

#[test]
fn importing_the_same_file_again_reports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let file = fixture("articles/german.md");
    let file = file.to_str().unwrap();
    commonplace(&lib, &["import", file])
        .success()
        .stdout(predicates::str::starts_with("imported"));
    commonplace(&lib, &["import", file])
        .success()
        .stdout(predicates::str::starts_with("unchanged"));
    let report = json(&commonplace(&lib, &["import", "--json", file]).success());
    assert_eq!(report["unchanged"], serde_json::json!([1]));
    assert_eq!(report["imported"], serde_json::json!([]));
    assert_eq!(
        json(&commonplace(&lib, &["list", "--json"]).success())
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_failed_file_is_reported_and_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let bad = fixture("bad/latin1.md");
    let good = fixture("articles/japanese.md");
    let assert = commonplace(
        &lib,
        &[
            "import",
            "--json",
            bad.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    )
    .failure();
    let report = json(&assert);
    assert_eq!(report["imported"], serde_json::json!([1]));
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["path"], bad.to_str().unwrap());
    assert_eq!(failed[0]["code"], "invalid_utf8");
    assert!(
        failed[0]["error"]
            .as_str()
            .unwrap()
            .contains("line 1, column 6")
    );

    // The human form: one line per file, and the failure names its file.
    let assert = commonplace(
        &lib,
        &["import", bad.to_str().unwrap(), good.to_str().unwrap()],
    )
    .failure();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("failed") && lines[0].contains("latin1.md"),
        "{out}"
    );
    assert!(lines[1].starts_with("unchanged"), "{out}");
}

#[test]
fn a_folder_imports_every_importable_file_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let folder = dir.path().join("clips");
    std::fs::create_dir_all(folder.join("nested/deeper")).unwrap();
    std::fs::create_dir_all(folder.join(".hidden")).unwrap();
    std::fs::copy(fixture("articles/german.md"), folder.join("german.md")).unwrap();
    std::fs::copy(
        fixture("articles/japanese.md"),
        folder.join("nested/japanese.md"),
    )
    .unwrap();
    std::fs::copy(
        fixture("articles/canal-walk.txt"),
        folder.join("nested/deeper/canal.txt"),
    )
    .unwrap();
    std::fs::copy(
        fixture("articles/harbor-ferry.md"),
        folder.join(".hidden/skipped.md"),
    )
    .unwrap();
    std::fs::write(folder.join("picture.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let report =
        json(&commonplace(&lib, &["import", "--json", folder.to_str().unwrap()]).success());
    assert_eq!(report["imported"], serde_json::json!([1, 2, 3]));
    assert_eq!(report["failed"], serde_json::json!([]));
    let titles: Vec<String> = json(&commonplace(&lib, &["list", "--json"]).success())
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        titles.contains(&"A walk along the old canal".to_owned()),
        "{titles:?}"
    );
}

#[test]
fn kindle_clippings_become_books_with_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let file = fixture("kindle/My Clippings.txt");
    let report = json(&commonplace(&lib, &["import", "--json", file.to_str().unwrap()]).success());
    assert_eq!(report["imported"].as_array().unwrap().len(), 4);
    assert_eq!(
        report["highlights"],
        serde_json::json!({"added": 6, "merged": 1, "skipped": SKIPPED.clone()})
    );
    assert_eq!(report["warnings"], serde_json::json!([]));
    let again = json(&commonplace(&lib, &["import", "--json", file.to_str().unwrap()]).success());
    assert_eq!(again["unchanged"].as_array().unwrap().len(), 4);
    assert_eq!(
        again["highlights"],
        serde_json::json!({"added": 0, "merged": 0, "skipped": SKIPPED.clone()})
    );

    let list = json(&commonplace(&lib, &["list", "--json"]).success());
    let orchard = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "The Quiet Orchard")
        .unwrap();
    assert_eq!(orchard["kind"], "book");
    assert_eq!(orchard["highlightCount"], 2);
    let id = orchard["id"].to_string();
    let highlights =
        json(&commonplace(&lib, &["highlights", "--clipping", &id, "--json"]).success());
    let first = &highlights[0];
    for key in [
        "id",
        "clippingId",
        "text",
        "note",
        "color",
        "location",
        "page",
        "createdAt",
    ] {
        assert!(
            first.get(key).is_some(),
            "highlights --json lacks {key}: {first}"
        );
    }
    assert_eq!(first["page"], "7", "the page beside the location");
    assert_eq!(first["text"], "Apples remember every frost they survived.");
    assert_eq!(first["note"], "True of people too?");
    assert_eq!(first["location"], "100-102");
    assert_eq!(first["clippingId"], orchard["id"]);
    let all = json(&commonplace(&lib, &["highlights", "--json"]).success());
    assert_eq!(all.as_array().unwrap().len(), 6);
    commonplace(&lib, &["highlights", "--clipping", &id])
        .success()
        .stdout(
            predicates::str::contains("> Apples remember every frost")
                .and(predicates::str::contains("Note: True of people too?"))
                .and(predicates::str::contains("Page 7 · Location 100–102")),
        );
    commonplace(&lib, &["highlights", "--clipping", "999"]).failure();

    // The human line for a Kindle file sums it up.
    commonplace(&lib, &["import", file.to_str().unwrap()])
        .success()
        .stdout(predicates::str::contains(
            "4 books (0 new): 0 highlights added, 0 merged, skipped 1 bookmark, 1 clipping-limit placeholder",
        ));
}

/// What the shared Kindle fixture skips, by kind.
static SKIPPED: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
    serde_json::json!({
        "bookmarks": 1, "clippedArticles": 0, "limitPlaceholders": 1,
        "empty": 0, "fragments": 0, "unreadable": 0
    })
});

#[test]
fn a_kindle_entry_that_cannot_be_read_is_a_warning_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let file = fixture("kindle/unknown-kinds.txt");
    let report = json(&commonplace(&lib, &["import", "--json", file.to_str().unwrap()]).success());
    assert_eq!(report["highlights"]["added"], 2);
    assert_eq!(report["highlights"]["skipped"]["clippedArticles"], 2);
    assert_eq!(report["highlights"]["skipped"]["unreadable"], 1);
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0]["path"], file.to_str().unwrap());
    assert_eq!(warnings[0]["entry"], 4);
    assert_eq!(warnings[0]["line"], 16);
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("Your Doodle"),
        "{warnings:?}"
    );
    // The table prints the warning under the file's line.
    commonplace(&lib, &["import", file.to_str().unwrap()])
        .success()
        .stdout(
            predicates::str::contains("skipped 2 clipped articles, 1 unreadable entry").and(
                predicates::str::contains("warning: entry 4 (line 16): cannot tell"),
            ),
        );
}

#[test]
fn a_web_address_is_fetched_and_imported() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/notes/page", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 2048];
        let _ = stream.read(&mut request);
        let page = std::fs::read(fixture("pages/lighthouse.html")).unwrap();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            page.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&page).unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let report = json(&commonplace(&lib, &["import", "--json", &url]).success());
    assert_eq!(report["imported"], serde_json::json!([1]));
    server.join().unwrap();
    let shown = json(&commonplace(&lib, &["show", "1", "--json"]).success());
    assert_eq!(
        shown["title"],
        "The Last Keeper of Gull Rock Lighthouse Retires"
    );
    assert_eq!(shown["siteName"], "Coastline Weekly");
    assert_eq!(shown["publishedAt"], "2025-09-14T08:30:00Z");
}

#[test]
fn the_table_lists_titles_and_show_prints_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    commonplace(&lib, &["list"])
        .success()
        .stdout(predicates::str::contains("The library is empty"));
    commonplace(
        &lib,
        &[
            "import",
            fixture("articles/harbor-ferry.md").to_str().unwrap(),
        ],
    )
    .success();
    commonplace(&lib, &["list"])
        .success()
        .stdout(predicates::str::contains("TITLE").and(predicates::str::contains("Mirela Okafor")));
    commonplace(&lib, &["show", "1"])
        .success()
        .stdout(predicates::str::contains(
            "HARBOR CITY — The city council voted",
        ));
}

#[test]
fn the_library_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("from-env.sqlite");
    Command::cargo_bin("commonplace")
        .unwrap()
        .env(LIBRARY_ENV, &lib)
        .args(["import", fixture("articles/german.md").to_str().unwrap()])
        .assert()
        .success();
    assert!(lib.exists());
}

#[test]
fn a_missing_clipping_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    commonplace(&lib, &["show", "7"])
        .failure()
        .stderr(predicates::str::contains("there is no clipping with id 7"));
}

#[test]
fn a_library_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("future.sqlite");
    rusqlite::Connection::open(&lib)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    commonplace(&lib, &["list"])
        .failure()
        .stderr(predicates::str::contains("newer Commonplace"));
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn highlights_notes_and_quotes_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    commonplace(&lib, &["import", ferry.to_str().unwrap()]).success();

    // `highlight add` prints the new id; `--json` the whole highlight.
    let added = commonplace(
        &lib,
        &[
            "highlight",
            "add",
            "1",
            "--quote",
            "restore overnight ferry service",
            "--color",
            "green",
        ],
    )
    .success();
    assert_eq!(
        String::from_utf8_lossy(&added.get_output().stdout).trim(),
        "1"
    );
    let second = json(
        &commonplace(
            &lib,
            &[
                "highlight",
                "add",
                "1",
                "--quote",
                "ferry",
                "--occurrence",
                "2",
                "--note",
                "Which one?",
                "--json",
            ],
        )
        .success(),
    );
    assert_eq!(second["id"], 2);
    assert_eq!(second["text"], "ferry");
    assert_eq!(second["note"], "Which one?");
    assert_eq!(second["color"], "yellow");

    // Errors are clear and exit non-zero.
    let missing =
        commonplace(&lib, &["highlight", "add", "1", "--quote", "no such words"]).failure();
    let stderr = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    assert!(
        stderr.contains("does not contain \"no such words\""),
        "{stderr}"
    );
    let bad_color = commonplace(
        &lib,
        &[
            "highlight",
            "add",
            "1",
            "--quote",
            "ferry",
            "--color",
            "mauve",
        ],
    )
    .failure();
    assert!(String::from_utf8_lossy(&bad_color.get_output().stderr).contains("mauve"));

    let edited = json(
        &commonplace(
            &lib,
            &[
                "highlight",
                "edit",
                "1",
                "--color",
                "purple",
                "--note",
                "Vote 7–2",
                "--json",
            ],
        )
        .success(),
    );
    assert_eq!(
        (edited["color"].as_str(), edited["note"].as_str()),
        (Some("purple"), Some("Vote 7–2"))
    );

    let listed = json(&commonplace(&lib, &["highlights", "--clipping", "1", "--json"]).success());
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for key in [
        "id",
        "clippingId",
        "text",
        "note",
        "color",
        "location",
        "createdAt",
        "status",
        "start",
        "end",
        "prefix",
        "suffix",
    ] {
        assert!(rows[0].get(key).is_some(), "highlights --json lacks {key}");
    }
    assert_eq!(rows[0]["status"], "anchored");
    assert!(
        rows[0]["start"].as_i64().unwrap() < rows[1]["start"].as_i64().unwrap(),
        "reading order"
    );
    let first = rows.iter().find(|r| r["id"] == 1).unwrap();
    assert_eq!(
        first["end"].as_i64().unwrap() - first["start"].as_i64().unwrap(),
        "restore overnight ferry service".chars().count() as i64
    );

    let quote = commonplace(&lib, &["quote", "1"]).success();
    let quote = String::from_utf8_lossy(&quote.get_output().stdout).to_string();
    assert!(
        quote.starts_with("“restore overnight ferry service” — Mirela Okafor, Harbor City Votes"),
        "{quote}"
    );
    assert!(quote.contains(" (2026-03-04). https://"), "{quote}");
    let markdown = commonplace(&lib, &["quote", "1", "--markdown"]).success();
    assert!(
        String::from_utf8_lossy(&markdown.get_output().stdout)
            .starts_with("> restore overnight ferry service\n>\n> — ")
    );

    commonplace(&lib, &["note", "set", "1", "Follow up in June."]).success();
    let shown = json(&commonplace(&lib, &["show", "1", "--json"]).success());
    assert_eq!(shown["note"], "Follow up in June.");

    commonplace(&lib, &["highlight", "delete", "2"]).success();
    let listed = json(&commonplace(&lib, &["highlights", "--json"]).success());
    assert_eq!(listed.as_array().unwrap().len(), 1);
    commonplace(&lib, &["highlight", "delete", "99"]).failure();
}

#[test]
fn tags_lists_and_the_trash_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    let german = fixture("articles/german.md");
    let japanese = fixture("articles/japanese.md");
    commonplace(
        &lib,
        &[
            "import",
            ferry.to_str().unwrap(),
            german.to_str().unwrap(),
            japanese.to_str().unwrap(),
        ],
    )
    .success();
    commonplace(&lib, &["tag", "add", "1", "Politics/Local"]).success();
    commonplace(&lib, &["tag", "add", "2", "politics/europe"]).success();
    commonplace(&lib, &["tag", "add", "3", "libraries"]).success();
    commonplace(
        &lib,
        &[
            "highlight",
            "add",
            "1",
            "--quote",
            "ferry",
            "--color",
            "blue",
        ],
    )
    .success();
    let edited = json(
        &commonplace(
            &lib,
            &[
                "highlight",
                "edit",
                "1",
                "--add-tag",
                "politics",
                "--add-tag",
                "quotes",
                "--json",
            ],
        )
        .success(),
    );
    assert_eq!(edited["tags"], serde_json::json!(["Politics", "quotes"]));
    commonplace(&lib, &["highlight", "edit", "1", "--remove-tag", "quotes"]).success();

    let tags = json(&commonplace(&lib, &["tags", "--json"]).success());
    let rows: Vec<(String, i64, i64)> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["clippingCount"].as_i64().unwrap(),
                t["highlightCount"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("libraries".to_owned(), 1, 0),
            ("Politics".to_owned(), 0, 1),
            ("Politics/europe".to_owned(), 1, 0),
            ("Politics/Local".to_owned(), 1, 0),
            ("quotes".to_owned(), 0, 0),
        ]
    );

    // A parent tag lists its children's clippings; `list --json` objects carry their tags.
    let listed = json(
        &commonplace(
            &lib,
            &["list", "--tag", "politics", "--sort", "title", "--json"],
        )
        .success(),
    );
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(
        titles
            .windows(2)
            .all(|w| w[0].to_lowercase() <= w[1].to_lowercase()),
        "{titles:?}"
    );
    assert!(listed[0]["tags"].is_array());
    let books = json(&commonplace(&lib, &["list", "--kind", "book", "--json"]).success());
    assert_eq!(books, serde_json::json!([]));
    commonplace(&lib, &["list", "--sort", "sideways"]).failure();

    let blue = json(
        &commonplace(
            &lib,
            &[
                "highlights",
                "--tag",
                "politics",
                "--color",
                "blue",
                "--json",
            ],
        )
        .success(),
    );
    assert_eq!(blue.as_array().unwrap().len(), 1);
    assert_eq!(blue[0]["tags"], serde_json::json!(["Politics"]));
    let pink = json(&commonplace(&lib, &["highlights", "--color", "pink", "--json"]).success());
    assert_eq!(pink, serde_json::json!([]));

    // Rename onto an existing tag merges; delete takes a tag off everything.
    commonplace(
        &lib,
        &["tag", "rename", "politics/local", "politics/europe"],
    )
    .success();
    let shown = json(&commonplace(&lib, &["show", "1", "--json"]).success());
    assert_eq!(shown["tags"], serde_json::json!(["Politics/europe"]));
    commonplace(&lib, &["tag", "delete", "libraries"]).success();
    let shown = json(&commonplace(&lib, &["show", "3", "--json"]).success());
    assert_eq!(shown["tags"], serde_json::json!([]));

    // The trash.
    commonplace(&lib, &["delete", "1"]).success();
    let listed = json(&commonplace(&lib, &["list", "--json"]).success());
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let trash = json(&commonplace(&lib, &["trash", "--json"]).success());
    assert_eq!(trash.as_array().unwrap().len(), 1);
    assert_eq!(trash[0]["id"], 1);
    commonplace(&lib, &["restore", "1"]).success();
    let back = json(&commonplace(&lib, &["highlights", "--clipping", "1", "--json"]).success());
    assert_eq!(
        back.as_array().unwrap().len(),
        1,
        "its highlight came back with it"
    );
    commonplace(&lib, &["delete", "2"]).success();
    let refused = commonplace(&lib, &["trash", "empty"]).failure();
    assert!(String::from_utf8_lossy(&refused.get_output().stderr).contains("--yes"));
    commonplace(&lib, &["trash", "empty", "--yes"]).success();
    assert_eq!(
        json(&commonplace(&lib, &["trash", "--json"]).success()),
        serde_json::json!([])
    );
    commonplace(&lib, &["show", "2"]).failure();
}

#[test]
fn search_follows_the_json_contract_and_refuses_a_malformed_query() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    let seeds = fixture("articles/front-matter.md");
    commonplace(
        &lib,
        &[
            "import",
            "--json",
            ferry.to_str().unwrap(),
            seeds.to_str().unwrap(),
        ],
    )
    .success();
    commonplace(
        &lib,
        &[
            "highlight",
            "add",
            "1",
            "--quote",
            "overnight ferry service",
            "--color",
            "green",
        ],
    )
    .success();

    let hits = json(&commonplace(&lib, &["search", "ferry", "--json"]).success());
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 2, "the clipping and its highlight: {hits:?}");
    let mut keys: Vec<&str> = hits[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "clippingId",
            "color",
            "highlightId",
            "kind",
            "note",
            "score",
            "snippet",
            "title"
        ]
    );
    let clipping = hits.iter().find(|h| h["kind"] == "clipping").unwrap();
    assert_eq!(clipping["clippingId"], 1);
    assert_eq!(clipping["highlightId"], Value::Null);
    assert_eq!(clipping["color"], Value::Null);
    assert!(
        clipping["snippet"].as_str().unwrap().contains("<mark>"),
        "{clipping}"
    );
    let highlight = hits.iter().find(|h| h["kind"] == "highlight").unwrap();
    assert_eq!(highlight["color"], "green");
    assert!(highlight["highlightId"].as_i64().is_some());
    // Best first.
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Exclusions start with a hyphen and are still the query.
    let without = json(&commonplace(&lib, &["search", "-ferry", "--json"]).success());
    assert!(
        without
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["clippingId"] != 1),
        "{without}"
    );
    let limited =
        json(&commonplace(&lib, &["search", "ferry", "--limit", "1", "--json"]).success());
    assert_eq!(limited.as_array().unwrap().len(), 1);
    let sorted =
        json(&commonplace(&lib, &["search", "ferry", "--sort", "oldest", "--json"]).success());
    assert_eq!(sorted.as_array().unwrap()[0]["kind"], "clipping");

    // In the trash: left out unless asked for.
    commonplace(&lib, &["delete", "1"]).success();
    let gone = json(&commonplace(&lib, &["search", "overnight", "--json"]).success());
    assert_eq!(gone, serde_json::json!([]));
    let trashed = json(&commonplace(&lib, &["search", "overnight is:trashed", "--json"]).success());
    assert!(!trashed.as_array().unwrap().is_empty());

    let bad = commonplace(&lib, &["search", "ferry (night", "--json"]).code(2);
    let error = json(&bad);
    assert_eq!(error["code"], "invalid_query");
    assert_eq!(error["position"], 7);
    assert!(
        error["message"].as_str().unwrap().contains("never closed"),
        "{error}"
    );
    let told = commonplace(&lib, &["search", "colour:mauve"]).code(2);
    let stderr = String::from_utf8_lossy(&told.get_output().stderr).into_owned();
    assert!(stderr.contains("at character 8"), "{stderr}");
    // For people: the title and the words around the match.
    commonplace(&lib, &["restore", "1"]).success();
    let shown = commonplace(&lib, &["search", "overnight"]).success();
    let text = String::from_utf8_lossy(&shown.get_output().stdout).into_owned();
    assert!(
        text.contains("[clipping 1]") && text.contains("overnight"),
        "{text}"
    );
}

#[test]
fn saved_searches_are_listed_with_their_counts_renamed_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    let seeds = fixture("articles/front-matter.md");
    commonplace(
        &lib,
        &["import", ferry.to_str().unwrap(), seeds.to_str().unwrap()],
    )
    .success();
    assert_eq!(
        json(&commonplace(&lib, &["searches", "--json"]).success()),
        serde_json::json!([])
    );
    commonplace(&lib, &["search", "save", "Ferries", "ferry -bus"]).success();
    commonplace(&lib, &["search", "save", "Everything", "title:*"]).code(2);
    commonplace(&lib, &["search", "save", "Seeds", "seed*"]).success();
    let saved = json(&commonplace(&lib, &["searches", "--json"]).success());
    let saved = saved.as_array().unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[0]["name"], "Ferries");
    assert_eq!(saved[0]["query"], "ferry -bus");
    let mut keys: Vec<&str> = saved[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["count", "name", "query"]);
    let ferries = json(&commonplace(&lib, &["search", "ferry -bus", "--json"]).success());
    assert_eq!(saved[0]["count"], ferries.as_array().unwrap().len());
    // The same name again, whatever its case, replaces the query.
    commonplace(&lib, &["search", "save", "ferries", "ferry"]).success();
    commonplace(&lib, &["search", "rename", "Seeds", "Gardens"]).success();
    commonplace(&lib, &["search", "delete", "Nothing"]).failure();
    let saved = json(&commonplace(&lib, &["searches", "--json"]).success());
    let names: Vec<&str> = saved
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ferries", "Gardens"]);
    assert_eq!(saved[0]["query"], "ferry");
    commonplace(&lib, &["search", "delete", "FERRIES"]).success();
    let left = json(&commonplace(&lib, &["searches", "--json"]).success());
    assert_eq!(left.as_array().unwrap().len(), 1);
}

#[test]
fn another_programs_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.db");
    rusqlite::Connection::open(&contacts)
        .unwrap()
        .execute_batch("CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('Ada');")
        .unwrap();
    let before = std::fs::read(&contacts).unwrap();
    commonplace(&contacts, &["list"]).failure().stderr(
        predicates::str::contains("contacts.db")
            .and(predicates::str::contains("not a Commonplace library")),
    );
    assert_eq!(std::fs::read(&contacts).unwrap(), before);
    assert!(!dir.path().join("contacts.db-wal").exists());
}

#[test]
fn import_jsonl_prints_each_file_as_it_is_stored_then_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    let missing = dir.path().join("missing.md");
    let out = commonplace(
        &lib,
        &[
            "import",
            "--jsonl",
            ferry.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    )
    .failure();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(lines[0]["status"], "imported");
    assert!(
        lines[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("harbor-ferry.md")
    );
    let id = lines[0]["clippings"][0].as_i64().unwrap();
    assert_eq!(lines[1]["status"], "failed");
    assert_eq!(lines[1]["code"], "io");
    assert_eq!(lines[2]["summary"]["imported"][0].as_i64(), Some(id));
    assert_eq!(lines[2]["summary"]["failed"].as_array().unwrap().len(), 1);
}

#[test]
fn reimporting_what_is_in_the_trash_reports_it_and_leaves_it_there() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    let id = json(&commonplace(&lib, &["import", "--json", ferry.to_str().unwrap()]).success())
        ["imported"][0]
        .as_i64()
        .unwrap();
    commonplace(&lib, &["delete", &id.to_string()]).success();
    let again = json(&commonplace(&lib, &["import", "--json", ferry.to_str().unwrap()]).success());
    assert_eq!(again["inTrash"], serde_json::json!([id]));
    assert_eq!(again["updated"], serde_json::json!([]));
    commonplace(&lib, &["import", ferry.to_str().unwrap()])
        .success()
        .stdout(predicates::str::contains("left in the trash"));
    let listed = json(&commonplace(&lib, &["list", "--json"]).success());
    assert_eq!(listed.as_array().unwrap().len(), 0);
}

#[test]
fn an_empty_folder_says_there_is_nothing_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let folder = dir.path().join("x.md");
    std::fs::create_dir(&folder).unwrap();
    commonplace(&lib, &["import", folder.to_str().unwrap()])
        .success()
        .stdout(
            predicates::str::contains("x.md").and(predicates::str::contains("nothing to import")),
        );
}

#[test]
fn a_bad_date_in_the_library_never_fails_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let far = dir.path().join("far.md");
    std::fs::write(&far, "# T\n\n99999年1月1日\n\nBody.\n").unwrap();
    commonplace(&lib, &["import", far.to_str().unwrap()]).success();
    rusqlite::Connection::open(&lib)
        .unwrap()
        .execute("UPDATE clipping SET published_at = '+99999-01-01'", [])
        .unwrap();
    commonplace(&lib, &["list"])
        .success()
        .stdout(predicates::str::contains("T"));
    commonplace(&lib, &["show", "1"]).success();
    commonplace(&lib, &["highlights"]).success();
}

#[test]
fn backup_backups_and_restore_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    commonplace(&lib, &["import", ferry.to_str().unwrap()]).success();
    commonplace(&lib, &["note", "set", "1", "Mine"]).success();
    let made = json(&commonplace(&lib, &["backup", "--json"]).success());
    for key in [
        "path",
        "createdAt",
        "bytes",
        "clippings",
        "highlights",
        "notes",
        "verified",
    ] {
        assert!(made.get(key).is_some(), "{key} in {made}");
    }
    assert_eq!(made["verified"], true);
    assert_eq!(made["clippings"], 1);
    assert_eq!(made["notes"], 1);
    let path = made["path"].as_str().unwrap().to_owned();
    assert!(Path::new(&path).starts_with(dir.path().join("backups")));
    let listed = json(&commonplace(&lib, &["backups", "--json"]).success());
    assert_eq!(listed[0]["path"], made["path"]);

    commonplace(&lib, &["note", "set", "1", ""]).success();
    // Without --yes it says what it would do, and does nothing.
    commonplace(&lib, &["restore", &path])
        .failure()
        .stderr(predicates::str::contains("--yes"));
    let restored = json(&commonplace(&lib, &["restore", &path, "--yes", "--json"]).success());
    assert_eq!(restored["restored"]["clippings"], 1);
    assert_eq!(restored["previous"]["notes"], 0);
    let shown = json(&commonplace(&lib, &["show", "1", "--json"]).success());
    assert_eq!(shown["note"], "Mine");
    let listed = json(&commonplace(&lib, &["backups", "--json"]).success());
    assert_eq!(
        listed.as_array().unwrap().len(),
        2,
        "the one made before restoring, newest first"
    );
    assert_eq!(listed[0]["notes"], 0);

    // A damaged backup is refused; the library stays as it is.
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 4096].fill(0x5A);
    std::fs::write(&path, bytes).unwrap();
    commonplace(&lib, &["restore", &path, "--yes"])
        .failure()
        .stderr(predicates::str::contains("damaged"));
    let shown = json(&commonplace(&lib, &["show", "1", "--json"]).success());
    assert_eq!(shown["note"], "Mine");
    // Restoring a clipping from the trash still takes its id.
    commonplace(&lib, &["delete", "1"]).success();
    commonplace(&lib, &["restore", "1"]).success();
}

#[test]
fn export_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ferry = fixture("articles/harbor-ferry.md");
    commonplace(&lib, &["import", ferry.to_str().unwrap()]).success();
    commonplace(&lib, &["highlight", "add", "1", "--quote", "night ferry"]).success();
    let vault = dir.path().join("vault");
    let report = json(
        &commonplace(
            &lib,
            &[
                "export",
                "--format",
                "markdown",
                "--out",
                vault.to_str().unwrap(),
                "--json",
            ],
        )
        .success(),
    );
    for key in [
        "format",
        "path",
        "written",
        "updated",
        "unchanged",
        "clippings",
        "highlights",
    ] {
        assert!(report.get(key).is_some(), "{key} in {report}");
    }
    assert_eq!(report["format"], "markdown");
    assert_eq!(report["written"], 1);
    assert_eq!(report["highlights"], 1);
    let again = json(
        &commonplace(
            &lib,
            &[
                "export",
                "--format",
                "markdown",
                "--out",
                vault.to_str().unwrap(),
                "--json",
            ],
        )
        .success(),
    );
    assert_eq!(again["unchanged"], 1);
    // A file format to standard output.
    let csv = commonplace(&lib, &["export", "--format", "csv", "--out", "-"]).success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert!(
        csv.starts_with("Highlight,Book Title,Book Author,"),
        "{csv}"
    );
    assert!(csv.contains("night ferry"));
    commonplace(&lib, &["export", "--format", "pdf", "--out", "-"])
        .failure()
        .stderr(predicates::str::contains("not a format"));
}
