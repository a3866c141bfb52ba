//! Tags, the list's filters, renames and merges with Undo, and the trash.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::Duration;

use commonplace_e2e::*;
use fantoccini::Locator;
use serde_json::json;
use std::process::Command;

#[tokio::test(flavor = "multi_thread")]
async fn tags_filter_rename_and_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    for name in ["german.md", "japanese.md", "harbor-ferry.md"] {
        import(&library, &[fixture(name)]);
    }
    let listed = cli(&library, &["list", "--json"]);
    let id_of = |title_start: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"].as_str().unwrap().starts_with(title_start))
            .unwrap()["id"]
            .clone()
    };
    let (ferry, german) = (id_of("Harbor City"), id_of("Die Stadtbibliothek"));
    let ferry_title = "Harbor City Votes to Bring Back the Night Ferry After a Decade";
    cli(
        &library,
        &[
            "highlight",
            "add",
            &ferry.to_string(),
            "--quote",
            "restore overnight ferry service",
            "--json",
        ],
    );
    // More highlights in other colours, some with notes and tags, as a reader's library has.
    let japanese = id_of("図書館");
    let mut made_ids = Vec::new();
    for (clipping, quote, color, note, tag) in [
        (
            &ferry,
            "walking home across the bridge at three in the morning",
            "green",
            "The human cost, in one line.",
            "quotes",
        ),
        (
            &ferry,
            "a night bus would serve more riders for less",
            "pink",
            "",
            "transport/buses",
        ),
        (
            &german,
            "Wir wollen ein Ort für alle sein, auch für Schichtarbeiter",
            "blue",
            "Compare with our branch hours.",
            "quotes",
        ),
        (
            &japanese,
            "誰もが使える場所にしたい",
            "purple",
            "",
            "quotes",
        ),
    ] {
        let made = cli(
            &library,
            &[
                "highlight",
                "add",
                &clipping.to_string(),
                "--quote",
                quote,
                "--color",
                color,
                "--note",
                note,
                "--json",
            ],
        );
        cli(
            &library,
            &[
                "highlight",
                "edit",
                &made["id"].to_string(),
                "--add-tag",
                tag,
                "--json",
            ],
        );
        made_ids.push(made["id"].clone());
    }

    let app = App::launch(&library).await;
    app.list().wait_for_rows(3).await;
    // Tag a clipping from the reader's header.
    app.list().open(&ferry, ferry_title).await;
    type_enter(
        &app,
        &format!("{} {}", parts::READER, parts::TAG_INPUT),
        "politics/transport",
    )
    .await;
    cli_until(
        &library,
        &["show", &ferry.to_string(), "--json"],
        "the ferry's tag",
        |c| c["tags"] == json!(["politics/transport"]),
    )
    .await;
    // Another, where the input suggests the tags there are.
    app.list()
        .open(&german, "Die Stadtbibliothek öffnet nachts")
        .await;
    let suggested = app
        .wait_for(
            "suggestions",
            "const o = document.querySelectorAll(cp.sel.reader + ' datalist option');
             return o.length > 0 && [...o].map(e => e.value);",
        )
        .await;
    assert_eq!(
        suggested,
        json!(["politics/transport", "quotes", "transport/buses"])
    );
    type_enter(
        &app,
        &format!("{} {}", parts::READER, parts::TAG_INPUT),
        "politics/libraries",
    )
    .await;
    cli_until(
        &library,
        &["show", &german.to_string(), "--json"],
        "the German tag",
        |c| c["tags"] == json!(["politics/libraries"]),
    )
    .await;
    // Tag a highlight, from its popover.
    app.list().open(&ferry, ferry_title).await;
    app.reader().text(&ferry).await;
    click(&app, parts::PANEL_HIGHLIGHT).await;
    type_enter(
        &app,
        &format!("{} {}", parts::HIGHLIGHT_POPOVER, parts::TAG_INPUT),
        "quotes",
    )
    .await;
    cli_until(
        &library,
        &["highlights", "--json"],
        "the highlight's tag",
        |h| {
            h.as_array().unwrap().iter().any(|h| {
                h["text"] == "restore overnight ferry service" && h["tags"] == json!(["quotes"])
            })
        },
    )
    .await;

    // The Highlights view: filtered by the tag, a click opens the clipping at it.
    app.sidebar().view("highlights").await;
    app.wait_for(
        "the highlights view",
        "return cp.all.highlightRow().length === 5;",
    )
    .await;
    app.js("const s = cp.highlightTagFilter();
         s.value = 'quotes'; s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    app.wait_for(
        "the tag filter",
        "return cp.highlightTagFilter().value === 'quotes'
           && cp.all.highlightRow().length === 4;",
    )
    .await;
    // The view with its tag filter, and one of the ferry's open in its article.
    click(
        &app,
        &format!(
            "{}[data-highlight-id='{}']",
            parts::HIGHLIGHT_ROW,
            made_ids[0]
        ),
    )
    .await;
    app.wait_for("the highlight's popover", "return !!cp.highlightPopover();")
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("highlights-view.png").await;
    click(&app, parts::FILTER_YELLOW).await;
    // A press elsewhere in the app closes the highlight's popover.
    app.wait_for(
        "the yellow filter, the popover closed",
        "return cp.filterYellow().getAttribute('aria-pressed') === 'true'
           && cp.highlightPopover() === null;",
    )
    .await;
    let row = app
        .wait_for(
            "the filtered highlight",
            "const r = cp.all.highlightRow();
             return r.length === 1 && r[0].textContent;",
        )
        .await;
    assert!(
        row.as_str()
            .unwrap()
            .contains("restore overnight ferry service"),
        "{row}"
    );
    click(&app, parts::FILTER_PINK).await;
    app.wait_for(
        "no pink highlights",
        "return cp.all.highlightRow().length === 0;",
    )
    .await;

    // Notes: the clipping with a note of its own.
    let status = Command::new(binary("COMMONPLACE_CLI", "commonplace"))
        .arg("--library")
        .arg(&library)
        .args([
            "note",
            "set",
            &german.to_string(),
            "Read it again in spring.",
        ])
        .status()
        .expect("the CLI runs");
    assert!(status.success());
    app.sidebar().view("notes").await;
    let noted = app
        .wait_for(
            "the notes view",
            "const c = cp.all.notedClipping();
             return c.length === 1 && c[0].textContent;",
        )
        .await;
    assert!(
        noted.as_str().unwrap().contains("Die Stadtbibliothek"),
        "{noted}"
    );

    // The parent tag lists both children's clippings.
    click(&app, &pages::Sidebar::tag("politics")).await;
    let rows = app
        .wait_for(
            "the politics view",
            "const t = cp.viewTitle();
             const rows = [...document.querySelectorAll(cp.sel.clippingRow + ' .title')];
             return t.textContent === 'politics' && rows.length === 2 && rows.map(r => r.textContent).sort();",
        )
        .await;
    assert_eq!(
        rows,
        json!(["Die Stadtbibliothek öffnet nachts", ferry_title])
    );
    app.screenshot("tags.png").await;

    // The list's filters narrow the view further: a highlight colour, a second tag, the
    // kind and the days clipped; Clear brings every clipping of the view back.
    click(&app, parts::FILTER_TOGGLE).await;
    click(&app, parts::LIST_FILTER_YELLOW).await;
    let rows = app
        .wait_for(
            "clippings with a yellow highlight",
            "const rows = [...document.querySelectorAll(cp.sel.clippingRow + ' .title')];
             return rows.length === 1 && rows[0].textContent;",
        )
        .await;
    assert_eq!(rows, json!(ferry_title));
    click(&app, parts::LIST_FILTER_YELLOW).await;
    app.list().wait_for_rows(2).await;
    type_enter(
        &app,
        &format!("{} {}", parts::LIST_FILTERS, parts::TAG_INPUT),
        "politics/libraries",
    )
    .await;
    let rows = app
        .wait_for(
            "clippings with both tags",
            "const rows = [...document.querySelectorAll(cp.sel.clippingRow + ' .title')];
             return rows.length === 1 && cp.filterToggle().textContent.includes('1')
               && rows[0].textContent;",
        )
        .await;
    assert_eq!(rows, json!("Die Stadtbibliothek öffnet nachts"));
    app.screenshot("list-filters.png").await;
    app.js("const s = cp.listFilterKind();
         s.value = 'book'; s.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    app.wait_for(
        "no books among them",
        "const e = cp.emptyView();
         return e && e.textContent.includes('Nothing matches these filters');",
    )
    .await;
    click(&app, parts::LIST_FILTER_CLEAR).await;
    app.list().wait_for_rows(2).await;
    // Clipped from tomorrow on (UTC, as the library keeps dates): nothing.
    app.js("const i = cp.listFilterFrom();
         i.value = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
         i.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    app.wait_for("nothing clipped from tomorrow", "return !!cp.emptyView();")
        .await;
    click(&app, parts::LIST_FILTER_CLEAR).await;
    app.list().wait_for_rows(2).await;
    click(&app, parts::FILTER_TOGGLE).await;

    // Rename the parent: the children follow, everywhere. (Its ✎ shows while the pointer
    // is on its row.)
    click(&app, &pages::Sidebar::tag("politics")).await;
    app.list().wait_for_rows(2).await;
    click(
        &app,
        &format!(
            "{}[data-tag=politics] ~ {}",
            parts::TAG_ENTRY,
            parts::TAG_RENAME
        ),
    )
    .await;
    let input = app
        .client
        .find(Locator::Css(parts::TAG_RENAME_INPUT))
        .await
        .unwrap();
    // Select the old name and type over it (clearing the field would blur it, which ends
    // the rename).
    app.js("cp.tagRenameInput().select();").await;
    input
        .send_keys(&format!("policy{}", fantoccini::key::Key::Enter))
        .await
        .unwrap();
    cli_until(&library, &["tags", "--json"], "the renamed tags", |t| {
        let names: Vec<&str> = t
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        names
            == [
                "policy/libraries",
                "policy/transport",
                "quotes",
                "transport/buses",
            ]
    })
    .await;
    app.wait_for(
        "the tree and the reader to show the new name",
        "const tree = [...cp.all.tagEntry()].map(e => e.dataset.tag);
         const chips = [...document.querySelectorAll(cp.sel.reader + ' ' + cp.sel.tagChip)].map(e => e.textContent);
         return tree.includes('policy/transport') && !tree.includes('politics')
           && chips.some(c => c.includes('policy/transport'));",
    )
    .await;
    // Undo puts it back.
    click(&app, parts::TAG_UNDO).await;
    cli_until(&library, &["tags", "--json"], "the tags after undo", |t| {
        t.as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "politics/transport")
    })
    .await;

    // Delete a clipping, find it in the Trash, restore it with its highlight.
    app.sidebar().view("library").await;
    app.list().wait_for_rows(3).await;
    app.list().open(&ferry, ferry_title).await;
    app.reader().text(&ferry).await;
    // Opened from the list, not from the Highlights view: the highlight opened there
    // earlier is not shown again (its popover, scrolled to, would move the page under the
    // pointer).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.js("return cp.highlightPopover() === null;").await,
        json!(true),
        "the ferry opened from the list shows no highlight's popover"
    );
    click(&app, parts::TRASH_CLIPPING).await;
    app.wait_for(
        "the clipping gone from the library",
        "return cp.all.clippingRow().length === 2
           && cp.trashCount().textContent === '1';",
    )
    .await;
    app.sidebar().view("trash").await;
    app.list().wait_for_rows(1).await;
    app.list().open(&ferry, ferry_title).await;
    click(&app, parts::RESTORE_CLIPPING).await;
    app.wait_for(
        "the trash emptied by the restore",
        "return cp.trashCount().textContent === '0'
           && cp.libraryCount().textContent === '3';",
    )
    .await;
    let back = cli(
        &library,
        &["highlights", "--clipping", &ferry.to_string(), "--json"],
    );
    assert_eq!(back.as_array().unwrap().len(), 3);
    let first = back
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["text"] == "restore overnight ferry service")
        .expect("the first highlight is back");
    assert_eq!(first["tags"], json!(["quotes"]));
    app.quit().await;
}
