//! The built app, in a real WebKit window under Xvfb, driven through tauri-driver and
//! WebKitWebDriver against a real library file filled by the real CLI.
//!
//! Run with the app and CLI built (`cargo build -p commonplace-app -p commonplace-cli` after
//! `npm --prefix ui run build`), `tauri-driver` on PATH and a display (`xvfb-run -a`).

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The workspace root, where `target/` and `tests/fixtures/` are.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn binary(env: &str, name: &str) -> PathBuf {
    std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug").join(name))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/articles").join(name)
}

/// Runs the real CLI on `library` and returns its JSON output.
fn cli(library: &Path, args: &[&str]) -> Value {
    let output = Command::new(binary("COMMONPLACE_CLI", "commonplace"))
        .arg("--library")
        .arg(library)
        .args(args)
        .output()
        .expect("the CLI runs");
    assert!(
        output.status.success(),
        "commonplace {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the CLI prints JSON")
}

/// Where screenshots go, for people and for the README.
fn artifacts() -> PathBuf {
    let dir = root().join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts/ can be created");
    dir
}

/// Prints figures a test measured and writes them to `artifacts/NAME` for BENCHMARKS.md.
fn record(what: &str, name: &str, figures: &Value) {
    println!("{what}: {figures}");
    std::fs::write(
        artifacts().join(name),
        serde_json::to_string_pretty(figures).expect("figures are JSON"),
    )
    .expect("the figures are written");
}

/// A port nothing listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// The app under test: tauri-driver, and a WebDriver session that launched the app.
struct App {
    driver: Child,
    client: Client,
}

impl App {
    /// Launches the app over `library`, composited: WebKitWebDriver's screenshots wait for
    /// a composited frame and never return without one.
    async fn launch(library: &Path) -> App {
        App::launch_with(library, "on").await
    }

    /// Launches the app with the webview's compositing `on` or `off` (as the app chooses
    /// by itself on a machine without a GPU, such as this virtual display's).
    async fn launch_with(library: &Path, compositing: &str) -> App {
        let (port, native_port) = (free_port(), free_port());
        let driver =
            Command::new(std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into()))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("COMMONPLACE_LIBRARY", library)
                .env("COMMONPLACE_COMPOSITING", compositing)
                // Its own process group, so that the driver, WebKitWebDriver and the app can be
                // stopped together even when a test fails half-way.
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not start listening"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let app = binary("COMMONPLACE_APP", "commonplace-app");
        assert!(
            app.exists(),
            "build the app first: {} is missing",
            app.display()
        );
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("tauri:options".into(), json!({ "application": app }));
        capabilities.insert("browserName".into(), json!("wry"));
        let mut builder = ClientBuilder::rustls().expect("TLS roots load");
        builder.capabilities(capabilities);
        let address = format!("http://127.0.0.1:{port}");
        let connect = builder.connect(&address);
        let client = tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .expect("the app starts within a minute (is there a display?)")
            .expect("a WebDriver session starts the app");
        let app = App { driver, client };
        // The app lays the reader out once out of sight as it starts (`ReaderWarmUp`); the
        // tests begin once it has, as a person would after looking at the library.
        app.wait_for(
            "the reader's warm-up",
            "return document.documentElement.dataset.readerWarm === 'done';",
        )
        .await;
        app
    }

    /// Evaluates `script` (a function body) in the app's page.
    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns something truthy, or fails after a while.
    async fn wait_for(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let value = self.js(script).await;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0);
            if truthy {
                return value;
            }
            if Instant::now() >= deadline {
                self.fail(&format!("timed out waiting for {what}")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Fails the test with what the page shows, and keeps a screenshot of it in
    /// `artifacts/failure.png`, so that a failure on another machine can be understood.
    async fn fail(&self, message: &str) -> ! {
        // Nothing here may fail in turn: the page may be what went wrong.
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(artifacts().join("failure.png"), png);
        }
        let page = self
            .client
            .execute(
                "const rows = document.querySelectorAll('[data-testid=clipping-row]').length;
                 const title = document.querySelector('[data-testid=reader-title]')?.textContent;
                 const counts = [...document.querySelectorAll('[data-testid$=-count]')]
                   .map(e => e.dataset.testid + '=' + e.textContent).join(' ');
                 const alerts = [...document.querySelectorAll('[role=alert]')]
                   .map(e => e.textContent.trim()).join(' | ');
                 return `rows: ${rows}; reader: ${title}; counts: ${counts}; alerts: ${alerts}`;",
                vec![],
            )
            .await
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|e| format!("(the page cannot be read: {e})"));
        panic!("{message}\nthe page: {page}\n(screenshot: artifacts/failure.png)");
    }

    /// The textContent of the article in the reader's frame, once the frame shows clipping
    /// `id` (its document loads after the reader's header has changed).
    async fn article_text(&self, id: &Value) -> String {
        let script = format!(
            "const f = document.querySelector('[data-testid=reader-frame]');
             const c = f && f.dataset.clippingId === '{id}' && f.contentDocument.getElementById('content');
             return c && c.textContent.length > 0 ? c.textContent : null;"
        );
        self.wait_for(&format!("clipping {id} to render in the frame"), &script)
            .await
            .as_str()
            .expect("text")
            .to_owned()
    }

    /// Waits until the app shows its empty library.
    async fn wait_for_empty_library(&self) {
        self.wait_for(
            "the empty state",
            "return !!document.querySelector('[data-testid=empty-library]');",
        )
        .await;
    }

    /// Waits until the clipping list shows `count` rows.
    async fn wait_for_rows(&self, count: usize) {
        let script = format!(
            "return document.querySelectorAll('[data-testid=clipping-row]').length === {count};"
        );
        self.wait_for(&format!("{count} rows in the list"), &script)
            .await;
    }

    /// Clicks the list row of clipping `id` and waits for the reader to show `title`.
    async fn open(&self, id: &Value, title: &str) {
        let row = self
            .client
            .find(Locator::Css(&format!("#clipping-{id}")))
            .await
            .unwrap_or_else(|e| panic!("no row for clipping {id}: {e}"));
        row.click().await.expect("the row can be clicked");
        let script = format!(
            "const t = document.querySelector('[data-testid=reader-title]');
             return t && t.textContent === {};",
            json!(title)
        );
        self.wait_for(&format!("the reader to show {title}"), &script)
            .await;
    }

    async fn screenshot(&self, name: &str) {
        // What the page holds now is on screen once the frame after it has been drawn.
        self.js(
            "return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
        )
        .await;
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(artifacts().join(name), png).expect("the screenshot is written");
    }

    async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

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
                "return document.querySelectorAll('[data-testid=clipping-row]').length === {};",
                page_args.len() - 2
            ),
        )
        .await;
        for clipping in page_list.as_array().unwrap() {
            let title = clipping["title"].as_str().unwrap();
            app.open(&clipping["id"], title).await;
            let shown = cli(
                &pages_library,
                &["show", &clipping["id"].to_string(), "--json"],
            );
            let text = app.article_text(&clipping["id"]).await;
            assert_eq!(
                text,
                shown["text"].as_str().unwrap(),
                "the reader's text of {title}"
            );
            if title == "Storm Week on the Bay" {
                // The placeholders of its video, audio and drawing, and its code.
                app.js(
                    "const doc = document.querySelector('[data-testid=reader-frame]').contentDocument;
                     const video = [...doc.querySelectorAll('figcaption')]
                       .find((f) => f.textContent.startsWith('Video'));
                     video.scrollIntoView({ block: 'start' });
                     return true;",
                )
                .await;
                app.screenshot("embeds.png").await;
            }
        }
        app.quit().await;
    }

    let app = App::launch(&library).await;
    app.wait_for(
        "the list to show every clipping",
        &format!(
            "return document.querySelectorAll('[data-testid=clipping-row]').length === {};",
            names.len()
        ),
    )
    .await;
    // Newest first, as the CLI lists them.
    let titles = app
        .js("return [...document.querySelectorAll('[data-testid=clipping-row] .title')].map(e => e.textContent);")
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
        app.open(&clipping["id"], title).await;
        let shown = cli(&library, &["show", &clipping["id"].to_string(), "--json"]);
        let text = app.article_text(&clipping["id"]).await;
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
    app.open(&newest["id"], newest["title"].as_str().unwrap())
        .await;
    let text = app.article_text(&newest["id"]).await;
    let byline = app
        .js("return document.querySelector('[data-testid=reader-byline]').textContent;")
        .await;
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
    app.js("document.querySelector('[data-testid=clipping-list]').focus();")
        .await;
    app.js("document.querySelector('[data-testid=clipping-list]').dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}));").await;
    let second = listed[1]["title"].as_str().unwrap();
    let script = format!(
        "return document.querySelector('[data-testid=reader-title]').textContent === {};",
        json!(second)
    );
    app.wait_for("ArrowDown to open the next clipping", &script)
        .await;

    // Positions are code points: highlight words that follow emoji in the Japanese article.
    let japanese = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "図書館の夜間開館が始まる 📚")
        .unwrap();
    app.open(&japanese["id"], "図書館の夜間開館が始まる 📚")
        .await;
    let text = app.article_text(&japanese["id"]).await;
    select_words(&app, "and 🚢.").await;
    app.wait_for(
        "the selection toolbar",
        "return !!document.querySelector('[data-testid=selection-toolbar]');",
    )
    .await;
    click(&app, "[data-testid=color-yellow]").await;
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
async fn a_hostile_article_cannot_run_script() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    cli(
        &library,
        &[
            "import",
            "--json",
            &fixture("hostile.md").display().to_string(),
        ],
    );

    let app = App::launch(&library).await;
    app.wait_for_rows(1).await;
    let start_url = app.client.current_url().await.unwrap();
    app.open(&json!(1), "A Perfectly Ordinary Article").await;
    let text = app.article_text(&json!(1)).await;
    assert!(text.contains("This paragraph is harmless"), "{text}");

    // What the sanitizer let through: no script, no handlers, no frames.
    let survivors = app
        .js("const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
             return d.querySelectorAll('script, iframe, object, embed, svg, form, [onerror], [onmouseover], [href^=javascript]').length;")
        .await;
    assert_eq!(survivors, json!(0));

    // The frame is sandboxed without scripts, and the app's CSP refuses inline script even in
    // the app's own page: two layers that each stop a payload on their own.
    let sandbox = app
        .js("return document.querySelector('[data-testid=reader-frame]').getAttribute('sandbox');")
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
    app.js(
        "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
         d.body.insertAdjacentHTML('beforeend',
           '<img src=\"missing.png\" onerror=\"parent.__commonplacePwned = 1\">' +
           '<p id=\"hover\" onclick=\"parent.__commonplacePwned = 2\">click</p>');
         const s = d.createElement('script');
         s.textContent = 'parent.__commonplacePwned = 3';
         d.body.appendChild(s);
         d.getElementById('hover').click();",
    )
    .await;
    // A link click inside the article must not navigate the frame or the window.
    app.js(
        "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
         d.querySelector('a[href^=\"https\"]').click();
         d.querySelector('a:not([href])') && d.querySelector('a:not([href])').click();",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sentinel = app
        .js(
            "const f = document.querySelector('[data-testid=reader-frame]');
             return [typeof window.__commonplacePwned, typeof f.contentWindow.__commonplacePwned,
                     f.contentDocument.location.href, document.title];",
        )
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
    cli(&library, &["import", "--json", &page.display().to_string()]);

    let app = App::launch(&library).await;
    app.wait_for_rows(1).await;
    let start_url = app.client.current_url().await.unwrap();
    app.open(&json!(1), "A Page Full of Traps").await;
    let text = app.article_text(&json!(1)).await;
    assert!(text.contains("Vector 68:"), "{text}");
    // Give anything that might fire (autofocus, onload, animations, refresh) time to.
    // (MathML's presentation elements may stay, for formulas; nothing that runs or loads.)
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let report = app
        .js(
            "const f = document.querySelector('[data-testid=reader-frame]');
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

#[tokio::test(flavor = "multi_thread")]
async fn images_are_shown_from_the_library_and_missing_ones_by_their_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let page = root().join("tests/fixtures/pages/field-notes.html");
    cli(&library, &["import", "--json", &page.display().to_string()]);

    let app = App::launch(&library).await;
    app.wait_for_rows(1).await;
    app.open(&json!(1), "Field notes: a morning at the reed beds")
        .await;
    app.article_text(&json!(1)).await;
    let loaded = app
        .wait_for(
            "the three stored images to load",
            "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
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
        .js("const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
             const i = d.querySelector('img[alt^=\"A grey heron\"]'); return [i.naturalWidth, i.naturalHeight];")
        .await;
    assert_eq!(heron, json!([48, 32]));
    let missing = app
        .js(
            "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
             return [...d.querySelectorAll('img:not([src])')].map(i => i.alt);",
        )
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
    cli(
        &library,
        &["import", "--json", &clippings.display().to_string()],
    );
    let listed = cli(&library, &["list", "--json"]);
    let orchard = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "The Quiet Orchard")
        .unwrap();

    let app = App::launch(&library).await;
    app.wait_for_rows(4).await;
    app.open(&orchard["id"], "The Quiet Orchard").await;
    let shown = app
        .wait_for(
            "the book's highlights",
            "const b = document.querySelector('[data-testid=book-highlights]');
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
    assert_eq!(
        app.js("return document.querySelector('[data-testid=reader-frame]');")
            .await,
        Value::Null
    );
    app.screenshot("book.png").await;
    app.quit().await;
}

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
    app.wait_for_empty_library().await;
    let source = drag_over_app(&app, &clippings).await;
    drop_drag(source);
    let warnings = app
        .wait_for(
            "the import's warnings",
            "const w = document.querySelector('[data-testid=import-warnings]'); return w && w.textContent;",
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
        .js("return document.querySelector('[data-testid=import-result] .summary').textContent;")
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
            "const b = document.querySelector('[data-testid=book-highlights]');
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
    click(&app, "[data-testid=brand]").await;
    let folder = app
        .wait_for(
            "the log's folder in the About panel",
            "const d = document.querySelector('[data-testid=about-log-folder]');
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
    click(&app, "[data-testid=about-close]").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pasting_imports_the_clipboard_as_a_clipping() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("paste.sqlite");
    let app = App::launch(&library).await;
    app.wait_for_empty_library().await;
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
        "const t = document.querySelector('[data-testid=reader-title]'); return t && t.textContent === 'Tide tables';",
    )
    .await;
    let text = app.article_text(&json!(1)).await;
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
        .find(Locator::Css("[data-testid=paste-button]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_for(
        "the clipping pasted with the button to open",
        "const t = document.querySelector('[data-testid=reader-title]'); return t && t.textContent === \"Lock keeper's log\";",
    )
    .await;
    let text = app.article_text(&json!(2)).await;
    assert!(text.contains("The lower gate was painted"), "{text}");
    assert_eq!(
        app.js("return typeof window.__commonplacePwned;").await,
        json!("undefined")
    );
    drop(clipboard);
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
            "const e = document.querySelector('[data-testid=empty-library]'); return e && e.textContent;",
        )
        .await;
    let text = text.as_str().unwrap();
    assert!(
        text.contains("Your library is empty") && text.contains("commonplace import"),
        "{text}"
    );
    assert_eq!(
        app.js("return document.querySelector('[data-testid=library-count]').textContent;")
            .await,
        json!("0")
    );
    app.screenshot("empty.png").await;
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
    app.wait_for_empty_library().await;
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

    app.wait_for_rows(5).await;
    assert_eq!(
        app.js("return !!document.querySelector('.drop-overlay');")
            .await,
        json!(false)
    );
    let result = app
        .wait_for(
            "the import result",
            "const r = document.querySelector('[data-testid=import-result]'); return r && r.textContent;",
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

/// Selects `words` in the reader's article, as a drag of the mouse would.
async fn select_words(app: &App, words: &str) {
    let script = format!(
        "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
         const root = d.getElementById('content');
         const walker = d.createTreeWalker(root, NodeFilter.SHOW_TEXT);
         const nodes = []; let text = '';
         for (let n = walker.nextNode(); n; n = walker.nextNode()) {{ nodes.push([n, text.length]); text += n.data; }}
         const from = text.indexOf({words}); if (from < 0) return 'not found';
         const to = from + {words}.length;
         const at = (offset, end) => {{
           for (let i = nodes.length - 1; i >= 0; i--) {{
             const [n, start] = nodes[i];
             if (end ? start < offset : start <= offset) return [n, offset - start];
           }}
         }};
         const r = d.createRange(); r.setStart(...at(from, false)); r.setEnd(...at(to, true));
         const s = d.getSelection(); s.removeAllRanges(); s.addRange(r);
         return r.toString();",
        words = json!(words)
    );
    assert_eq!(app.js(&script).await, json!(words));
}

/// Where each drawn mark is: the top of its first box, and whether that box lies on the
/// first line of its text (within a pixel), found from the article's text nodes.
const MARK_PLACES: &str =
    "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
     const nodes = [];
     const w = d.createTreeWalker(d.getElementById('content'), NodeFilter.SHOW_TEXT);
     for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
     const firstLine = (start) => {
       let at = 0;
       for (const n of nodes) {
         if (start < at + n.data.length) {
           const r = d.createRange(); r.setStart(n, start - at); r.setEnd(n, n.data.length);
           return [...r.getClientRects()].find(b => b.width > 0);
         }
         at += n.data.length;
       }
     };
     return [...d.querySelectorAll('#cp-marks .cp-mark')].map(m => {
       const box = m.firstElementChild.getBoundingClientRect();
       const line = firstLine(Number(m.dataset.start));
       return { top: Math.round(box.top), onItsText: !!line &&
         Math.abs(box.left - line.left) <= 1 && Math.abs(box.top - line.top) <= 1 };
     });";

/// The text under each mark drawn in colour `color` (only marks with boxes on screen), in
/// the order they were drawn.
async fn painted(app: &App, color: &str) -> Value {
    app.js(&format!(
        "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
         const text = Array.from(d.getElementById('content').textContent);
         return [...d.querySelectorAll('#cp-marks .cp-{color}')]
           .filter(m => m.children.length > 0 && m.children[0].getBoundingClientRect().width > 0)
           .map(m => text.slice(Number(m.dataset.start), Number(m.dataset.end)).join(''));"
    ))
    .await
}

/// Clicks the element `css` names, once it is there and can be clicked (the UI may still be
/// rendering it, or moving it).
async fn click(app: &App, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let attempt = match app.client.find(Locator::Css(css)).await {
            Ok(element) => element.click().await.map(|_| ()),
            Err(e) => Err(e),
        };
        match attempt {
            Ok(()) => return,
            Err(e) if Instant::now() >= deadline => panic!("cannot click {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_highlight_across_a_link_with_a_note_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    cli(
        &library,
        &[
            "import",
            "--json",
            &fixture("harbor-ferry.md").display().to_string(),
        ],
    );
    let sentence = "The service will run hourly between midnight and five, with fares matching the daytime route and a trial period of eighteen months.";
    let title = "Harbor City Votes to Bring Back the Night Ferry After a Decade";

    let app = App::launch(&library).await;
    app.wait_for_rows(1).await;
    app.open(&json!(1), title).await;
    app.article_text(&json!(1)).await;
    // The sentence crosses a link: <a href=…>fares matching the daytime route</a>.
    let crosses = app
        .js("const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
             return [...d.querySelectorAll('a')].some(a => a.textContent === 'fares matching the daytime route');")
        .await;
    assert_eq!(crosses, json!(true));
    select_words(&app, sentence).await;
    app.wait_for(
        "the selection toolbar",
        "return !!document.querySelector('[data-testid=selection-toolbar]');",
    )
    .await;
    click(&app, "[data-testid=color-green]").await;
    app.wait_for(
        "the green mark",
        &format!(
            "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
             const text = Array.from(d.getElementById('content').textContent);
             return [...d.querySelectorAll('#cp-marks .cp-green')].some(m =>
               m.children.length > 0 &&
               text.slice(Number(m.dataset.start), Number(m.dataset.end)).join('') === {});",
            json!(sentence)
        ),
    )
    .await;
    // The note: open the highlight from the margin panel, type, and let it save itself.
    click(&app, "[data-testid=panel-highlight]").await;
    app.wait_for(
        "the highlight's popover",
        "return !!document.querySelector('[data-testid=highlight-popover]');",
    )
    .await;
    click(
        &app,
        "[data-testid=highlight-popover] [data-testid=note-button]",
    )
    .await;
    let note = app
        .client
        .find(Locator::Css("[data-testid=highlight-note]"))
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
        "[data-testid=highlight-popover] [data-testid=copy-quote]",
    )
    .await;
    app.wait_for(
        "the copied notice",
        "const n = document.querySelector('[data-testid=reader-notice]'); return n && n.textContent.includes('copied');",
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
    click(&app, "[data-testid=panel-highlight]").await;
    click(
        &app,
        "[data-testid=highlight-popover] [data-testid=delete-highlight]",
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
        .find(Locator::Css("[data-testid=clipping-list]"))
        .await
        .unwrap()
        .send_keys(&format!("{}z", fantoccini::key::Key::Control))
        .await
        .unwrap();
    let back = wait_count(1).await;
    assert_eq!(back[0]["note"], "Check the *fare* table.");

    // The clipping's own note, edited in place above the article.
    click(&app, "[data-testid=add-clipping-note]").await;
    app.client
        .find(Locator::Css("[data-testid=clipping-note-input]"))
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
    app.wait_for_rows(1).await;
    app.open(&json!(1), title).await;
    app.article_text(&json!(1)).await;
    app.wait_for(
        "the mark after the restart",
        "return document.querySelector('[data-testid=reader-frame]').dataset.marks === '1';",
    )
    .await;
    assert_eq!(painted(&app, "green").await, json!([sentence]));
    let panel_note = app
        .wait_for(
            "the note in the margin",
            "const n = document.querySelector('[data-testid=panel-note]'); return n && n.innerHTML;",
        )
        .await;
    assert_eq!(panel_note, json!("<p>Check the <em>fare</em> table.</p>\n"));

    // An overlapping highlight: both are painted, and a click where they overlap offers both.
    select_words(&app, "midnight and five, with fares").await;
    app.wait_for(
        "the selection toolbar",
        "return !!document.querySelector('[data-testid=selection-toolbar]');",
    )
    .await;
    click(&app, "[data-testid=color-blue]").await;
    app.wait_for(
        "the blue mark",
        "return document.querySelector('[data-testid=reader-frame]').dataset.marks === '2';",
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
    app.js(
        "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
         const w = d.createTreeWalker(d.getElementById('content'), NodeFilter.SHOW_TEXT);
         for (let n = w.nextNode(); n; n = w.nextNode()) {
           const i = n.data.indexOf('midnight and five');
           if (i >= 0) { const r = d.createRange(); r.setStart(n, i + 3); r.collapse(true);
                         const s = d.getSelection(); s.removeAllRanges(); s.addRange(r); break; }
         }",
    )
    .await;
    let choices = app
        .wait_for(
            "the overlapping highlights to choose from",
            "const c = document.querySelectorAll('[data-testid=overlap-choice]'); return c.length === 2 && [...c].map(e => e.textContent.trim());",
        )
        .await;
    assert_eq!(choices, json!(["midnight and five, with fares", sentence]));
    click(&app, "[data-testid=overlap-choice]:last-child").await;
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
    app.wait_for_rows(1).await;
    app.open(
        &json!(1),
        "Harbor City Votes to Bring Back the Night Ferry After a Decade",
    )
    .await;
    app.article_text(&json!(1)).await;
    app.wait_for(
        "two marks",
        "return document.querySelector('[data-testid=reader-frame]').dataset.marks === '2';",
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
            "const p = document.querySelector('[data-testid=highlight-panel]');
             const placed = [...p.querySelectorAll('[data-testid=panel-highlight]')].map(e => e.textContent.trim());
             const orphans = [...p.querySelectorAll('[data-testid=panel-orphan]')].map(e => e.textContent.trim());
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

/// Paints 1,000 highlights over a 200 KB article and records, in `artifacts/`, how long the
/// reader took (no time is asserted: timings are for BENCHMARKS.md, not pass or fail).
#[tokio::test(flavor = "multi_thread")]
async fn a_long_article_paints_a_thousand_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let article = dir.path().join("long.md");
    let mut text = String::from("# A Very Long Report\n\n");
    let mut n = 0;
    while text.len() < 200 * 1024 {
        text.push_str(&format!(
            "Paragraph {n} of the long report sets out what the committee heard on the day, who spoke, what they asked for and what the council's officers answered, in the careful prose of minutes.\n\n"
        ));
        n += 1;
    }
    std::fs::write(&article, text).unwrap();
    cli(
        &library,
        &["import", "--json", &article.display().to_string()],
    );
    // A second, short clipping, to open in between (a warm open of the long one).
    cli(
        &library,
        &[
            "import",
            "--json",
            &fixture("harbor-ferry.md").display().to_string(),
        ],
    );

    let app = App::launch(&library).await;
    app.wait_for_rows(2).await;
    app.open(&json!(1), "A Very Long Report").await;
    let content = app.article_text(&json!(1)).await;
    assert!(content.len() > 190 * 1024);
    let bare = app
        .wait_for(
            "the article's first paint",
            "return document.querySelector('[data-testid=reader-frame]').dataset.openPaintMs;",
        )
        .await;
    // 1,000 highlights, spread over the whole text, through the app's own command: ten
    // scripts of 100, each well within WebDriver's script timeout on a slow machine.
    let mut made = 0;
    for batch in 0..10 {
        let added = app
            .js(&format!(
                "const t = document.querySelector('[data-testid=reader-frame]').contentDocument.getElementById('content').textContent;
                 const colors = ['yellow', 'green', 'blue', 'pink', 'purple'];
                 const step = Math.floor(t.length / 1000);
                 const jobs = [];
                 for (let i = {from}; i < {to}; i++) {{
                   const start = i * step + 3, end = start + 40;
                   jobs.push(window.__TAURI_INTERNALS__.invoke('add_highlight',
                     {{ request: {{ clippingId: 1, start, end, exact: t.slice(start, end), color: colors[i % 5], note: '' }} }}));
                 }}
                 return Promise.all(jobs).then(r => r.length);",
                from = batch * 100,
                to = batch * 100 + 100,
            ))
            .await;
        made += added.as_u64().expect("a count");
    }
    assert_eq!(made, 1000);
    app.quit().await;

    // Measured as the app runs on a machine without a GPU, like this one: not composited.
    let app = App::launch_with(&library, "off").await;
    app.wait_for_rows(2).await;
    app.open(&json!(1), "A Very Long Report").await;
    app.wait_for(
        "every mark",
        "const f = document.querySelector('[data-testid=reader-frame]');
         return f.dataset.marks === '1000' && f.dataset.openPaintMs && f.dataset.restBatchMs;",
    )
    .await;
    let open = app
        .js("const f = document.querySelector('[data-testid=reader-frame]'); return [f.dataset.openPaintMs, f.dataset.paintMs, f.dataset.loadMs, f.dataset.restBatchMs, f.dataset.wholeMs, document.documentElement.dataset.readerWarmUpMs];")
        .await;
    // Every mark is drawn, each with its boxes, over the text it stands for.
    let drawn = app
        .js(
            "const d = document.querySelector('[data-testid=reader-frame]').contentDocument;
             const marks = [...d.querySelectorAll('#cp-marks .cp-mark')];
             return [marks.length, marks.filter(m => m.children.length > 0).length];",
        )
        .await;
    assert_eq!(drawn, json!([1000, 1000]));
    // A new highlight: from the choice of colour to its painted mark.
    select_words(
        &app,
        "what the council's officers answered, in the careful prose of minutes",
    )
    .await;
    app.wait_for(
        "the selection toolbar",
        "return !!document.querySelector('[data-testid=selection-toolbar]');",
    )
    .await;
    click(&app, "[data-testid=color-purple]").await;
    let mark = app
        .wait_for(
            "the new mark",
            "const f = document.querySelector('[data-testid=reader-frame]');
             return f.dataset.marks === '1001' && f.dataset.markMs;",
        )
        .await;
    // Another clipping, then the long one again: an open in an app that has shown articles.
    app.open(
        &json!(2),
        "Harbor City Votes to Bring Back the Night Ferry After a Decade",
    )
    .await;
    app.open(&json!(1), "A Very Long Report").await;
    let again = app
        .wait_for(
            "every mark again",
            "const f = document.querySelector('[data-testid=reader-frame]');
             return f.dataset.marks === '1001' && f.dataset.openPaintMs;",
        )
        .await;
    let timings = json!({
        "article_bytes": content.len(),
        "open_again_to_painted_ms": again,
        "highlights": 1000,
        "open_to_painted_ms": open[0],
        "open_to_painted_without_highlights_ms": bare,
        "paint_only_ms": open[1],
        "frame_load_ms": open[2],
        "longest_frame_drawing_the_other_marks_ms": open[3],
        "open_to_all_shown_with_every_mark_ms": open[4],
        "start_up_reader_warm_up_ms": open[5],
        "choice_to_painted_mark_ms": mark,
    });
    record("reader timings", "reader-benchmark.json", &timings);

    // The article opened in stages: once all is shown, every block has its boxes and the
    // frame is exactly as tall as the article (no longer its estimate).
    let shown = app
        .wait_for(
            "the whole article",
            "const f = document.querySelector('[data-testid=reader-frame]');
             if (!f.dataset.wholeMs) return false;
             const d = f.contentDocument;
             const blocks = [...d.getElementById('content').children];
             const height = d.documentElement.getBoundingClientRect().height;
             return [blocks.length, blocks.filter(b => b.getClientRects().length > 0).length,
                     Math.abs(f.getBoundingClientRect().height - height) <= 1];",
        )
        .await;
    let blocks = shown[0].as_u64().unwrap();
    assert!(blocks > 1000, "{shown}");
    assert_eq!(shown, json!([blocks, blocks, true]));

    // The last highlight of the text, chosen in the Highlights view while another clipping
    // is open: the article opens whole and scrolled to it, its mark drawn on its words.
    app.open(
        &json!(2),
        "Harbor City Votes to Bring Back the Night Ferry After a Decade",
    )
    .await;
    let in_order = cli(&library, &["highlights", "--clipping", "1", "--json"]);
    let order: Vec<i64> = in_order
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    click(&app, "[data-testid=view-highlights]").await;
    let listed = app
        .wait_for(
            "the highlights view",
            "const r = [...document.querySelectorAll('[data-testid=highlight-row]')];
             return r.length > 0 && r.map(e => Number(e.dataset.highlightId));",
        )
        .await;
    let furthest = order
        .iter()
        .rev()
        .find(|id| listed.as_array().unwrap().contains(&json!(id)))
        .copied()
        .expect("a highlight of the long article is listed");
    assert!(
        order.iter().position(|&id| id == furthest).unwrap() > 900,
        "{furthest}"
    );
    click(
        &app,
        &format!("[data-testid=highlight-row][data-highlight-id='{furthest}']"),
    )
    .await;
    let place = app
        .wait_for(
            "the highlight far down the article",
            &format!(
                "const p = document.querySelector('[data-testid=highlight-popover]');
                 const f = document.querySelector('[data-testid=reader-frame]');
                 const m = f && f.contentDocument.querySelector('#cp-marks [data-id=\"{furthest}\"] > div');
                 if (!p || !m) return false;
                 const pane = document.querySelector('main.reader');
                 const top = f.getBoundingClientRect().top + m.getBoundingClientRect().top;
                 return [pane.scrollTop > 10000, top >= 0 && top < window.innerHeight];"
            ),
        )
        .await;
    assert_eq!(place, json!([true, true]));
    app.quit().await;
}

/// Types `text` into the element `css` names, then Enter.
async fn type_enter(app: &App, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let element = loop {
        match app.client.find(Locator::Css(css)).await {
            Ok(element) => break element,
            Err(e) if Instant::now() >= deadline => panic!("no {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    element
        .send_keys(&format!("{text}{}", fantoccini::key::Key::Enter))
        .await
        .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
}

/// Polls the CLI until `check` accepts its JSON output.
async fn cli_until(
    library: &Path,
    args: &[&str],
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let value = cli(library, args);
        if check(&value) {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: {value}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_filter_rename_and_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    for name in ["german.md", "japanese.md", "harbor-ferry.md"] {
        cli(
            &library,
            &["import", "--json", &fixture(name).display().to_string()],
        );
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
    app.wait_for_rows(3).await;
    // Tag a clipping from the reader's header.
    app.open(&ferry, ferry_title).await;
    type_enter(
        &app,
        "[data-testid=reader] [data-testid=tag-input]",
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
    app.open(&german, "Die Stadtbibliothek öffnet nachts").await;
    let suggested = app
        .wait_for(
            "suggestions",
            "const o = document.querySelectorAll('[data-testid=reader] datalist option');
             return o.length > 0 && [...o].map(e => e.value);",
        )
        .await;
    assert_eq!(
        suggested,
        json!(["politics/transport", "quotes", "transport/buses"])
    );
    type_enter(
        &app,
        "[data-testid=reader] [data-testid=tag-input]",
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
    app.open(&ferry, ferry_title).await;
    app.article_text(&ferry).await;
    click(&app, "[data-testid=panel-highlight]").await;
    type_enter(
        &app,
        "[data-testid=highlight-popover] [data-testid=tag-input]",
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
    click(&app, "[data-testid=view-highlights]").await;
    app.wait_for(
        "the highlights view",
        "return document.querySelectorAll('[data-testid=highlight-row]').length === 5;",
    )
    .await;
    app.js(
        "const s = document.querySelector('[data-testid=highlight-tag-filter]');
         s.value = 'quotes'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    app.wait_for(
        "the tag filter",
        "return document.querySelector('[data-testid=highlight-tag-filter]').value === 'quotes'
           && document.querySelectorAll('[data-testid=highlight-row]').length === 4;",
    )
    .await;
    // The view with its tag filter, and one of the ferry's open in its article.
    click(
        &app,
        &format!(
            "[data-testid=highlight-row][data-highlight-id='{}']",
            made_ids[0]
        ),
    )
    .await;
    app.wait_for(
        "the highlight's popover",
        "return !!document.querySelector('[data-testid=highlight-popover]');",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("highlights-view.png").await;
    click(&app, "[data-testid=filter-yellow]").await;
    // A press elsewhere in the app closes the highlight's popover.
    app.wait_for(
        "the yellow filter, the popover closed",
        "return document.querySelector('[data-testid=filter-yellow]').getAttribute('aria-pressed') === 'true'
           && document.querySelector('[data-testid=highlight-popover]') === null;",
    )
    .await;
    let row = app
        .wait_for(
            "the filtered highlight",
            "const r = document.querySelectorAll('[data-testid=highlight-row]');
             return r.length === 1 && r[0].textContent;",
        )
        .await;
    assert!(
        row.as_str()
            .unwrap()
            .contains("restore overnight ferry service"),
        "{row}"
    );
    click(&app, "[data-testid=filter-pink]").await;
    app.wait_for(
        "no pink highlights",
        "return document.querySelectorAll('[data-testid=highlight-row]').length === 0;",
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
    click(&app, "[data-testid=view-notes]").await;
    let noted = app
        .wait_for(
            "the notes view",
            "const c = document.querySelectorAll('[data-testid=noted-clipping]');
             return c.length === 1 && c[0].textContent;",
        )
        .await;
    assert!(
        noted.as_str().unwrap().contains("Die Stadtbibliothek"),
        "{noted}"
    );

    // The parent tag lists both children's clippings.
    click(&app, "[data-testid=tag-entry][data-tag=politics]").await;
    let rows = app
        .wait_for(
            "the politics view",
            "const t = document.querySelector('[data-testid=view-title]');
             const rows = [...document.querySelectorAll('[data-testid=clipping-row] .title')];
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
    click(&app, "[data-testid=filter-toggle]").await;
    click(&app, "[data-testid=list-filter-yellow]").await;
    let rows = app
        .wait_for(
            "clippings with a yellow highlight",
            "const rows = [...document.querySelectorAll('[data-testid=clipping-row] .title')];
             return rows.length === 1 && rows[0].textContent;",
        )
        .await;
    assert_eq!(rows, json!(ferry_title));
    click(&app, "[data-testid=list-filter-yellow]").await;
    app.wait_for_rows(2).await;
    type_enter(
        &app,
        "[data-testid=list-filters] [data-testid=tag-input]",
        "politics/libraries",
    )
    .await;
    let rows = app
        .wait_for(
            "clippings with both tags",
            "const rows = [...document.querySelectorAll('[data-testid=clipping-row] .title')];
             return rows.length === 1 && document.querySelector('[data-testid=filter-toggle]').textContent.includes('1')
               && rows[0].textContent;",
        )
        .await;
    assert_eq!(rows, json!("Die Stadtbibliothek öffnet nachts"));
    app.screenshot("list-filters.png").await;
    app.js(
        "const s = document.querySelector('[data-testid=list-filter-kind]');
         s.value = 'book'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    app.wait_for(
        "no books among them",
        "const e = document.querySelector('[data-testid=empty-view]');
         return e && e.textContent.includes('Nothing matches these filters');",
    )
    .await;
    click(&app, "[data-testid=list-filter-clear]").await;
    app.wait_for_rows(2).await;
    // Clipped from tomorrow on (UTC, as the library keeps dates): nothing.
    app.js(
        "const i = document.querySelector('[data-testid=list-filter-from]');
         i.value = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
         i.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    app.wait_for(
        "nothing clipped from tomorrow",
        "return !!document.querySelector('[data-testid=empty-view]');",
    )
    .await;
    click(&app, "[data-testid=list-filter-clear]").await;
    app.wait_for_rows(2).await;
    click(&app, "[data-testid=filter-toggle]").await;

    // Rename the parent: the children follow, everywhere. (Its ✎ shows while the pointer
    // is on its row.)
    click(&app, "[data-testid=tag-entry][data-tag=politics]").await;
    app.wait_for_rows(2).await;
    click(
        &app,
        "[data-testid=tag-entry][data-tag=politics] ~ [data-testid=tag-rename]",
    )
    .await;
    let input = app
        .client
        .find(Locator::Css("[data-testid=tag-rename-input]"))
        .await
        .unwrap();
    // Select the old name and type over it (clearing the field would blur it, which ends
    // the rename).
    app.js("document.querySelector('[data-testid=tag-rename-input]').select();")
        .await;
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
        "const tree = [...document.querySelectorAll('[data-testid=tag-entry]')].map(e => e.dataset.tag);
         const chips = [...document.querySelectorAll('[data-testid=reader] [data-testid=tag-chip]')].map(e => e.textContent);
         return tree.includes('policy/transport') && !tree.includes('politics')
           && chips.some(c => c.includes('policy/transport'));",
    )
    .await;
    // Undo puts it back.
    click(&app, "[data-testid=tag-undo]").await;
    cli_until(&library, &["tags", "--json"], "the tags after undo", |t| {
        t.as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "politics/transport")
    })
    .await;

    // Delete a clipping, find it in the Trash, restore it with its highlight.
    click(&app, "[data-testid=view-library]").await;
    app.wait_for_rows(3).await;
    app.open(&ferry, ferry_title).await;
    app.article_text(&ferry).await;
    // Opened from the list, not from the Highlights view: the highlight opened there
    // earlier is not shown again (its popover, scrolled to, would move the page under the
    // pointer).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=highlight-popover]') === null;")
            .await,
        json!(true),
        "the ferry opened from the list shows no highlight's popover"
    );
    click(&app, "[data-testid=trash-clipping]").await;
    app.wait_for(
        "the clipping gone from the library",
        "return document.querySelectorAll('[data-testid=clipping-row]').length === 2
           && document.querySelector('[data-testid=trash-count]').textContent === '1';",
    )
    .await;
    click(&app, "[data-testid=view-trash]").await;
    app.wait_for_rows(1).await;
    app.open(&ferry, ferry_title).await;
    click(&app, "[data-testid=restore-clipping]").await;
    app.wait_for(
        "the trash emptied by the restore",
        "return document.querySelector('[data-testid=trash-count]').textContent === '0'
           && document.querySelector('[data-testid=library-count]').textContent === '3';",
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
    let report = cli(
        &library,
        &["import", "--json", &folder.display().to_string()],
    );
    assert_eq!(report["imported"].as_array().unwrap().len(), 3000);

    let app = App::launch(&library).await;
    app.wait_for(
        "the first page",
        "return document.querySelector('[data-testid=library-count]').textContent === '3000'
           && document.querySelectorAll('[data-testid=clipping-row]').length > 0;",
    )
    .await;
    // Scroll to the end again and again: each time the next page arrives.
    let deadline = Instant::now() + Duration::from_secs(60);
    let last = loop {
        let state = app
            .js("const l = document.querySelector('[data-testid=clipping-list]');
                 l.scrollTop = l.scrollHeight; l.dispatchEvent(new Event('scroll'));
                 const rows = [...l.querySelectorAll('[data-testid=clipping-row]')];
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

/// Records, in `artifacts/list-benchmark.json`, how the list of a 100,000-clipping library
/// behaves in the app: how long each page of 100 takes to arrive and show as the list is
/// scrolled to its end, the time between frames while it scrolls, and how long a jump to
/// anywhere in it takes to show its rows. It asserts what is shown (the right rows, few of
/// them in the page), never how fast.
#[tokio::test(flavor = "multi_thread")]
async fn a_list_of_a_hundred_thousand_scrolls_to_its_end() {
    const BOOKS: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    // The CLI makes the library; the clippings are written straight into it (importing
    // 100,000 files would take a debug build many minutes), one a second, oldest first.
    cli(&library, &["list", "--json"]);
    {
        let mut db = rusqlite::Connection::open(&library).unwrap();
        let tx = db.transaction().unwrap();
        {
            let mut clipping = tx
                .prepare(
                    "INSERT INTO clipping (id, kind, title, author, clipped_at, updated_at,
                                           content_hash)
                     VALUES (?1, 'article', ?2, ?3, ?4, ?4, ?5)",
                )
                .unwrap();
            let mut version = tx
                .prepare(
                    "INSERT INTO clipping_version (clipping_id, html, text, content_hash,
                                                   created_at)
                     VALUES (?1, '<p>Words.</p>', 'Words.', ?2, ?3)",
                )
                .unwrap();
            for b in 0..BOOKS {
                let clipped = format!(
                    "2025-01-{:02}T{:02}:{:02}:{:02}.000Z",
                    1 + b / 86_400,
                    (b / 3600) % 24,
                    (b / 60) % 60,
                    b % 60
                );
                let hash = format!("{b:064x}");
                let id = b as i64 + 1;
                clipping
                    .execute(rusqlite::params![
                        id,
                        format!("Volume {b:06}"),
                        format!("Writer {}", b % 997),
                        clipped,
                        hash
                    ])
                    .unwrap();
                version
                    .execute(rusqlite::params![id, hash, clipped])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }

    let app = App::launch_with(&library, "off").await;
    app.wait_for(
        "the first page",
        &format!(
            "return document.querySelector('[data-testid=library-count]').textContent === '{BOOKS}'
               && document.querySelectorAll('[data-testid=clipping-row]').length > 0;"
        ),
    )
    .await;
    // Scroll to the end again and again; each time, how long until the next page shows.
    let mut page_ms: Vec<f64> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let batch = app
            .js("const l = document.querySelector('[data-testid=clipping-list]');
                 const size = () => Number(l.querySelector('[data-testid=clipping-row]').getAttribute('aria-setsize'));
                 const frame = () => new Promise(r => requestAnimationFrame(() => r()));
                 return (async () => {
                   const times = [];
                   const until = performance.now() + 8000;
                   while (performance.now() < until) {
                     const before = size();
                     if (before >= 100000) break;
                     const started = performance.now();
                     l.scrollTop = l.scrollHeight;
                     l.dispatchEvent(new Event('scroll'));
                     while (size() === before && performance.now() < until) await frame();
                     await frame();
                     times.push(performance.now() - started);
                   }
                   return [size(), times];
                 })();")
            .await;
        page_ms.extend(
            batch[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_f64().unwrap()),
        );
        if batch[0] == json!(BOOKS) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the list stopped loading at {}",
            batch[0]
        );
    }
    let end = app
        .js("const l = document.querySelector('[data-testid=clipping-list]');
             l.scrollTop = l.scrollHeight; l.dispatchEvent(new Event('scroll'));
             return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {
               const rows = [...l.querySelectorAll('[data-testid=clipping-row]')];
               const last = rows[rows.length - 1];
               r([rows.length, last.getAttribute('aria-posinset'), last.querySelector('.title').textContent]);
             })));")
        .await;
    assert_eq!(end[1], json!(BOOKS.to_string()), "{end}");
    assert!(end[0].as_u64().unwrap() < 60, "few rows in the page: {end}");
    // Newest first: the oldest comes last.
    assert_eq!(end[2], json!("Volume 000000"), "{end}");

    // Scrolling: 240 frames of a steady scroll upwards, then 100 jumps to anywhere.
    let scroll = app
        .js("const l = document.querySelector('[data-testid=clipping-list]');
             const frame = () => new Promise(r => requestAnimationFrame(t => r(t)));
             return (async () => {
               const gaps = [];
               let last = await frame();
               for (let i = 0; i < 240; i++) {
                 l.scrollTop -= 600;
                 const now = await frame();
                 gaps.push(now - last);
                 last = now;
               }
               const jumps = [];
               let wrong = 0;
               for (let i = 0; i < 100; i++) {
                 const row = Math.floor(((i * 7919) % 100) / 100 * 99990);
                 const started = performance.now();
                 l.scrollTop = row * 74;
                 l.dispatchEvent(new Event('scroll'));
                 await frame();
                 await frame();
                 jumps.push(performance.now() - started);
                 const first = [...l.querySelectorAll('[data-testid=clipping-row]')]
                   .find(r => r.getBoundingClientRect().bottom > l.getBoundingClientRect().top + 6);
                 if (!first || Math.abs(Number(first.getAttribute('aria-posinset')) - (row + 1)) > 1) wrong++;
               }
               return [gaps, jumps, wrong];
             })();")
        .await;
    assert_eq!(scroll[2], json!(0), "every jump shows the rows it went to");
    let stats = |values: &[f64]| {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
        json!({ "count": sorted.len(), "p50": at(0.5), "p95": at(0.95), "max": at(1.0) })
    };
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_f64().unwrap())
            .collect()
    };
    let timings = json!({
        "clippings": BOOKS,
        "page_of_100_to_shown_ms": stats(&page_ms),
        "scroll_frame_gap_ms": stats(&numbers(&scroll[0])),
        "jump_to_shown_ms": stats(&numbers(&scroll[1])),
    });
    record("list timings", "list-benchmark.json", &timings);
    app.quit().await;
}

/// Records, in `artifacts/import-reads.json`, how long opening a clipping, a page of the
/// list and writing a note take in the app while it imports 1,000 files: reads have
/// connections of their own, and the import takes the writer for one file at a time, so
/// none waits for the import. It asserts what they answer (and that the import was still
/// running), never how fast.
#[tokio::test(flavor = "multi_thread")]
async fn reads_answer_while_a_thousand_files_import() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    cli(
        &library,
        &[
            "import",
            "--json",
            &fixture("canal-walk.txt").display().to_string(),
        ],
    );
    let files = dir.path().join("notes");
    std::fs::create_dir(&files).unwrap();
    for i in 0..1000 {
        let mut text = format!("---\ntitle: Field note {i}\n---\n\n# Field note {i}\n\n");
        for p in 0..12 {
            text.push_str(&format!(
                "Paragraph {p} of note {i} records the birds seen along the estuary at dawn, \
                 with the tide, the wind and the light as they were.\n\n"
            ));
        }
        std::fs::write(files.join(format!("note-{i:04}.md")), text).unwrap();
    }

    let app = App::launch(&library).await;
    app.wait_for(
        "the library",
        "return document.querySelectorAll('[data-testid=clipping-row]').length === 1;",
    )
    .await;
    let measured = app
        .js(&format!(
            "return (async () => {{
             const invoke = window.__TAURI_INTERNALS__.invoke;
             const query = {{ tags: [], kind: null, color: null, sort: 'clipped', clippedFrom: null,
               clippedTo: null, trash: false, withNote: false, after: null, limit: 100 }};
             const times = {{ clipping: [], page: [], note: [] }};
             let running = true;
             const importing = invoke('import_files', {{ request: {{ paths: [{dir}] }} }})
               .finally(() => {{ running = false; }});
             const pause = (ms) => new Promise((r) => setTimeout(r, ms));
             const timed = async (list, run) => {{
               const t = performance.now();
               const answer = await run();
               if (running) list.push(performance.now() - t);
               return answer;
             }};
             let title = null, rows = 0;
             await pause(200);
             while (running && times.clipping.length < 40) {{
               title = (await timed(times.clipping,
                 () => invoke('get_clipping', {{ request: {{ id: 1 }} }}))).title;
               rows = (await timed(times.page,
                 () => invoke('list_page', {{ request: {{ query }} }}))).items.length;
               await timed(times.note, () => invoke('set_clipping_note',
                 {{ request: {{ clippingId: 1, note: 'Written during the import ' + times.note.length }} }}));
               await pause(25);
             }}
             const report = await importing;
             return {{ times, title, rows, imported: report.imported.length }};
             }})();",
            dir = serde_json::to_string(&files.display().to_string()).unwrap(),
        ))
        .await;
    assert_eq!(measured["imported"], 1000, "{measured}");
    assert_eq!(measured["title"], "A walk along the old canal");
    assert!(measured["rows"].as_u64().unwrap() >= 1, "{measured}");
    let times = |name: &str| -> Vec<f64> {
        let mut t: Vec<f64> = measured["times"][name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        t.sort_by(f64::total_cmp);
        t
    };
    let (clipping, page, note) = (times("clipping"), times("page"), times("note"));
    assert!(
        clipping.len() >= 3 && page.len() >= 3 && note.len() >= 3,
        "reads and writes answered while the import ran: {measured}"
    );
    let summary = |t: &[f64]| {
        json!({
            "reads": t.len(),
            "median_ms": t[t.len() / 2],
            "slowest_ms": t[t.len() - 1],
        })
    };
    let figures = json!({
        "files_imported": 1000,
        "open_clipping": summary(&clipping),
        "list_page_of_100": summary(&page),
        "write_a_note": summary(&note),
    });
    record("reads during an import", "import-reads.json", &figures);
    app.quit().await;
}

/// An address typed into Add URL that is not a web page's is refused by the core, whose
/// message the person sees; the form stays open to correct it.
#[tokio::test(flavor = "multi_thread")]
async fn add_url_shows_the_cores_refusal_of_what_is_no_web_address() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let app = App::launch(&library).await;
    app.wait_for_empty_library().await;
    click(&app, "[data-testid=add-url-button]").await;
    let input = app
        .client
        .find(Locator::Css("[data-testid=url-input]"))
        .await
        .unwrap();
    input.send_keys("mailto:harbour@example.com").await.unwrap();
    click(&app, "form.add-url button[type=submit]").await;
    let failure = app
        .wait_for(
            "the refusal",
            "const f = document.querySelector('[data-testid=import-failures]');
             return f && f.textContent;",
        )
        .await;
    assert!(
        failure.as_str().unwrap().contains("is not a web address"),
        "{failure}"
    );
    let still_open = app
        .js("return !!document.querySelector('[data-testid=url-input]');")
        .await;
    assert_eq!(still_open, true);
    app.quit().await;
}
