//! Hostile articles: nothing a clipped page holds runs in the app or reaches Rust.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::Duration;

use commonplace_e2e::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_article_cannot_run_script() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import(&library, &[fixture("hostile.md")]);

    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    let start_url = app.client.current_url().await.unwrap();
    app.list()
        .open(&json!(1), "A Perfectly Ordinary Article")
        .await;
    let text = app.reader().text(&json!(1)).await;
    assert!(text.contains("This paragraph is harmless"), "{text}");

    // What the sanitizer let through: no script, no handlers, no frames.
    let survivors = app
        .js("const d = cp.readerFrame().contentDocument;
             return d.querySelectorAll('script, iframe, object, embed, svg, form, [onerror], [onmouseover], [href^=javascript]').length;")
        .await;
    assert_eq!(survivors, json!(0));

    // The frame is sandboxed without scripts, and the app's CSP refuses inline script even in
    // the app's own page: two layers that each stop a payload on their own.
    let sandbox = app
        .js("return cp.readerFrame().getAttribute('sandbox');")
        .await;
    assert_eq!(sandbox, json!("allow-same-origin"));
    let inline_ran = app
        .js("const s = document.createElement('script');
             s.textContent = 'window.__commonplaceInline = 1';
             document.head.appendChild(s);
             return typeof window.__commonplaceInline;")
        .await;
    assert_eq!(
        inline_ran,
        json!("undefined"),
        "the CSP must refuse inline script"
    );

    // Even what a sanitizer might miss cannot run: put live payloads into the frame directly.
    app.js("const d = cp.readerFrame().contentDocument;
         d.body.insertAdjacentHTML('beforeend',
           '<img src=\"missing.png\" onerror=\"parent.__commonplacePwned = 1\">' +
           '<p id=\"hover\" onclick=\"parent.__commonplacePwned = 2\">click</p>');
         const s = d.createElement('script');
         s.textContent = 'parent.__commonplacePwned = 3';
         d.body.appendChild(s);
         d.getElementById('hover').click();")
        .await;
    // A link click inside the article must not navigate the frame or the window.
    app.js("const d = cp.readerFrame().contentDocument;
         d.querySelector('a[href^=\"https\"]').click();
         d.querySelector('a:not([href])') && d.querySelector('a:not([href])').click();")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sentinel = app
        .js("const f = cp.readerFrame();
             return [typeof window.__commonplacePwned, typeof f.contentWindow.__commonplacePwned,
                     f.contentDocument.location.href, document.title];")
        .await;
    assert_eq!(
        sentinel,
        json!(["undefined", "undefined", "about:srcdoc", "Commonplace"])
    );
    assert_eq!(
        app.client.current_url().await.unwrap(),
        start_url,
        "the window stayed on the app"
    );
    app.screenshot("hostile.png").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_of_seventy_xss_vectors_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let page = root().join("tests/fixtures/hostile/xss-vectors.html");
    import(&library, std::slice::from_ref(&page));

    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    let start_url = app.client.current_url().await.unwrap();
    app.list().open(&json!(1), "A Page Full of Traps").await;
    let text = app.reader().text(&json!(1)).await;
    assert!(text.contains("Vector 68:"), "{text}");
    // Give anything that might fire (autofocus, onload, animations, refresh) time to.
    // (MathML's presentation elements may stay, for formulas; nothing that runs or loads.)
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let report = app
        .js(
            "const f = cp.readerFrame();
             const d = f.contentDocument;
             const live = d.querySelectorAll('script, style:not([data-reader]), iframe, frame, object, embed, form, input, button, select, textarea, base, meta[http-equiv], svg, mglyph, annotation, annotation-xml, maction, video, audio, link:not([href=\"/reader.css\"])');
             const handlers = [...d.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'style'));
             const srcs = [...d.querySelectorAll('[src], [href]')].map(e => e.getAttribute('src') || e.getAttribute('href'))
               .filter(u => !/^(https?:|mailto:|cpimage:|\\/reader\\.css$)/.test(u));
             return [live.length, handlers.length, srcs, typeof window.__commonplacePwned,
                     typeof f.contentWindow.__commonplacePwned, d.location.href, document.title];",
        )
        .await;
    assert_eq!(
        report,
        json!([
            0,
            0,
            [],
            "undefined",
            "undefined",
            "about:srcdoc",
            "Commonplace"
        ])
    );
    assert_eq!(app.client.current_url().await.unwrap(), start_url);
    app.quit().await;
}
