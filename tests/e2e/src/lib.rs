//! The harness of the end-to-end tests: the built app in a real WebKit window under Xvfb,
//! driven through tauri-driver and WebKitWebDriver against a real library file filled by
//! the real CLI. The parts of the window the tests touch are named once, in [`parts`]; the
//! tests are in `tests/`, one file per area (reader, highlights, tags, import, security)
//! and the benchmarks apart (`tests/benchmarks.rs`), which write their figures for
//! BENCHMARKS.md.
//!
//! Run with the app and CLI built (`cargo build -p commonplace-app -p commonplace-cli` after
//! `npm --prefix ui run build`), `tauri-driver` on PATH and a display (`xvfb-run -a`).

pub mod pages;
pub mod parts;

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The workspace root, where `target/` and `tests/fixtures/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn binary(env: &str, name: &str) -> PathBuf {
    std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug").join(name))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/articles").join(name)
}

/// Runs the real CLI on `library` and returns its JSON output.
pub fn cli(library: &Path, args: &[&str]) -> Value {
    let stdout = cli_run(library, args);
    serde_json::from_slice(&stdout).expect("the CLI prints JSON")
}

/// Runs the real CLI on `library`, which must succeed; what it printed (for commands that
/// print no JSON: `note set`, `delete`).
pub fn cli_run(library: &Path, args: &[&str]) -> Vec<u8> {
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
    output.stdout
}

/// Imports `paths` into `library` with the real CLI; its JSON report.
pub fn import(library: &Path, paths: &[PathBuf]) -> Value {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["import", "--json"];
    args.extend(paths.iter().map(String::as_str));
    cli(library, &args)
}

/// Where screenshots go, for people and for the README.
pub fn artifacts() -> PathBuf {
    let dir = root().join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts/ can be created");
    dir
}

/// Prints figures a test measured and writes them to `artifacts/NAME` for BENCHMARKS.md.
pub fn record(what: &str, name: &str, figures: &Value) {
    println!("{what}: {figures}");
    std::fs::write(
        artifacts().join(name),
        serde_json::to_string_pretty(figures).expect("figures are JSON"),
    )
    .expect("the figures are written");
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// The app under test: tauri-driver, and a WebDriver session that launched the app.
pub struct App {
    driver: Child,
    /// The WebDriver session, for what the helpers here do not cover.
    pub client: Client,
}

impl App {
    /// Launches the app over `library`, composited: WebKitWebDriver's screenshots wait for
    /// a composited frame and never return without one.
    pub async fn launch(library: &Path) -> App {
        App::launch_with(library, "on").await
    }

    /// Launches the app with the webview's compositing `on` or `off` (as the app chooses
    /// by itself on a machine without a GPU, such as this virtual display's).
    pub async fn launch_with(library: &Path, compositing: &str) -> App {
        App::start(library, compositing, false).await
    }

    /// Launches the app as a person has it, backing the library up by itself (the other
    /// launches leave that out, so that no test or benchmark shares the machine with it).
    pub async fn launch_backing_up(library: &Path) -> App {
        App::start(library, "on", true).await
    }

    async fn start(library: &Path, compositing: &str, auto_backup: bool) -> App {
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
                .env(
                    "COMMONPLACE_AUTO_BACKUP",
                    if auto_backup { "on" } else { "off" },
                )
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
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(&format!("{}\n{script}", parts::page_prelude()), vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns something truthy, or fails after a while.
    pub async fn wait_for(&self, what: &str, script: &str) -> Value {
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
    pub async fn fail(&self, message: &str) -> ! {
        // Nothing here may fail in turn: the page may be what went wrong.
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(artifacts().join("failure.png"), png);
        }
        const SUMMARY: &str = "const rows = cp.all.clippingRow().length;
             const title = cp.readerTitle()?.textContent;
             const counts = [...document.querySelectorAll('[data-testid$=-count]')]
               .map(e => e.dataset.testid + '=' + e.textContent).join(' ');
             const alerts = [...document.querySelectorAll('[role=alert]')]
               .map(e => e.textContent.trim()).join(' | ');
             return `rows: ${rows}; reader: ${title}; counts: ${counts}; alerts: ${alerts}`;";
        let page = self
            .client
            .execute(&format!("{}\n{SUMMARY}", parts::page_prelude()), vec![])
            .await
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|e| format!("(the page cannot be read: {e})"));
        panic!("{message}\nthe page: {page}\n(screenshot: artifacts/failure.png)");
    }

    pub async fn screenshot(&self, name: &str) {
        // What the page holds now is on screen once the frame after it has been drawn.
        self.js(
            "return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
        )
        .await;
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(artifacts().join(name), png).expect("the screenshot is written");
    }

    pub async fn quit(self) {
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

/// Selects `words` in the reader's article, as a drag of the mouse would.
pub async fn select_words(app: &App, words: &str) {
    let script = format!(
        "const d = cp.readerFrame().contentDocument;
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
pub const MARK_PLACES: &str = "const d = cp.readerFrame().contentDocument;
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
pub async fn painted(app: &App, color: &str) -> Value {
    app.js(&format!(
        "const d = cp.readerFrame().contentDocument;
         const text = Array.from(d.getElementById('content').textContent);
         return [...d.querySelectorAll('#cp-marks .cp-{color}')]
           .filter(m => m.children.length > 0 && m.children[0].getBoundingClientRect().width > 0)
           .map(m => text.slice(Number(m.dataset.start), Number(m.dataset.end)).join(''));"
    ))
    .await
}

/// Clicks the element `css` names, once it is there and can be clicked (the UI may still be
/// rendering it, or moving it).
pub async fn click(app: &App, css: &str) {
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

/// Types `text` into the element `css` names, then Enter.
pub async fn type_enter(app: &App, css: &str, text: &str) {
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
pub async fn cli_until(
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
