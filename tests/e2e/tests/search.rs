//! Search in the app: a query typed in the field shows its hits as it is typed, with the
//! matches marked; a hit opens its clipping (at the highlight for a highlight's); a query
//! the core cannot read says why.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::Duration;

use commonplace_e2e::*;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn typing_a_query_shows_its_hits_and_a_hit_opens_its_clipping() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import(
        &library,
        &["harbor-ferry.md", "front-matter.md", "japanese.md"].map(fixture),
    );
    let made = cli(
        &library,
        &[
            "highlight",
            "add",
            "1",
            "--quote",
            "overnight ferry service",
            "--color",
            "green",
            "--json",
        ],
    );
    let highlight_id = made["id"].as_i64().unwrap();

    let app = App::launch(&library).await;
    app.list().wait_for_rows(3).await;
    let input = pages::find(&app, parts::SEARCH_INPUT).await;
    input.send_keys("overnight ferry").await.unwrap();
    let hits = app
        .wait_for(
            "the hits",
            "const hits = [...cp.all.searchHit()];
             return hits.length >= 2 && hits.map(h => h.dataset.kind + ': ' + h.innerHTML);",
        )
        .await;
    let hits: Vec<String> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect();
    assert!(
        hits.iter()
            .any(|h| h.starts_with("clipping: ") && h.contains("<mark>overnight</mark>")),
        "{hits:?}"
    );
    assert!(
        hits.iter().any(|h| h.starts_with("highlight: ")),
        "{hits:?}"
    );
    // The list's rows give way to the hits while a query is typed.
    assert_eq!(app.js("return cp.all.clippingRow().length;").await, 0);
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.screenshot("search.png").await;

    // The highlight's hit opens its article at it, its popover open.
    click(&app, &format!("{}[data-kind=highlight]", parts::SEARCH_HIT)).await;
    app.wait_for(
        "the highlight's popover",
        &format!(
            "const p = cp.highlightPopover();
             return !!p && cp.readerFrame()?.dataset.clippingId === '1' && {highlight_id} > 0;"
        ),
    )
    .await;

    // A query the core cannot read says why, with the place.
    input.send_keys(" (").await.unwrap();
    let said = app
        .wait_for(
            "the error",
            "const e = cp.searchError(); return e && e.textContent;",
        )
        .await;
    assert!(said.as_str().unwrap().contains("never closed"), "{said}");
    // Esc clears the field, and the list is back.
    app.client
        .find(Locator::Css(parts::SEARCH_INPUT))
        .await
        .unwrap()
        .send_keys("\u{e00c}")
        .await
        .unwrap();
    app.list().wait_for_rows(3).await;
    app.quit().await;
}

/// The text of each match marked in the reader (`#cp-found`), and which one is current.
const FOUND_MARKS: &str = "const d = cp.readerFrame()?.contentDocument;
     const content = d?.getElementById('content');
     if (!content) return null;
     const text = Array.from(content.textContent);
     return [...d.querySelectorAll('#cp-found .cp-mark')].map(m => ({
       text: text.slice(Number(m.dataset.start), Number(m.dataset.end)).join(''),
       current: m.classList.contains('cp-focused'),
       boxes: m.children.length,
     }));";

#[tokio::test(flavor = "multi_thread")]
async fn a_hit_marks_its_words_find_steps_through_matches_and_a_saved_search_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import(
        &library,
        &["harbor-ferry.md", "front-matter.md", "canal-walk.txt"].map(fixture),
    );
    let app = App::launch(&library).await;
    app.list().wait_for_rows(3).await;

    // The help: its examples search when chosen.
    click(&app, parts::SEARCH_HELP_TOGGLE).await;
    app.wait_for(
        "the help",
        "return !!cp.searchHelp() && cp.all.searchExample().length > 10;",
    )
    .await;
    click(&app, parts::SEARCH_HELP_TOGGLE).await;

    // A clipping's hit opens it with the search's words marked, the first one in view.
    let input = pages::find(&app, parts::SEARCH_INPUT).await;
    input.send_keys("OVERNIGHT crossing").await.unwrap();
    click(&app, &format!("{}[data-kind=clipping]", parts::SEARCH_HIT)).await;
    let marks = app
        .wait_for(
            "the search's words marked in the article",
            &format!("const m = (() => {{ {FOUND_MARKS} }})(); return m && m.length >= 2 && m;"),
        )
        .await;
    let texts: Vec<String> = marks
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(
        texts.iter().all(|t| t == "overnight" || t == "crossing"),
        "{texts:?}"
    );
    assert!(texts.contains(&"crossing".to_owned()), "{texts:?}");
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["boxes"].as_u64() > Some(0))
    );
    let said = app
        .wait_for(
            "the search's matches counted",
            "const c = cp.findCount(); return c && c.textContent.includes(' of ') && c.textContent;",
        )
        .await;
    assert_eq!(said, format!("1 of {}", texts.len()));
    app.screenshot("search-marks.png").await;

    // Find in the article: Ctrl+F, folded like search, Enter and Shift+Enter step.
    app.client
        .find(Locator::Css(parts::SEARCH_HITS))
        .await
        .unwrap()
        .send_keys(&format!("{}f", fantoccini::key::Key::Control))
        .await
        .unwrap();
    let find = pages::find(&app, parts::FIND_INPUT).await;
    find.send_keys("FERRY").await.unwrap();
    let counted = app
        .wait_for(
            "the matches of find counted",
            "const c = cp.findCount(); const m = [...cp.readerFrame().contentDocument.querySelectorAll('#cp-found .cp-mark')];
             return c && /^1 of \\d+$/.test(c.textContent) && m.length > 2 && [c.textContent, m.length];",
        )
        .await;
    let total = counted[1].as_u64().unwrap();
    assert_eq!(counted[0], format!("1 of {total}"));
    let marks = app
        .js(&format!("return (() => {{ {FOUND_MARKS} }})();"))
        .await;
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["text"].as_str().unwrap().to_lowercase() == "ferry"),
        "{marks}"
    );
    find.send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    let second = app
        .wait_for(
            "the second match",
            "const c = cp.findCount(); return c.textContent.startsWith('2 of') && c.textContent;",
        )
        .await;
    assert_eq!(second, format!("2 of {total}"));
    // The current match is the second mark, and it is in view.
    let current = app
        .wait_for(
            "the second match in view",
            "const f = cp.readerFrame(); const d = f.contentDocument;
             const marks = [...d.querySelectorAll('#cp-found .cp-mark')];
             const i = marks.findIndex(m => m.classList.contains('cp-focused'));
             const box = marks[i]?.firstElementChild?.getBoundingClientRect();
             const pane = f.closest('main').getBoundingClientRect();
             const top = f.getBoundingClientRect().top + (box?.top ?? -1e6);
             return i === 1 && top >= pane.top && top <= pane.bottom && i;",
        )
        .await;
    assert_eq!(current, 1);
    find.send_keys(&format!(
        "{}{}",
        fantoccini::key::Key::Shift,
        fantoccini::key::Key::Enter
    ))
    .await
    .unwrap();
    app.wait_for(
        "back at the first match",
        "return cp.findCount().textContent.startsWith('1 of');",
    )
    .await;
    app.screenshot("find-in-article.png").await;
    // Esc closes it and takes its marks away.
    find.send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .unwrap();
    app.wait_for(
        "find closed",
        "return !cp.findBar() && cp.readerFrame().contentDocument.querySelectorAll('#cp-found .cp-mark').length === 0;",
    )
    .await;

    // Save the search, leave it, and open it again from the sidebar.
    let input = pages::find(&app, parts::SEARCH_INPUT).await;
    input.clear().await.unwrap();
    input.send_keys("ferry").await.unwrap();
    app.wait_for("the hits of ferry", "return cp.all.searchHit().length > 0;")
        .await;
    click(&app, parts::SEARCH_SAVE).await;
    type_enter(&app, parts::SEARCH_SAVE_NAME, "Ferries").await;
    let entry = app
        .wait_for(
            "the saved search in the sidebar",
            "const s = cp.savedSearch('[data-name=Ferries]');
             return s && s.getAttribute('aria-current') === 'page' && s.textContent.trim();",
        )
        .await;
    let count = cli(&library, &["search", "ferry", "--json"])
        .as_array()
        .unwrap()
        .len();
    assert!(
        entry.as_str().unwrap().ends_with(&count.to_string()),
        "{entry} {count}"
    );
    assert_eq!(
        cli(&library, &["searches", "--json"]),
        serde_json::json!([{"name": "Ferries", "query": "ferry", "count": count}])
    );
    click(&app, parts::VIEW_LIBRARY).await;
    app.list().wait_for_rows(3).await;
    assert_eq!(app.js("return cp.searchInput().value;").await, "");
    click(&app, &format!("{}[data-name=Ferries]", parts::SAVED_SEARCH)).await;
    app.wait_for(
        "the saved search open again",
        "return cp.searchInput().value === 'ferry' && cp.all.searchHit().length > 0
           && cp.all.clippingRow().length === 0;",
    )
    .await;
    // Renamed in place.
    click(&app, parts::SAVED_SEARCH_RENAME).await;
    let rename = pages::find(&app, parts::SAVED_SEARCH_RENAME_INPUT).await;
    // (Clearing the field would take its focus, which renames.)
    rename
        .send_keys(&format!(
            "{}a{}Boats{}",
            fantoccini::key::Key::Control,
            fantoccini::key::Key::Control,
            fantoccini::key::Key::Enter
        ))
        .await
        .unwrap();
    app.wait_for(
        "the new name",
        "return !!cp.savedSearch('[data-name=Boats]');",
    )
    .await;
    assert_eq!(cli(&library, &["searches", "--json"])[0]["name"], "Boats");
    app.quit().await;
}
