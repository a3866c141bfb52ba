//! Highlights: made from a selection, noted, copied, deleted and brought back, kept across
//! a restart, and followed when their article changes.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::{Duration, Instant};

use commonplace_e2e::*;
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_highlight_across_a_link_with_a_note_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import(&library, &[fixture("harbor-ferry.md")]);
    let sentence = "The service will run hourly between midnight and five, with fares matching the daytime route and a trial period of eighteen months.";
    let title = "Harbor City Votes to Bring Back the Night Ferry After a Decade";

    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    app.list().open(&json!(1), title).await;
    app.reader().text(&json!(1)).await;
    // The sentence crosses a link: <a href=…>fares matching the daytime route</a>.
    let crosses = app
        .js("const d = cp.readerFrame().contentDocument;
             return [...d.querySelectorAll('a')].some(a => a.textContent === 'fares matching the daytime route');")
        .await;
    assert_eq!(crosses, json!(true));
    select_words(&app, sentence).await;
    app.wait_for("the selection toolbar", "return !!cp.selectionToolbar();")
        .await;
    app.toolbar().color("green").await;
    app.wait_for(
        "the green mark",
        &format!(
            "const d = cp.readerFrame().contentDocument;
             const text = Array.from(d.getElementById('content').textContent);
             return [...d.querySelectorAll('#cp-marks .cp-green')].some(m =>
               m.children.length > 0 &&
               text.slice(Number(m.dataset.start), Number(m.dataset.end)).join('') === {});",
            json!(sentence)
        ),
    )
    .await;
    // The note: open the highlight from the margin panel, type, and let it save itself.
    click(&app, parts::PANEL_HIGHLIGHT).await;
    app.wait_for("the highlight's popover", "return !!cp.highlightPopover();")
        .await;
    click(
        &app,
        &format!("{} {}", parts::HIGHLIGHT_POPOVER, parts::NOTE_BUTTON),
    )
    .await;
    let note = app
        .client
        .find(Locator::Css(parts::HIGHLIGHT_NOTE))
        .await
        .unwrap();
    note.send_keys("Check the *fare* table.").await.unwrap();
    let saved = {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let listed = cli(&library, &["highlights", "--json"]);
            if listed[0]["note"] == "Check the *fare* table." {
                break listed;
            }
            assert!(
                Instant::now() < deadline,
                "the note was not saved: {listed}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    assert_eq!(saved[0]["text"], sentence);
    assert_eq!(saved[0]["color"], "green");
    app.screenshot("highlight-popover.png").await;

    // Copy quote: the citation, formatted by the core, on the system clipboard.
    click(
        &app,
        &format!("{} {}", parts::HIGHLIGHT_POPOVER, parts::COPY_QUOTE),
    )
    .await;
    app.wait_for(
        "the copied notice",
        "const n = cp.readerNotice(); return n && n.textContent.includes('copied');",
    )
    .await;
    let copied = arboard::Clipboard::new()
        .expect("the X clipboard is reachable")
        .get_text()
        .expect("text on the clipboard");
    assert!(
        copied.starts_with(&format!("“{sentence}” — Mirela Okafor, {title}")),
        "{copied}"
    );

    // Delete, then Ctrl+Z: the highlight comes back with its note.
    click(&app, parts::PANEL_HIGHLIGHT).await;
    click(
        &app,
        &format!("{} {}", parts::HIGHLIGHT_POPOVER, parts::DELETE_HIGHLIGHT),
    )
    .await;
    let wait_count = |want: usize| {
        let library = library.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let listed = cli(&library, &["highlights", "--json"]);
                if listed.as_array().unwrap().len() == want {
                    break listed;
                }
                assert!(
                    Instant::now() < deadline,
                    "expected {want} highlights: {listed}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    wait_count(0).await;
    app.client
        .find(Locator::Css(parts::CLIPPING_LIST))
        .await
        .unwrap()
        .send_keys(&format!("{}z", fantoccini::key::Key::Control))
        .await
        .unwrap();
    let back = wait_count(1).await;
    assert_eq!(back[0]["note"], "Check the *fare* table.");

    // The clipping's own note, edited in place above the article.
    click(&app, parts::ADD_CLIPPING_NOTE).await;
    app.client
        .find(Locator::Css(parts::CLIPPING_NOTE_INPUT))
        .await
        .unwrap()
        .send_keys("Ask the council for the timetable.")
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while cli(&library, &["show", "1", "--json"])["note"] != "Ask the council for the timetable." {
        assert!(Instant::now() < deadline, "the clipping note was not saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.quit().await;

    // After a restart: the same mark on the same words, and the note beside it.
    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    app.list().open(&json!(1), title).await;
    app.reader().text(&json!(1)).await;
    app.wait_for(
        "the mark after the restart",
        "return cp.readerFrame().dataset.marks === '1';",
    )
    .await;
    assert_eq!(painted(&app, "green").await, json!([sentence]));
    let panel_note = app
        .wait_for(
            "the note in the margin",
            "const n = cp.panelNote(); return n && n.innerHTML;",
        )
        .await;
    assert_eq!(panel_note, json!("<p>Check the <em>fare</em> table.</p>\n"));

    // An overlapping highlight: both are painted, and a click where they overlap offers both.
    select_words(&app, "midnight and five, with fares").await;
    app.wait_for("the selection toolbar", "return !!cp.selectionToolbar();")
        .await;
    app.toolbar().color("blue").await;
    app.wait_for(
        "the blue mark",
        "return cp.readerFrame().dataset.marks === '2';",
    )
    .await;
    assert_eq!(
        painted(&app, "blue").await,
        json!(["midnight and five, with fares"])
    );
    assert_eq!(painted(&app, "green").await, json!([sentence]));
    // A narrower window rewraps the article: every mark is drawn again on its words.
    let before = app.js(MARK_PLACES).await;
    assert_eq!(before[0]["onItsText"], json!(true), "{before}");
    let (width, height) = app.client.get_window_size().await.unwrap();
    app.client.set_window_size(1000, 800).await.unwrap();
    let after = app
        .wait_for(
            "the marks on their words in the narrower window",
            &format!(
                "const places = (() => {{ {MARK_PLACES} }})();
                 return places.length === 2 && places.every(p => p.onItsText)
                   && places[0].top !== {} && places;",
                before[0]["top"]
            ),
        )
        .await;
    assert_eq!(after.as_array().map(Vec::len), Some(2));
    // And back: where they were.
    app.client
        .set_window_size(width as u32, height as u32)
        .await
        .unwrap();
    app.wait_for(
        "the marks back where they were",
        &format!(
            "const places = (() => {{ {MARK_PLACES} }})();
             return places.length === 2 && places.every(p => p.onItsText)
               && places[0].top === {};",
            before[0]["top"]
        ),
    )
    .await;
    // A click puts the caret there.
    app.js("const d = cp.readerFrame().contentDocument;
         const w = d.createTreeWalker(d.getElementById('content'), NodeFilter.SHOW_TEXT);
         for (let n = w.nextNode(); n; n = w.nextNode()) {
           const i = n.data.indexOf('midnight and five');
           if (i >= 0) { const r = d.createRange(); r.setStart(n, i + 3); r.collapse(true);
                         const s = d.getSelection(); s.removeAllRanges(); s.addRange(r); break; }
         }")
        .await;
    let choices = app
        .wait_for(
            "the overlapping highlights to choose from",
            "const c = cp.all.overlapChoice(); return c.length === 2 && [...c].map(e => e.textContent.trim());",
        )
        .await;
    assert_eq!(choices, json!(["midnight and five, with fares", sentence]));
    click(&app, &format!("{}:last-child", parts::OVERLAP_CHOICE)).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_article_keeps_anchored_shows_fuzzy_and_lists_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let story = dir.path().join("ferry.md");
    let original = std::fs::read_to_string(fixture("harbor-ferry.md")).unwrap();
    std::fs::write(&story, &original).unwrap();
    let path = story.display().to_string();
    cli(&library, &["import", "--json", &path]);
    for (quote, color, note) in [
        (
            "restore overnight ferry service across the bay",
            "green",
            "The heart of it.",
        ),
        (
            "argued that a night bus would serve more riders for less",
            "blue",
            "Their best point.",
        ),
        (
            "walking home across the bridge at three in the morning",
            "pink",
            "Quote for the essay.",
        ),
    ] {
        cli(
            &library,
            &[
                "highlight",
                "add",
                "1",
                "--quote",
                quote,
                "--color",
                color,
                "--note",
                note,
                "--json",
            ],
        );
    }
    let changed = original
        .replace("a night bus would serve more riders", "a night bus could serve far more riders")
        .replace(
            "“People who clean our offices and bake our bread have been walking home across the bridge at three in the morning,” council member Ana Ruiz said before the vote. “That ends this summer.”",
            "Council member Ana Ruiz spoke before the vote.",
        );
    std::fs::write(
        &story,
        format!("An editor's note now opens the story.\n\n{changed}"),
    )
    .unwrap();
    let report = cli(&library, &["import", "--json", &path]);
    assert_eq!(report["updated"], json!([1]));

    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    app.list()
        .open(
            &json!(1),
            "Harbor City Votes to Bring Back the Night Ferry After a Decade",
        )
        .await;
    app.reader().text(&json!(1)).await;
    app.wait_for(
        "two marks",
        "return cp.readerFrame().dataset.marks === '2';",
    )
    .await;
    assert_eq!(
        painted(&app, "green").await,
        json!(["restore overnight ferry service across the bay"])
    );
    assert_eq!(
        painted(&app, "blue").await,
        json!(["argued that a night bus could serve far more riders for less"])
    );
    assert_eq!(painted(&app, "pink").await, json!([]));
    // The margin panel is filled once the article is drawn.
    let panel = app
        .wait_for(
            "the margin panel",
            "const p = cp.highlightPanel();
             const placed = [...p.querySelectorAll(cp.sel.panelHighlight)].map(e => e.textContent.trim());
             const orphans = [...p.querySelectorAll(cp.sel.panelOrphan)].map(e => e.textContent.trim());
             return placed.length + orphans.length === 3 && [placed, orphans];",
        )
        .await;
    let placed = panel[0].as_array().unwrap();
    assert_eq!(placed.len(), 2);
    assert!(
        placed[1].as_str().unwrap().contains("text changed"),
        "{panel}"
    );
    let orphans = panel[1].as_array().unwrap();
    assert_eq!(orphans.len(), 1);
    let orphan = orphans[0].as_str().unwrap();
    assert!(
        orphan.contains("walking home across the bridge at three in the morning")
            && orphan.contains("Quote for the essay."),
        "{orphan}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("highlights.png").await;
    app.quit().await;
}
