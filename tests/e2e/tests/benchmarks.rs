//! The benchmarks: a long article with 1,000 highlights, a list of 100,000 clippings, reads
//! while 1,000 files import. Each asserts what is shown and writes its figures to
//! `artifacts/` for BENCHMARKS.md; none asserts a time.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::{Duration, Instant};

use commonplace_e2e::*;
use serde_json::{Value, json};

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
    import(&library, std::slice::from_ref(&article));
    // A second, short clipping, to open in between (a warm open of the long one).
    import(&library, &[fixture("harbor-ferry.md")]);

    let app = App::launch(&library).await;
    app.list().wait_for_rows(2).await;
    app.list().open(&json!(1), "A Very Long Report").await;
    let content = app.reader().text(&json!(1)).await;
    assert!(content.len() > 190 * 1024);
    let bare = app
        .wait_for(
            "the article's first paint",
            "return cp.readerFrame().dataset.openPaintMs;",
        )
        .await;
    // 1,000 highlights, spread over the whole text, through the app's own command: ten
    // scripts of 100, each well within WebDriver's script timeout on a slow machine.
    let mut made = 0;
    for batch in 0..10 {
        let added = app
            .js(&format!(
                "const t = cp.readerFrame().contentDocument.getElementById('content').textContent;
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
    app.list().wait_for_rows(2).await;
    app.list().open(&json!(1), "A Very Long Report").await;
    app.wait_for(
        "every mark",
        "const f = cp.readerFrame();
         return f.dataset.marks === '1000' && f.dataset.openPaintMs && f.dataset.restBatchMs;",
    )
    .await;
    let open = app
        .js("const f = cp.readerFrame(); return [f.dataset.openPaintMs, f.dataset.paintMs, f.dataset.loadMs, f.dataset.restBatchMs, f.dataset.wholeMs, document.documentElement.dataset.readerWarmUpMs];")
        .await;
    // Every mark is drawn, each with its boxes, over the text it stands for.
    let drawn = app
        .js("const d = cp.readerFrame().contentDocument;
             const marks = [...d.querySelectorAll('#cp-marks .cp-mark')];
             return [marks.length, marks.filter(m => m.children.length > 0).length];")
        .await;
    assert_eq!(drawn, json!([1000, 1000]));
    // A new highlight: from the choice of colour to its painted mark.
    select_words(
        &app,
        "what the council's officers answered, in the careful prose of minutes",
    )
    .await;
    app.wait_for("the selection toolbar", "return !!cp.selectionToolbar();")
        .await;
    app.toolbar().color("purple").await;
    let mark = app
        .wait_for(
            "the new mark",
            "const f = cp.readerFrame();
             return f.dataset.marks === '1001' && f.dataset.markMs;",
        )
        .await;
    // Another clipping, then the long one again: an open in an app that has shown articles.
    app.list()
        .open(
            &json!(2),
            "Harbor City Votes to Bring Back the Night Ferry After a Decade",
        )
        .await;
    app.list().open(&json!(1), "A Very Long Report").await;
    let again = app
        .wait_for(
            "every mark again",
            "const f = cp.readerFrame();
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
            "const f = cp.readerFrame();
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
    app.list()
        .open(
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
    app.sidebar().view("highlights").await;
    let listed = app
        .wait_for(
            "the highlights view",
            "const r = [...cp.all.highlightRow()];
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
        &format!("{}[data-highlight-id='{furthest}']", parts::HIGHLIGHT_ROW),
    )
    .await;
    let place = app
        .wait_for(
            "the highlight far down the article",
            &format!(
                "const p = cp.highlightPopover();
                 const f = cp.readerFrame();
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

/// Records, in `artifacts/list-benchmark.json`, how the list of a 100,000-clipping library
/// behaves in the app: how long each page of 100 takes to arrive and show as the list is
/// scrolled to its end, the time between frames while it scrolls, and how long a jump to
/// anywhere in it takes to show its rows. It asserts what is shown (the right rows, few of
/// them in the page), never how fast.
#[tokio::test(flavor = "multi_thread")]
async fn a_list_of_a_hundred_thousand_scrolls_to_its_end() {
    const BOOKS: usize = HUNDRED_THOUSAND;
    let (_dir, app) = open_hundred_thousand(false).await;
    // Scroll to the end again and again; each time, how long until the next page shows.
    let mut page_ms: Vec<f64> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let batch = app
            .js("const l = cp.clippingList();
                 const size = () => Number(l.querySelector(cp.sel.clippingRow).getAttribute('aria-setsize'));
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
        .js("const l = cp.clippingList();
             l.scrollTop = l.scrollHeight; l.dispatchEvent(new Event('scroll'));
             return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {
               const rows = [...l.querySelectorAll(cp.sel.clippingRow)];
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
        .js("const l = cp.clippingList();
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
                 const first = [...l.querySelectorAll(cp.sel.clippingRow)]
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
    import(&library, &[fixture("canal-walk.txt")]);
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
    app.wait_for("the library", "return cp.all.clippingRow().length === 1;")
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

/// Nouns the generated clippings' texts are made of: each is in one clipping in 40.
const NOUNS: [&str; 40] = [
    "harbour",
    "ferry",
    "lantern",
    "orchard",
    "meadow",
    "quarry",
    "beacon",
    "granary",
    "estuary",
    "causeway",
    "chapel",
    "mill",
    "terrace",
    "viaduct",
    "brewery",
    "archive",
    "observatory",
    "foundry",
    "tannery",
    "pier",
    "lighthouse",
    "canal",
    "bridge",
    "market",
    "library",
    "theatre",
    "garden",
    "station",
    "harvest",
    "river",
    "forest",
    "valley",
    "island",
    "summit",
    "glacier",
    "desert",
    "prairie",
    "reef",
    "lagoon",
    "delta",
];

/// Writes `count` clippings straight into a new library at `library` (importing them as
/// files would take a debug build many minutes), one a second, oldest first; with
/// `indexed`, each has a sentence of text, in the search index too (one clipping in 40 has
/// each of the [`NOUNS`], one in 1,000 each `topicN`, every one "words").
fn hundred_thousand(library: &std::path::Path, count: usize, indexed: bool) {
    // The CLI makes the library, at the schema this build writes.
    cli(library, &["list", "--json"]);
    let mut db = rusqlite::Connection::open(library).unwrap();
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
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .unwrap();
        let mut index = tx
            .prepare(
                "INSERT INTO clipping_search (rowid, title, author, site_name, text, note, pairs)
                 VALUES (?1, ?2, ?3, '', ?4, '', ?5)",
            )
            .unwrap();
        for b in 0..count {
            let clipped = format!(
                "2025-01-{:02}T{:02}:{:02}:{:02}.000Z",
                1 + b / 86_400,
                (b / 3600) % 24,
                (b / 60) % 60,
                b % 60
            );
            let hash = format!("{b:064x}");
            let id = b as i64 + 1;
            let title = format!("Volume {b:06}");
            let author = format!("Writer {}", b % 997);
            let text = if indexed {
                format!(
                    "Words about the {} near the {}, with notes on topic{} and the long walk home.",
                    NOUNS[b % 40],
                    NOUNS[(b / 40) % 40],
                    b % 1000
                )
            } else {
                "Words.".to_owned()
            };
            clipping
                .execute(rusqlite::params![id, title, author, clipped, hash])
                .unwrap();
            version
                .execute(rusqlite::params![
                    id,
                    format!("<p>{text}</p>"),
                    text,
                    hash,
                    clipped
                ])
                .unwrap();
            if indexed {
                index
                    .execute(rusqlite::params![
                        id,
                        title,
                        author,
                        text,
                        own_words(&title, &author)
                    ])
                    .unwrap();
            }
        }
    }
    if indexed {
        // Indexed above: nothing left for the library to index.
        tx.execute("DELETE FROM search_pending", []).unwrap();
    }
    tx.commit().unwrap();
}

/// The index's column `pairs` for a clipping [`hundred_thousand`] writes, as the core's
/// `store::search::own_words` writes it: the words of its title and author, each marked as
/// the field's (so that `title:volume` finds them), then the common words of its text that
/// stand together ("about the", "and the"), so that a phrase of them finds it too.
fn own_words(title: &str, author: &str) -> String {
    let mut out = String::new();
    for (mark, field) in [('\u{E001}', title), ('\u{E002}', author)] {
        for word in field.split(' ') {
            out.push(mark);
            out.push_str(word);
            out.push(' ');
        }
    }
    out.push_str("\u{E000}about\u{E000}the \u{E000}and\u{E000}the ");
    out
}

/// How many clippings the long-list and search benchmarks' library holds.
const HUNDRED_THOUSAND: usize = 100_000;

/// The app over a new library of [`HUNDRED_THOUSAND`] clippings (see [`hundred_thousand`]),
/// once its first page is shown; the folder holding the library goes when dropped.
async fn open_hundred_thousand(indexed: bool) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    hundred_thousand(&library, HUNDRED_THOUSAND, indexed);
    let app = App::launch_with(&library, "off").await;
    app.wait_for(
        "the first page",
        &format!(
            "return cp.libraryCount().textContent === '{HUNDRED_THOUSAND}'
               && cp.all.clippingRow().length > 0;"
        ),
    )
    .await;
    (dir, app)
}

/// Records, in `artifacts/search-benchmark.json`, how long the app takes from a keystroke in
/// the search field to its hits painted, over 100,000 clippings, for queries of a rare, a
/// mid-frequency and a common word, two phrases and a field. It asserts what is shown (the
/// hits, their words marked), never how fast.
#[tokio::test(flavor = "multi_thread")]
async fn typing_a_search_over_a_hundred_thousand_paints_its_hits() {
    const BOOKS: usize = HUNDRED_THOUSAND;
    let (_dir, app) = open_hundred_thousand(true).await;
    let queries = [
        ("rare word", "topic7"),
        ("word in one clipping in 40", "lantern"),
        ("two words", "lantern orchard"),
        ("word in every clipping", "words"),
        ("phrase", "\"long walk home\""),
        ("phrase of common words, in every clipping", "\"about the\""),
        ("word and field", "lantern title:volume"),
    ];
    let mut figures = serde_json::Map::new();
    for (what, query) in queries {
        let measured = app
            .js(&format!(
                "const input = cp.searchInput();
                 const frame = () => new Promise(r => requestAnimationFrame(() => r()));
                 const set = (value) => {{
                   input.value = value;
                   input.dispatchEvent(new Event('input', {{ bubbles: true }}));
                 }};
                 const painted = () => {{
                   const hits = cp.searchHits();
                   return hits && !hits.classList.contains('stale') && hits.querySelector('mark');
                 }};
                 return (async () => {{
                   const times = [];
                   let shown = 0;
                   for (let i = 0; i < 12; i++) {{
                     set('');
                     await frame(); await frame();
                     const started = performance.now();
                     set({query});
                     while (!painted()) {{
                       if (performance.now() - started > 20000) return ['timed out', times];
                       await frame();
                     }}
                     await frame();
                     times.push(performance.now() - started);
                     shown = cp.all.searchHit().length;
                   }}
                   // The command alone, as the field asks it: the floor under the above.
                   const invoke = window.__TAURI_INTERNALS__.invoke;
                   const scope = {{ tags: [], color: null, kind: null, clippedFrom: null, clippedTo: null, trash: false }};
                   const command = [];
                   for (let i = 0; i < 12; i++) {{
                     const started = performance.now();
                     await invoke('search', {{ request: {{ query: {query}, sort: null, scope, after: null, limit: 50 }} }});
                     command.push(performance.now() - started);
                   }}
                   return [shown, times, command];
                 }})();",
                query = json!(query)
            ))
            .await;
        assert!(
            measured[0].as_u64().is_some_and(|n| n > 0),
            "{what}: {measured}"
        );
        // The first of each is a cold start (the index's pages read from disk).
        let stats = |v: &Value| {
            let mut times: Vec<f64> = v
                .as_array()
                .unwrap()
                .iter()
                .skip(1)
                .map(|t| t.as_f64().unwrap())
                .collect();
            times.sort_by(f64::total_cmp);
            let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            json!({ "p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": at(1.0) })
        };
        figures.insert(
            what.to_owned(),
            json!({
                "query": query,
                "hits_shown": measured[0],
                "keystroke_to_painted": stats(&measured[1]),
                "search_command": stats(&measured[2]),
            }),
        );
    }
    record(
        "search timings",
        "search-benchmark.json",
        &json!({ "clippings": BOOKS, "queries": figures }),
    );
    app.quit().await;
}
