//! What the reader shows: the list of clippings and each one's text exactly as stored,
//! images from the library, books with their highlights, the empty library, a long list.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::{Duration, Instant};

use commonplace_e2e::*;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn the_library_lists_clippings_and_the_reader_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let names = [
        "front-matter.md",
        "german.md",
        "japanese.md",
        "harbor-ferry.md",
    ];
    let paths: Vec<String> = names
        .iter()
        .map(|n| fixture(n).display().to_string())
        .collect();
    let mut args = vec!["import", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let report = cli(&library, &args);
    assert_eq!(report["imported"].as_array().unwrap().len(), names.len());
    let listed = cli(&library, &["list", "--json"]);
    // Every saved web page too (in a library of their own, so that the list above stays
    // the Markdown articles'): the stored text is the reader's textContent for each.
    let pages_library = dir.path().join("pages.sqlite");
    let pages = root().join("tests/fixtures/pages");
    let mut page_args = vec!["import".to_owned(), "--json".to_owned()];
    let mut page_files: Vec<std::path::PathBuf> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .collect();
    page_files.sort();
    assert!(
        page_files.len() >= 8,
        "every saved page fixture: {page_files:?}"
    );
    page_args.extend(page_files.iter().map(|path| path.display().to_string()));
    page_args.push(
        root()
            .join("tests/fixtures/hostile/xss-vectors.html")
            .display()
            .to_string(),
    );
    page_args.push(fixture("canal-walk.txt").display().to_string());
    page_args.push(fixture("no-metadata.md").display().to_string());
    page_args.push(fixture("hostile.md").display().to_string());
    let page_refs: Vec<&str> = page_args.iter().map(String::as_str).collect();
    cli(&pages_library, &page_refs);
    let page_list = cli(&pages_library, &["list", "--json"]);
    assert_eq!(page_list.as_array().unwrap().len(), page_args.len() - 2);
    {
        let app = App::launch(&pages_library).await;
        app.wait_for(
            "the pages",
            &format!(
                "return cp.all.clippingRow().length === {};",
                page_args.len() - 2
            ),
        )
        .await;
        for clipping in page_list.as_array().unwrap() {
            let title = clipping["title"].as_str().unwrap();
            app.list().open(&clipping["id"], title).await;
            let shown = cli(
                &pages_library,
                &["show", &clipping["id"].to_string(), "--json"],
            );
            let text = app.reader().text(&clipping["id"]).await;
            assert_eq!(
                text,
                shown["text"].as_str().unwrap(),
                "the reader's text of {title}"
            );
            if title == "Storm Week on the Bay" {
                // The placeholders of its video, audio and drawing, and its code.
                app.js("const doc = cp.readerFrame().contentDocument;
                     const video = [...doc.querySelectorAll('figcaption')]
                       .find((f) => f.textContent.startsWith('Video'));
                     video.scrollIntoView({ block: 'start' });
                     return true;")
                    .await;
                app.screenshot("embeds.png").await;
            }
        }
        app.quit().await;
    }

    let app = App::launch(&library).await;
    app.wait_for(
        "the list to show every clipping",
        &format!("return cp.all.clippingRow().length === {};", names.len()),
    )
    .await;
    // Newest first, as the CLI lists them.
    let titles = app
        .js("return [...document.querySelectorAll(cp.sel.clippingRow + ' .title')].map(e => e.textContent);")
        .await;
    let expected: Vec<Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].clone())
        .collect();
    assert_eq!(titles, Value::Array(expected));

    // Every clipping: the reader's textContent is exactly the text the core stored, which
    // is what highlight positions will count in.
    for clipping in listed.as_array().unwrap() {
        let title = clipping["title"].as_str().unwrap();
        app.list().open(&clipping["id"], title).await;
        let shown = cli(&library, &["show", &clipping["id"].to_string(), "--json"]);
        let text = app.reader().text(&clipping["id"]).await;
        assert_eq!(
            text,
            shown["text"].as_str().unwrap(),
            "the reader's text of {title}"
        );
    }

    let newest = &listed[0];
    assert_eq!(
        newest["title"],
        "Harbor City Votes to Bring Back the Night Ferry After a Decade"
    );
    app.list()
        .open(&newest["id"], newest["title"].as_str().unwrap())
        .await;
    let text = app.reader().text(&newest["id"]).await;
    let byline = app.js("return cp.readerByline().textContent;").await;
    let byline = byline.as_str().unwrap();
    assert!(
        byline.contains("By Mirela Okafor") && byline.contains("harbordaily.example"),
        "{byline}"
    );
    assert!(text.starts_with("The old ferry terminal at dusk"), "{text}");
    // Let the reader settle before the picture for the README.
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("reader.png").await;

    // Keyboard: the list is navigable with the arrow keys.
    app.js("cp.clippingList().focus();").await;
    app.js("cp.clippingList().dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}));").await;
    let second = listed[1]["title"].as_str().unwrap();
    let script = format!("return cp.readerTitle().textContent === {};", json!(second));
    app.wait_for("ArrowDown to open the next clipping", &script)
        .await;

    // Positions are code points: highlight words that follow emoji in the Japanese article.
    let japanese = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "図書館の夜間開館が始まる 📚")
        .unwrap();
    app.list()
        .open(&japanese["id"], "図書館の夜間開館が始まる 📚")
        .await;
    let text = app.reader().text(&japanese["id"]).await;
    select_words(&app, "and 🚢.").await;
    app.wait_for("the selection toolbar", "return !!cp.selectionToolbar();")
        .await;
    app.toolbar().color("yellow").await;
    let id = japanese["id"].to_string();
    let made = {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let listed = cli(&library, &["highlights", "--clipping", &id, "--json"]);
            if listed.as_array().is_some_and(|l| !l.is_empty()) {
                break listed;
            }
            assert!(Instant::now() < deadline, "the highlight was not stored");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let before = &text[..text.find("and 🚢.").unwrap()];
    assert_eq!(made[0]["text"], "and 🚢.");
    assert_eq!(made[0]["start"], json!(before.chars().count()));
    assert_eq!(
        made[0]["end"],
        json!(before.chars().count() + "and 🚢.".chars().count())
    );
    assert_ne!(
        made[0]["start"],
        json!(before.encode_utf16().count()),
        "UTF-16 units would differ here: the text has 🌙 before the words"
    );

    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn images_are_shown_from_the_library_and_missing_ones_by_their_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let page = root().join("tests/fixtures/pages/field-notes.html");
    import(&library, std::slice::from_ref(&page));

    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    app.list()
        .open(&json!(1), "Field notes: a morning at the reed beds")
        .await;
    app.reader().text(&json!(1)).await;
    let loaded = app
        .wait_for(
            "the three stored images to load",
            "const d = cp.readerFrame().contentDocument;
             const shown = [...d.querySelectorAll('img[src]')];
             return shown.length === 3 && shown.every(i => i.complete && i.naturalWidth > 0)
               && shown.map(i => i.getAttribute('src'));",
        )
        .await;
    for src in loaded.as_array().unwrap() {
        let src = src.as_str().unwrap();
        assert!(src.starts_with("cpimage://localhost/"), "{src}");
    }
    let heron = app
        .js("const d = cp.readerFrame().contentDocument;
             const i = d.querySelector('img[alt^=\"A grey heron\"]'); return [i.naturalWidth, i.naturalHeight];")
        .await;
    assert_eq!(heron, json!([48, 32]));
    let missing = app
        .js("const d = cp.readerFrame().contentDocument;
             return [...d.querySelectorAll('img:not([src])')].map(i => i.alt);")
        .await;
    assert_eq!(
        missing,
        json!([
            "Map of the marsh paths",
            "A bittern in the reeds",
            "Outside the folder",
            "Vector"
        ])
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("images.png").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kindle_book_shows_its_highlights_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let clippings = root().join("tests/fixtures/kindle/My Clippings.txt");
    import(&library, std::slice::from_ref(&clippings));
    let listed = cli(&library, &["list", "--json"]);
    let orchard = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "The Quiet Orchard")
        .unwrap();

    let app = App::launch(&library).await;
    app.list().wait_for_rows(4).await;
    app.list().open(&orchard["id"], "The Quiet Orchard").await;
    let shown = app
        .wait_for(
            "the book's highlights",
            "const b = cp.bookHighlights();
             return b && b.querySelectorAll('blockquote').length === 2 && b.textContent;",
        )
        .await;
    let shown = shown.as_str().unwrap();
    for expected in [
        "2 highlights",
        "Apples remember every frost they survived.",
        "Page 7 · Location 100–102",
        "True of people too?",
        "Reread the chapter on grafting.",
    ] {
        assert!(
            shown.contains(expected),
            "the book view lacks {expected:?}: {shown}"
        );
    }
    assert_eq!(app.js("return cp.readerFrame();").await, Value::Null);
    app.screenshot("book.png").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_library_says_how_to_add_the_first_clipping() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("empty.sqlite");
    let app = App::launch(&library).await;
    let text = app
        .wait_for(
            "the empty state",
            "const e = cp.emptyLibrary(); return e && e.textContent;",
        )
        .await;
    let text = text.as_str().unwrap();
    assert!(
        text.contains("Your library is empty") && text.contains("commonplace import"),
        "{text}"
    );
    assert_eq!(
        app.js("return cp.libraryCount().textContent;").await,
        json!("0")
    );
    app.screenshot("empty.png").await;
    app.quit().await;
}

/// A list of 3,000 clippings loads page by page as it scrolls, and keeps only the rows near
/// the view in the page.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_list_loads_as_it_scrolls_and_keeps_few_rows() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..3000 {
        std::fs::write(
            folder.join(format!("note-{i:04}.md")),
            format!("# Note {i:04}\n\nThe body of note {i}, a short document of its own.\n"),
        )
        .unwrap();
    }
    let report = import(&library, std::slice::from_ref(&folder));
    assert_eq!(report["imported"].as_array().unwrap().len(), 3000);

    let app = App::launch(&library).await;
    app.wait_for(
        "the first page",
        "return cp.libraryCount().textContent === '3000'
           && cp.all.clippingRow().length > 0;",
    )
    .await;
    // Scroll to the end again and again: each time the next page arrives.
    let deadline = Instant::now() + Duration::from_secs(60);
    let last = loop {
        let state = app
            .js("const l = cp.clippingList();
                 l.scrollTop = l.scrollHeight; l.dispatchEvent(new Event('scroll'));
                 const rows = [...l.querySelectorAll(cp.sel.clippingRow)];
                 const last = rows[rows.length - 1];
                 return [rows.length, last.getAttribute('aria-posinset'), last.getAttribute('aria-setsize'),
                         last.querySelector('.title').textContent];")
            .await;
        if state[2] == json!("3000") && state[1] == json!("3000") {
            break state;
        }
        assert!(
            Instant::now() < deadline,
            "the list stopped loading: {state}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        last[3],
        json!("Note 0000"),
        "the oldest clipping comes last"
    );
    assert!(
        last[0].as_u64().unwrap() < 60,
        "only the rows near the view are in the page: {last}"
    );
    app.quit().await;
}
