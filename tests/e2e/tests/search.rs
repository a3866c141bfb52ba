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
