//! Importing as a person does: Kindle files with their warnings, the clipboard, a folder
//! dropped from another app, a web address, and the log an import leaves.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use commonplace_e2e::*;
use fantoccini::Locator;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn a_kindle_file_with_an_unreadable_entry_lists_its_warning() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let clippings = dir.path().join("My Clippings.txt");
    std::fs::copy(
        root().join("tests/fixtures/kindle/unknown-kinds.txt"),
        &clippings,
    )
    .unwrap();
    let app = App::launch(&library).await;
    app.list().wait_for_empty_library().await;
    let source = drag_over_app(&app, &clippings).await;
    drop_drag(source);
    let warnings = app
        .wait_for(
            "the import's warnings",
            "const w = cp.importWarnings(); return w && w.textContent;",
        )
        .await;
    let warnings = warnings.as_str().unwrap();
    for expected in [
        "My Clippings.txt",
        "Entry 4 (line 16)",
        "cannot tell whether the entry is a highlight",
        "Your Doodle",
    ] {
        assert!(
            warnings.contains(expected),
            "the warnings lack {expected:?}: {warnings}"
        );
    }
    let summary = app
        .js("return document.querySelector(cp.sel.importResult + ' .summary').textContent;")
        .await;
    let summary = summary.as_str().unwrap();
    assert!(
        summary.contains("2 highlights added")
            && summary.contains("skipped 2 clipped articles, 1 unreadable entry")
            && summary.contains("1 warning"),
        "{summary}"
    );
    // The book opens with its highlights, each with its page and location.
    let shown = app
        .wait_for(
            "the book's highlights",
            "const b = cp.bookHighlights();
             return b && b.querySelectorAll('blockquote').length === 2 && b.textContent;",
        )
        .await;
    assert!(
        shown.as_str().unwrap().contains("Page 128 · Location 1639"),
        "{shown}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("kindle-warnings.png").await;

    // The import is in the log beside the library, which the About panel names, and no
    // words of the book are.
    app.sidebar().about().await;
    let folder = app
        .wait_for(
            "the log's folder in the About panel",
            "const d = cp.aboutLogFolder();
             return d && d.textContent.includes('logs') && d.textContent;",
        )
        .await;
    let folder = PathBuf::from(folder.as_str().unwrap());
    assert_eq!(folder, dir.path().join("logs"));
    app.screenshot("about.png").await;
    let log: String = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    for expected in [
        "Commonplace started",
        "My Clippings.txt",
        "cannot tell whether the entry is a highlight",
        "import finished",
    ] {
        assert!(log.contains(expected), "the log lacks {expected:?}: {log}");
    }
    for words in [
        "Glass remembers",
        "harbour lights",
        "no device we know writes",
    ] {
        assert!(
            !log.contains(words),
            "the book's words {words:?} are in the log: {log}"
        );
    }
    click(&app, parts::ABOUT_CLOSE).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pasting_imports_the_clipboard_as_a_clipping() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("paste.sqlite");
    let app = App::launch(&library).await;
    app.list().wait_for_empty_library().await;
    // What a browser puts on the clipboard when a selection is copied.
    app.js(
        "const data = new DataTransfer();
         data.setData('text/html', '<h2>Tide tables</h2><p>High water at 06:12 and 18:40, says the harbour office, which publishes the table every Sunday.</p><img src=x onerror=\"window.__commonplacePwned = 1\">');
         data.setData('text/plain', 'Tide tables\\nHigh water at 06:12 and 18:40, says the harbour office.');
         document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
    )
    .await;
    app.wait_for(
        "the pasted clipping to open",
        "const t = cp.readerTitle(); return t && t.textContent === 'Tide tables';",
    )
    .await;
    let text = app.reader().text(&json!(1)).await;
    assert!(text.contains("High water at 06:12"), "{text}");
    assert_eq!(
        app.js("return typeof window.__commonplacePwned;").await,
        json!("undefined")
    );
    let listed = cli(&library, &["list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // The Paste button: the app reads the system clipboard itself. This process owns the
    // X selection while the clipboard object lives.
    let mut clipboard = arboard::Clipboard::new().expect("the X clipboard is reachable");
    clipboard
        .set_html(
            "<h2>Lock keeper's log</h2><p>The lower gate was painted on Tuesday, and the towpath reopened at noon.</p><script>window.__commonplacePwned = 1</script>",
            Some("Lock keeper's log\nThe lower gate was painted on Tuesday."),
        )
        .expect("HTML goes on the clipboard");
    app.client
        .find(Locator::Css(parts::PASTE_BUTTON))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for(
        "the clipping pasted with the button to open",
        "const t = cp.readerTitle(); return t && t.textContent === \"Lock keeper's log\";",
    )
    .await;
    let text = app.reader().text(&json!(2)).await;
    assert!(text.contains("The lower gate was painted"), "{text}");
    assert_eq!(
        app.js("return typeof window.__commonplacePwned;").await,
        json!("undefined")
    );
    drop(clipboard);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_a_folder_from_another_app_imports_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let folder = dir.path().join("Reading list");
    std::fs::create_dir(&folder).unwrap();
    for name in [
        "german.md",
        "japanese.md",
        "harbor-ferry.md",
        "front-matter.md",
    ] {
        std::fs::copy(fixture(name), folder.join(name)).unwrap();
    }
    std::fs::copy(
        root().join("tests/fixtures/pages/lighthouse.html"),
        folder.join("lighthouse.html"),
    )
    .unwrap();

    let app = App::launch(&library).await;
    app.list().wait_for_empty_library().await;
    // Hear the progress events that drive the progress bar, as the UI does.
    app.js(
        "window.__progress = [];
         const handler = window.__TAURI_INTERNALS__.transformCallback((e) => window.__progress.push(e.payload));
         return window.__TAURI_INTERNALS__.invoke('plugin:event|listen',
           { event: 'import-progress', target: { kind: 'Any' }, handler });",
    )
    .await;
    let source = drag_over_app(&app, &folder).await;
    app.screenshot("drop.png").await;
    drop_drag(source);

    app.list().wait_for_rows(5).await;
    assert_eq!(
        app.js("return !!document.querySelector('.drop-overlay');")
            .await,
        json!(false)
    );
    let result = app
        .wait_for(
            "the import result",
            "const r = cp.importResult(); return r && r.textContent;",
        )
        .await;
    assert!(result.as_str().unwrap().contains('5'), "{result}");
    let progress = app.js("return window.__progress;").await;
    let expected: Vec<Value> = (1..=5)
        .map(|done| json!({"done": done, "total": 5}))
        .collect();
    assert_eq!(progress, Value::Array(expected));
    let listed = cli(&library, &["list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 5);
    app.quit().await;
}

/// An address typed into Add URL that is not a web page's is refused by the core, whose
/// message the person sees; the form stays open to correct it.
#[tokio::test(flavor = "multi_thread")]
async fn add_url_shows_the_cores_refusal_of_what_is_no_web_address() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let app = App::launch(&library).await;
    app.list().wait_for_empty_library().await;
    click(&app, parts::ADD_URL_BUTTON).await;
    let input = app
        .client
        .find(Locator::Css(parts::URL_INPUT))
        .await
        .unwrap();
    input.send_keys("mailto:harbour@example.com").await.unwrap();
    click(&app, "form.add-url button[type=submit]").await;
    let failure = app
        .wait_for(
            "the refusal",
            "const f = cp.importFailures();
             return f && f.textContent;",
        )
        .await;
    assert!(
        failure.as_str().unwrap().contains("is not a web address"),
        "{failure}"
    );
    let still_open = app.js("return !!cp.urlInput();").await;
    assert_eq!(still_open, true);
    app.quit().await;
}

/// Runs `xdotool` with `args` on the test's display.
fn xdotool(args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .status()
        .expect("xdotool is installed");
    assert!(status.success(), "xdotool {args:?}");
}

/// Starts a real drag of `path`, from a GTK window at the screen's right edge, and moves it
/// over the app's window, over XDND, until the app shows its drop overlay; [`drop_drag`]
/// drops it.
async fn drag_over_app(app: &App, path: &Path) -> Child {
    let uri = format!("file://{}", path.display()).replace(' ', "%20");
    let mut source = Command::new(env!("CARGO_BIN_EXE_drag-source"))
        .arg(&uri)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the drag source starts");
    let mut ready = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(source.stdout.take().unwrap()),
        &mut ready,
    )
    .unwrap();
    assert_eq!(ready.trim(), "ready");
    tokio::time::sleep(Duration::from_millis(500)).await;
    xdotool(&["mousemove", "1360", "70", "mousedown", "1"]);
    for x in ["1320", "1200", "1000", "800", "700"] {
        tokio::time::sleep(Duration::from_millis(150)).await;
        xdotool(&["mousemove", x, "400"]);
    }
    app.wait_for(
        "the drop overlay while dragging over the window",
        "return !!document.querySelector('.drop-overlay');",
    )
    .await;
    source
}

/// Drops what [`drag_over_app`] drags.
fn drop_drag(mut source: Child) {
    xdotool(&["mouseup", "1"]);
    let _ = source.wait();
}
