//! Benchmarks on generated data: imports (a 50,000-entry Kindle clippings file, a folder of
//! 1,000 Markdown articles, 200 web pages), and highlights (opening a 200 KB clipping with
//! 1,000 of them, re-anchoring them to a new version). Prints the best of a
//! few runs. Run with:
//!
//!     cargo run --release -p commonplace-core --example bench
//!     cargo run --release -p commonplace-core --example bench -- kindle 'My Clippings.txt'
//!
//! Results and targets are kept in BENCHMARKS.md.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use commonplace_core::import::{Parsed, parse_file};
use commonplace_core::{Color, ImportOptions, Library, ListQuery, Sort, Status, Target};

const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // `bench web` runs only the web pages (to profile them), `bench highlights` only the
    // highlights, `bench kindle` only the generated Kindle files (with file names, those).
    match std::env::args().nth(1).as_deref() {
        Some("web") => return web_pages(dir.path()),
        Some("highlights") => return highlights(dir.path()),
        Some("views") => return views(dir.path()),
        Some("search") => return search(dir.path()),
        Some("backup") => return backup(dir.path()),
        Some("export") => return export(dir.path()),
        Some("json-import") => {
            let file = std::env::args()
                .nth(2)
                .ok_or("bench json-import FILE: a JSON export to import")?;
            return json_import(dir.path(), Path::new(&file));
        }
        Some("kindle") if std::env::args().nth(2).is_some() => return kindle_files(dir.path()),
        Some("kindle") => return kindle_generated(dir.path()),
        _ => {}
    }

    kindle_generated(dir.path())?;
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles)?;
    for i in 0..1_000 {
        std::fs::write(articles.join(format!("article-{i:04}.md")), article(i))?;
    }

    report(
        "Markdown, a folder of 1,000 articles",
        dir.path(),
        &[articles],
    )?;
    web_pages(dir.path())?;
    highlights(dir.path())?;
    views(dir.path())?;
    Ok(())
}

/// The generated Kindle files: 50,000 entries in 200 books, the same in one book, and the
/// first imported again.
fn kindle_generated(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let many_books = dir.join("many-books.txt");
    std::fs::write(&many_books, kindle_file(50_000, 200))?;
    let one_book = dir.join("one-book.txt");
    std::fs::write(&one_book, kindle_file(50_000, 1))?;
    report(
        "Kindle, 50,000 entries in 200 books",
        dir,
        std::slice::from_ref(&many_books),
    )?;
    report("Kindle, 50,000 entries in one book", dir, &[one_book])?;
    report_reimport(
        "Kindle re-import, 50,000 entries, nothing new",
        dir,
        &many_books,
    )
}

/// `bench kindle FILE...`: importing each of the given clippings files (real ones, kept out
/// of the project), then importing it again.
fn kindle_files(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<PathBuf> = std::env::args().skip(2).map(PathBuf::from).collect();
    if files.is_empty() {
        return kindle_generated(dir);
    }
    for file in files {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let size = std::fs::metadata(&file)?.len();
        report(
            &format!("{name} ({} KB)", size / 1024),
            dir,
            std::slice::from_ref(&file),
        )?;
        report_reimport(&format!("{name}, again"), dir, &file)?;
    }
    Ok(())
}

fn web_pages(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let pages = dir.join("pages");
    std::fs::create_dir(&pages)?;
    let mut bytes = 0;
    for i in 0..200 {
        let page = web_page(i);
        bytes += page.len();
        std::fs::write(pages.join(format!("page-{i:03}.html")), page)?;
    }
    let name = format!("Web pages, 200 saved pages of {} KB", bytes / 200 / 1024);
    report(&name, dir, &[pages])
}

/// A long report of about 200 KB, its paragraphs numbered; `edited` changes it as a new
/// version would: a paragraph added every 20, a word changed in every 7th, every 50th gone.
fn long_report(edited: bool) -> String {
    // Its address makes the edited file a new version of the same clipping.
    let mut text = String::from(
        "---\ntitle: A Very Long Report\nurl: https://reports.example.org/long\n---\n\n",
    );
    let mut n = 0;
    while text.len() < 200 * 1024 {
        if edited && n % 20 == 0 {
            text.push_str(
                "An inserted paragraph of the new version shifts everything after it.\n\n",
            );
        }
        let mut paragraph = format!(
            "Paragraph {n} of the long report sets out what the committee heard on the day, who spoke, what they asked for and what the council's officers answered, in the careful prose of minutes.\n\n"
        );
        if edited && n % 7 == 0 {
            paragraph = paragraph.replace("the committee heard", "the board was told");
        }
        if !(edited && n % 50 == 25) {
            text.push_str(&paragraph);
        }
        n += 1;
    }
    text
}

/// Opening a 200 KB clipping with 1,000 highlights, and re-anchoring them all to a new
/// version.
fn highlights(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let file = dir.join("long-report.md");
    std::fs::write(&file, long_report(false))?;
    let path = dir.join("highlights.sqlite");
    let mut library = Library::open(&path)?;
    // As the app runs it: checkpoints wait until writes pause.
    library.checkpoint_in_background()?;
    let id = library
        .import_file(&file, &ImportOptions::default())?
        .clippings[0]
        .id();
    let text = library.clipping(id)?.text;
    let chars: Vec<char> = text.chars().collect();
    let step = chars.len() / 1000;
    for i in 0..1000 {
        let start = i * step + 3;
        let end = start + 40;
        let target = Target::Range {
            start,
            end,
            exact: Some(chars[start..end].iter().collect()),
        };
        library.add_highlight(id, &target, Color::ALL[i % 5], "")?;
    }
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        let clipping = library.clipping(id)?;
        let marks = library.highlights(Some(id))?;
        best = best.min(start.elapsed());
        assert_eq!(marks.len(), 1000);
        assert!(clipping.text.len() > 190 * 1024);
    }
    println!(
        "{:<48} {:>8.1} ms",
        "Open a 200 KB clipping with 1,000 highlights",
        best.as_secs_f64() * 1000.0
    );

    // The new version, parsed beforehand: what is timed is storing it, which re-anchors
    // every highlight in the same transaction.
    std::fs::write(&file, long_report(true))?;
    let Parsed::Clipping(new) = parse_file(&file, &ImportOptions::default())? else {
        unreachable!("a Markdown file is one document")
    };
    let start = Instant::now();
    let outcome = library.save_clipping(&new)?;
    let took = start.elapsed();
    assert_eq!(outcome, commonplace_core::SaveOutcome::Updated(id));
    let marks = library.highlights(Some(id))?;
    let count = |s: Status| marks.iter().filter(|h| h.status == s).count();
    println!(
        "{:<48} {:>8.1} ms  ({} anchored, {} fuzzy, {} orphaned)",
        "Re-anchor 1,000 highlights to a changed 200 KB text",
        took.as_secs_f64() * 1000.0,
        count(Status::Anchored),
        count(Status::Fuzzy),
        count(Status::Orphaned)
    );
    drop(library);
    remove_library(&path);
    Ok(())
}

/// A library of 100,000 clippings, 1,000,000 highlights and 2,000 tags (written straight
/// into the file, which is faster than importing), then: pages of the list in every sort,
/// with and without tag filters; the tag list with counts; renaming and merging a tag used
/// 10,000 times.
fn views(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join("views.sqlite");
    drop(Library::open(&path)?);
    let started = Instant::now();
    {
        let mut conn = rusqlite::Connection::open(&path)?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        let tx = conn.transaction()?;
        {
            let mut tag = tx.prepare("INSERT INTO tag (id, name, key) VALUES (?1, ?2, ?3)")?;
            for t in 0..2_000 {
                // 40 parents with 49 children each.
                let name = if t < 40 {
                    format!("Topic {t:02}")
                } else {
                    format!("Topic {:02}/Sub {t:04}", t % 40)
                };
                tag.execute(rusqlite::params![t + 1, name, name.to_lowercase()])?;
            }
            let mut clipping = tx.prepare(
                "INSERT INTO clipping (id, kind, title, author, site_name, source_url,
                        published_at, clipped_at, updated_at, content_hash, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, 'Example', NULL, ?5, ?6, ?6, ?7, ?8)",
            )?;
            let mut version = tx.prepare(
                "INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
                 VALUES (?1, '<p>x</p>', 'x', ?2, ?3)",
            )?;
            let mut clipping_tag = tx.prepare(
                "INSERT OR IGNORE INTO clipping_tag (clipping_id, tag_id) VALUES (?1, ?2)",
            )?;
            let mut highlight = tx.prepare(
                "INSERT INTO highlight (clipping_id, exact, start_pos, end_pos, color, created_at,
                                        updated_at, deleted_at)
                 VALUES (?1, 'words', ?2, ?3, ?4, ?5, ?5, ?6)",
            )?;
            let mut highlight_tag =
                tx.prepare("INSERT INTO highlight_tag (highlight_id, tag_id) VALUES (?1, ?2)")?;
            let colors = ["yellow", "green", "blue", "pink", "purple"];
            for c in 1..=100_000i64 {
                let clipped = format!(
                    "2024-{:02}-{:02}T{:02}:{:02}:00.000Z",
                    1 + c % 12,
                    1 + c % 28,
                    c % 24,
                    c % 60
                );
                let published =
                    (c % 4 != 0).then(|| format!("20{:02}-01-{:02}", 10 + c % 15, 1 + c % 28));
                let author = (c % 5 != 0).then(|| format!("Author {:05}", (c * 7919) % 30_000));
                let hash = format!("{c:064x}");
                let kind = if c % 20 == 0 { "book" } else { "article" };
                clipping.execute(rusqlite::params![
                    c,
                    kind,
                    format!("Title {:06}", (c * 104_729) % 1_000_003),
                    author,
                    published,
                    clipped,
                    hash,
                    // One in a hundred in the trash.
                    (c % 100 == 7).then_some(&clipped)
                ])?;
                version.execute(rusqlite::params![c, hash, clipped])?;
                // Three tags each: one common (tag 41, Topic 00/Sub 0040, 10,000 uses), two
                // spread out.
                if c % 10 == 0 {
                    clipping_tag.execute(rusqlite::params![c, 41])?;
                }
                clipping_tag.execute(rusqlite::params![c, 42 + (c * 31) % 1_958])?;
                clipping_tag.execute(rusqlite::params![c, 1 + (c * 17) % 40])?;
                for h in 0..10i64 {
                    highlight.execute(rusqlite::params![
                        c,
                        h * 10,
                        h * 10 + 5,
                        colors[((c + h) % 5) as usize],
                        clipped,
                        // One in a thousand deleted (kept for Undo).
                        ((c + h) % 1_000 == 3).then_some(&clipped)
                    ])?;
                    // One highlight in ten is tagged.
                    if (c + h) % 10 == 0 {
                        highlight_tag.execute(rusqlite::params![
                            tx.last_insert_rowid(),
                            42 + (c * 13 + h) % 1_958
                        ])?;
                    }
                }
            }
        }
        tx.commit()?;
        conn.execute_batch("ANALYZE; PRAGMA optimize;")?;
    }
    println!(
        "{:<48} {:>8.1} s",
        "(generating 100,000 clippings, 1,000,000 highlights)",
        started.elapsed().as_secs_f64()
    );

    let mut library = Library::open(&path)?;
    // As the app runs it.
    library.checkpoint_in_background()?;
    // The rows were written around the library, so the search index has them all to take
    // in: the first write does it (as the migration to version 9 does for a real library),
    // which is no part of what the write after it costs.
    let started = Instant::now();
    library.set_clipping_note(1, "")?;
    println!(
        "{:<48} {:>8.1} s",
        "(indexing them for search)",
        started.elapsed().as_secs_f64()
    );
    let time = |f: &mut dyn FnMut() -> Result<(), Box<dyn std::error::Error>>| -> Result<Duration, Box<dyn std::error::Error>> {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            f()?;
            best = best.min(start.elapsed());
        }
        Ok(best)
    };
    let mut worst = (Duration::ZERO, String::new());
    let verbose = std::env::var_os("COMMONPLACE_BENCH_VERBOSE").is_some();
    for sort in [Sort::Clipped, Sort::Published, Sort::Title, Sort::Author] {
        for tags in [
            vec![],
            vec!["topic 00/sub 0040".to_owned()],
            vec!["topic 01/sub 0041".to_owned()],
            vec!["topic 07".to_owned()],
            vec!["topic 05/sub 1005".to_owned()],
            vec!["topic 00/sub 0040".to_owned(), "topic 10".to_owned()],
        ] {
            // The first page, and one far into the list (by its cursor).
            let mut query = ListQuery {
                sort,
                tags: tags.clone(),
                ..Default::default()
            };
            for _ in 0..20 {
                match library.list(&query)?.next {
                    Some(next) => query.after = Some(next),
                    None => break,
                }
            }
            for q in [
                ListQuery {
                    sort,
                    tags: tags.clone(),
                    ..Default::default()
                },
                query,
            ] {
                let took = time(&mut || {
                    let page = library.list(&q)?;
                    assert!(!page.items.is_empty());
                    Ok(())
                })?;
                let page = if q.after.is_some() {
                    "page 21"
                } else {
                    "page 1"
                };
                if verbose {
                    println!(
                        "    {:<9} {:<32} {page:<8} {:>6.2} ms",
                        format!("{sort:?}"),
                        if tags.is_empty() {
                            "(no tag)".to_owned()
                        } else {
                            tags.join(" + ")
                        },
                        took.as_secs_f64() * 1000.0
                    );
                }
                if took > worst.0 {
                    worst = (took, format!("{sort:?}, tags {tags:?}, {page}"));
                }
            }
        }
    }
    println!(
        "{:<48} {:>8.1} ms  (slowest: {})",
        "One page of 50, any sort and tag filter",
        worst.0.as_secs_f64() * 1000.0,
        worst.1
    );
    let took = time(&mut || {
        assert_eq!(library.tags()?.len(), 2_000);
        Ok(())
    })?;
    println!(
        "{:<48} {:>8.1} ms",
        "The tags with their counts",
        took.as_secs_f64() * 1000.0
    );
    let start = Instant::now();
    let change = library.rename_tag("topic 00/sub 0040", "Renamed")?;
    let renamed = start.elapsed();
    library.undo_tag_change(&change)?;
    // Merged into a tag on 51 clippings, and into one on 2,500 (best of three, each undone).
    let mut merged = Duration::MAX;
    let mut merged_large = Duration::MAX;
    let mut undone_large = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let change = library.rename_tag("topic 00/sub 0040", "topic 02/sub 0042")?;
        merged = merged.min(start.elapsed());
        library.undo_tag_change(&change)?;
        let start = Instant::now();
        let change = library.rename_tag("topic 00/sub 0040", "topic 03")?;
        merged_large = merged_large.min(start.elapsed());
        let start = Instant::now();
        library.undo_tag_change(&change)?;
        undone_large = undone_large.min(start.elapsed());
    }
    println!(
        "{:<48} {:>8.1} ms  (merge: {:.1} ms; into 2,500: {:.1} ms, its undo {:.1} ms)",
        "Rename a tag used 10,000 times",
        renamed.as_secs_f64() * 1000.0,
        merged.as_secs_f64() * 1000.0,
        merged_large.as_secs_f64() * 1000.0,
        undone_large.as_secs_f64() * 1000.0
    );
    drop(library);
    if std::env::var_os("COMMONPLACE_BENCH_KEEP").is_some() {
        let kept = std::env::temp_dir().join("commonplace-views.sqlite");
        std::fs::copy(&path, &kept)?;
        println!("(kept the library as {})", kept.display());
    }
    remove_library(&path);
    Ok(())
}

/// Imports `paths` into a fresh library file `RUNS` times and prints the best time.
fn report(name: &str, dir: &Path, paths: &[PathBuf]) -> Result<(), Box<dyn std::error::Error>> {
    let mut best = Duration::MAX;
    for run in 0..RUNS {
        let path = dir.join(format!("bench-{run}-{}.sqlite", best.as_nanos() % 1000));
        let mut library = Library::open(&path)?;
        let start = Instant::now();
        let report = library.import_files(paths, &ImportOptions::default(), |_, _, _, _| {
            commonplace_core::Progress::Continue
        });
        let took = start.elapsed();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        best = best.min(took);
        drop(library);
        remove_library(&path);
    }
    println!("{name:<48} {:>8.1} ms", best.as_secs_f64() * 1000.0);
    Ok(())
}

fn report_reimport(name: &str, dir: &Path, file: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join("reimport.sqlite");
    let mut library = Library::open(&path)?;
    library.import_file(file, &ImportOptions::default())?;
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        library.import_file(file, &ImportOptions::default())?;
        best = best.min(start.elapsed());
    }
    println!("{name:<48} {:>8.1} ms", best.as_secs_f64() * 1000.0);
    drop(library);
    remove_library(&path);
    Ok(())
}

fn remove_library(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A clippings file of `entries` entries spread over `books` books: mostly highlights, with
/// extended highlights, notes and bookmarks among them, as a long-time reader's file has.
fn kindle_file(entries: usize, books: usize) -> String {
    let mut out = String::with_capacity(entries * 260);
    let mut location = vec![100u32; books];
    let mut last_text = vec![String::new(); books];
    for i in 0..entries {
        let book = i % books;
        let title = format!("Generated Book {book} (Author{book}, Some)");
        let start = location[book];
        let added = format!(
            "Added on Sunday, March 1, 2020 {}:{:02}:{:02} PM",
            1 + i % 11,
            i % 60,
            (i / 60) % 60
        );
        match i % 20 {
            // An extension of the previous highlight of this book.
            7 if !last_text[book].is_empty() => {
                let previous = start - 8;
                let _ = write!(
                    out,
                    "{title}\r\n- Your Highlight on page {} | Location {previous}-{} | {added}\r\n\r\n{} And the reader then extended it a little further.\r\n==========\r\n",
                    previous / 15,
                    previous + 6,
                    last_text[book]
                );
            }
            13 => {
                let _ = write!(
                    out,
                    "{title}\r\n- Your Note on page {} | Location {} | {added}\r\n\r\nA note about entry {i}.\r\n==========\r\n",
                    start / 15,
                    start.saturating_sub(4)
                );
            }
            19 => {
                let _ = write!(
                    out,
                    "{title}\r\n- Your Bookmark on page {} | Location {start} | {added}\r\n\r\n\r\n==========\r\n",
                    start / 15
                );
            }
            _ => {
                last_text[book] = format!(
                    "Highlight {i} of book {book}, a sentence of ordinary length about nothing much at all."
                );
                let _ = write!(
                    out,
                    "{title}\r\n- Your Highlight on page {} | Location {start}-{} | {added}\r\n\r\n{}\r\n==========\r\n",
                    start / 15,
                    start + 4,
                    last_text[book]
                );
                location[book] += 8;
            }
        }
    }
    out
}

/// A saved news page of about 80 KB: head with metadata and scripts, navigation, the story,
/// related links, comments and a footer, as real pages carry.
fn web_page(i: usize) -> String {
    let mut story = String::new();
    for p in 0..30 {
        let _ = write!(
            story,
            "<p>Paragraph {p} of web story {i} reports what the council decided, with <a href=\"https://example.org/{i}/{p}\">a source</a> and <em>emphasis</em>, at the length a paragraph in a long feature usually runs to, which is a few sentences.</p>"
        );
    }
    let mut clutter = String::new();
    for n in 0..250 {
        let _ = write!(
            clutter,
            "<li class=\"nav-item\"><a href=\"/section/{n}\">Section {n}</a> <span class=\"badge\">new</span></li>"
        );
    }
    let mut comments = String::new();
    for c in 0..60 {
        let _ = write!(
            comments,
            "<div class=\"comment\"><b>Reader {c}</b><p>A comment of ordinary length under story {i}, agreeing with some of it.</p></div>"
        );
    }
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Web story {i} | The Example Times</title>\
         <meta property=\"og:site_name\" content=\"The Example Times\"><link rel=\"canonical\" href=\"https://times.example.com/story/{i}\">\
         <script>{}</script></head><body><nav><ul>{clutter}</ul></nav><main><article><h1>Web story {i}</h1>{story}</article>\
         <aside class=\"related\"><ul>{}</ul></aside><section class=\"comments\">{comments}</section></main><footer>{}</footer></body></html>",
        "var tracking = {};".repeat(300),
        clutter.replace("Section", "Related"),
        "<p>Footer links and legal text.</p>".repeat(40)
    )
}

/// An article of about 5 KB in the shape of an exported news story.
fn article(i: usize) -> String {
    let mut body = String::new();
    for p in 0..12 {
        let _ = writeln!(
            body,
            "Paragraph {p} of story {i} says what happened, [with a link](https://example.org/{i}/{p}) and *some emphasis*, at the length a news paragraph usually has, neither short nor long.\n"
        );
    }
    format!(
        "# Story number {i}\n\nBy Reporter {r}\n\nMarch {d}, 2026\n\n{body}\nOriginal url:\n\n<https://news.example.com/{i}>\n",
        r = i % 37,
        d = 1 + i % 28
    )
}

/// A deterministic stream of numbers (a linear congruential generator): the same library
/// every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `bench search`: a library of 100,000 clippings of about 5 KB of text (words drawn from
/// a vocabulary of 20,000 with Zipf's law, as words in prose are, English's hundred
/// commonest first; one clipping in a hundred in Chinese) and 1,000,000 highlights, indexed as a migration would index it; then
/// queries of each kind, each beside the bare FTS5 query over the same index as the floor.
fn search(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    const CLIPPINGS: i64 = 100_000;
    let syllables = [
        "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "da", "fi", "gu", "ho", "ja", "pe", "qui",
        "ri", "so", "tu", "wa", "xe", "ya", "ze", "bra", "cli", "dro",
    ];
    // The head of the vocabulary is English's: its hundred commonest words, in their order
    // (the function words that are half of any prose, and some others); the rest are made
    // up of syllables.
    let commonest = [
        "the", "of", "and", "to", "a", "in", "is", "you", "that", "it", "he", "was", "for", "on",
        "are", "as", "with", "his", "they", "i", "at", "be", "this", "have", "from", "or", "one",
        "had", "by", "word", "but", "not", "what", "all", "were", "we", "when", "your", "can",
        "said", "there", "use", "an", "each", "which", "she", "do", "how", "their", "if", "will",
        "up", "other", "about", "out", "many", "then", "them", "these", "so", "some", "her",
        "would", "make", "like", "him", "into", "time", "has", "look", "two", "more", "write",
        "go", "see", "number", "no", "way", "could", "people", "my", "than", "first", "water",
        "been", "call", "who", "oil", "its", "now", "find", "long", "down", "day", "did", "get",
        "come", "made", "may", "part",
    ];
    let vocabulary: Vec<String> = (0..20_000u64)
        .map(|i| {
            if let Some(word) = commonest.get(i as usize) {
                return (*word).to_owned();
            }
            let mut word = String::new();
            let mut n = i + 25;
            while n > 0 {
                word.push_str(syllables[(n % 25) as usize]);
                n /= 25;
            }
            word
        })
        .collect();
    assert_eq!(
        vocabulary
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        vocabulary.len(),
        "every word of the vocabulary is another"
    );
    // Zipf: the word of rank r is drawn with weight 1 / (r + 1).
    let weights: Vec<f64> = (0..vocabulary.len())
        .map(|r| 1.0 / (r as f64 + 1.0))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut sum = 0.0;
    for w in &weights {
        sum += w / total;
        cumulative.push(sum);
    }
    let han: Vec<char> = (0x4E00u32..0x4E00 + 2_500)
        .filter_map(char::from_u32)
        .collect();
    let mut rng = Lcg(42);
    let word = |rng: &mut Lcg| -> &str {
        let x = rng.below(1 << 30) as f64 / f64::from(1u32 << 30);
        let at = cumulative
            .partition_point(|c| *c < x)
            .min(vocabulary.len() - 1);
        &vocabulary[at]
    };
    // `bench search PATH` keeps the generated library at PATH, and with one there already
    // times the queries alone (to try a change to them without generating it again).
    let kept = std::env::args().nth(2).map(PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.join("search.sqlite"));
    let fresh = !path.exists();
    let started = Instant::now();
    let mut text_bytes = 0usize;
    if fresh {
        drop(Library::open(&path)?);
        let mut conn = rusqlite::Connection::open(&path)?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        let tx = conn.transaction()?;
        {
            let mut clipping = tx.prepare(
                "INSERT INTO clipping (id, kind, title, clipped_at, updated_at, content_hash)
                 VALUES (?1, 'article', ?2, ?3, ?3, ?4)",
            )?;
            let mut version = tx.prepare(
                "INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
                 VALUES (?1, '', ?2, ?3, ?4)",
            )?;
            let mut highlight = tx.prepare(
                "INSERT INTO highlight (clipping_id, exact, start_pos, end_pos, color,
                                        created_at, updated_at)
                 VALUES (?1, ?2, 0, 1, 'yellow', ?3, ?3)",
            )?;
            for c in 1..=CLIPPINGS {
                let clipped = format!("2024-{:02}-{:02}T00:00:00.000Z", 1 + c % 12, 1 + c % 28);
                let hash = format!("{c:064x}");
                let title: Vec<&str> = (0..5).map(|_| word(&mut rng)).collect();
                let text = if c % 100 == 0 {
                    (0..1_600)
                        .map(|_| han[rng.below(han.len() as u64) as usize])
                        .collect::<String>()
                } else {
                    let mut text = String::with_capacity(5_200);
                    while text.len() < 5_000 {
                        text.push_str(word(&mut rng));
                        text.push(if rng.below(12) == 0 { '.' } else { ' ' });
                        if text.ends_with('.') {
                            text.push(' ');
                        }
                    }
                    text
                };
                text_bytes += text.len();
                clipping.execute(rusqlite::params![c, title.join(" "), clipped, hash])?;
                version.execute(rusqlite::params![c, text, hash, clipped])?;
                for _ in 0..10 {
                    let words: Vec<&str> = (0..8).map(|_| word(&mut rng)).collect();
                    highlight.execute(rusqlite::params![c, words.join(" "), clipped])?;
                }
            }
        }
        tx.commit()?;
        println!(
            "{:<48} {:>8.1} s  ({} MB of text)",
            "(generating 100,000 clippings, 1,000,000 highlights)",
            started.elapsed().as_secs_f64(),
            text_bytes / 1_000_000
        );
    }
    if fresh || std::env::var_os("BENCH_REINDEX").is_some() {
        // As a library from before version 10 (when the index was made again) opens: the
        // migration indexes all of it, a part at a time, saying how far it is.
        {
            let conn = rusqlite::Connection::open(&path)?;
            conn.execute_batch(
                "DROP TABLE IF EXISTS saved_search; DROP INDEX IF EXISTS highlight_by_deleted_at;
                 PRAGMA user_version = 9;",
            )?;
        }
        let started = Instant::now();
        let rows = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let seen = rows.clone();
        drop(Library::open_reporting(&path, move |_, total| {
            seen.set(total)
        })?);
        println!(
            "{:<48} {:>8.1} s  ({} rows, its progress reported)",
            "Indexing them all for search (the migration)",
            started.elapsed().as_secs_f64(),
            rows.get()
        );
    }
    let library = Library::open(&path)?;
    let conn = rusqlite::Connection::open(&path)?;
    let size = |like: &str| -> rusqlite::Result<i64> {
        conn.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?1",
            [like],
            |r| r.get(0),
        )
    };
    let index = size("clipping_search%")? + size("highlight_search%")?;
    if !fresh {
        text_bytes = conn.query_row(
            "SELECT sum(length(CAST(text AS BLOB))) FROM clipping_version",
            [],
            |r| r.get::<_, i64>(0),
        )? as usize;
    }
    let highlights_bytes: i64 =
        conn.query_row("SELECT sum(length(exact)) FROM highlight", [], |r| r.get(0))?;
    println!(
        "{:<48} {:>8} MB  (the text: {} MB, with the highlights' words {} MB)",
        "Index size",
        index / 1_000_000,
        text_bytes / 1_000_000,
        (text_bytes as i64 + highlights_bytes) / 1_000_000
    );

    // Words by how common they are: the first is in most clippings.
    let kinds: Vec<(&str, Vec<String>)> = vec![
        (
            "one mid-frequency word",
            (0..20).map(|i| vocabulary[800 + i * 37].clone()).collect(),
        ),
        (
            "two mid-frequency words",
            (0..20)
                .map(|i| format!("{} {}", vocabulary[300 + i * 11], vocabulary[900 + i * 13]))
                .collect(),
        ),
        (
            "three words",
            (0..20)
                .map(|i| {
                    format!(
                        "{} {} {}",
                        vocabulary[100 + i],
                        vocabulary[400 + i * 7],
                        vocabulary[1200 + i * 3]
                    )
                })
                .collect(),
        ),
        (
            "a phrase of two of the commonest words",
            (0..20)
                .map(|i| format!("\"{} {}\"", vocabulary[i], vocabulary[i + 1]))
                .collect(),
        ),
        (
            "a phrase of three of the commonest words",
            (0..20)
                .map(|i| {
                    format!(
                        "\"{} {} {}\"",
                        vocabulary[i],
                        vocabulary[i + 1],
                        vocabulary[i + 2]
                    )
                })
                .collect(),
        ),
        (
            "a phrase of a common and a mid-frequency word",
            (0..20)
                .map(|i| format!("\"{} {}\"", vocabulary[i], vocabulary[300 + i * 11]))
                .collect(),
        ),
        (
            "a phrase of two words in half the clippings",
            (0..20)
                .map(|i| format!("\"{} {}\"", vocabulary[100 + i], vocabulary[101 + i]))
                .collect(),
        ),
        (
            "a word and a field",
            (0..20)
                .map(|i| format!("{} title:{}", vocabulary[500 + i * 5], vocabulary[20 + i]))
                .collect(),
        ),
        (
            "a word in most clippings",
            (0..20).map(|i| vocabulary[i % 3].clone()).collect(),
        ),
        (
            "two Chinese characters",
            (0..20)
                .map(|i| format!("{}{}", han[i * 7], han[i * 13 + 1]))
                .collect(),
        ),
    ];
    let p95 = |mut times: Vec<f64>| -> f64 {
        times.sort_by(f64::total_cmp);
        times[(times.len() * 95 / 100).min(times.len() - 1)]
    };
    // `BENCH_QUERIES=phrase` runs only the kinds whose names hold it (to profile one).
    let only = std::env::var("BENCH_QUERIES").unwrap_or_default();
    for (kind, queries) in kinds
        .iter()
        .filter(|(kind, _)| kind.contains(only.as_str()))
    {
        // The floor: FTS5 alone over both indexes, ranked, the first 50 of each: the same
        // words as one expression, a phrase as the phrase of its words.
        let floor = |q: &str| -> rusqlite::Result<()> {
            let expression = if q.starts_with('"') {
                format!(
                    "\"{}\"",
                    commonplace_core::words::index_form(q.trim_matches('"')).trim()
                )
            } else {
                q.split_whitespace()
                    .map(|w| {
                        let w = w.trim_start_matches("title:");
                        format!("\"{}\"", commonplace_core::words::index_form(w).trim())
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            for table in ["clipping_search", "highlight_search"] {
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rank LIMIT 50"
                ))?;
                let rows: Vec<i64> = stmt
                    .query_map([&expression], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let _ = rows;
            }
            Ok(())
        };
        let (mut ours, mut bare, mut cold) = (Vec::new(), Vec::new(), Vec::new());
        let mut hits = 0;
        // A first round, each query as it comes (its pages perhaps not yet read): ours
        // alone, on its own line. Then two rounds of both, each going first in turn, so that
        // neither reads pages the other has just brought in more often than the other.
        for q in queries {
            let start = Instant::now();
            hits += library.search(q, None, Some(50))?.len();
            cold.push(start.elapsed().as_secs_f64() * 1000.0);
            floor(q)?;
        }
        for round in 0..2 {
            for (i, q) in queries.iter().enumerate() {
                for ours_first in [(i + round) % 2 == 0, (i + round) % 2 == 1] {
                    let start = Instant::now();
                    if ours_first {
                        library.search(q, None, Some(50))?;
                        ours.push(start.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        floor(q)?;
                        bare.push(start.elapsed().as_secs_f64() * 1000.0);
                    }
                }
            }
        }
        println!(
            "{:<48} {:>8.1} ms  p95 (FTS5 alone {:.1} ms; first round {:.1} ms; {} hits in {} queries)",
            format!("Search: {kind}"),
            p95(ours),
            p95(bare),
            p95(cold),
            hits,
            queries.len()
        );
    }
    if !fresh {
        return Ok(());
    }
    // What a person does without us: the same texts as files, and grep.
    let files = dir.join("texts");
    std::fs::create_dir_all(&files)?;
    {
        let mut stmt =
            conn.prepare("SELECT clipping_id, text FROM clipping_version ORDER BY clipping_id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let text: String = row.get(1)?;
            std::fs::write(files.join(format!("{id:06}.txt")), text)?;
        }
    }
    let word = &vocabulary[800];
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let output = std::process::Command::new("grep")
            .args(["-ril", word.as_str()])
            .arg(&files)
            .output()?;
        best = best.min(start.elapsed());
        let _ = output;
    }
    println!(
        "{:<48} {:>8.1} ms  (best of three)",
        "grep -ril of one mid-frequency word in the files",
        best.as_secs_f64() * 1000.0
    );
    drop(library);
    if kept.is_none() {
        remove_library(&path);
    }
    Ok(())
}

/// `bench backup PATH`: backs up the library at PATH (the search benchmark's, kept with
/// `bench search PATH`) into a temporary folder while another thread reads pages of the
/// list from a reader, as the app does meanwhile; the backup's time, its progress reports,
/// and how long the reads took.
fn backup(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(2)
        .ok_or("bench backup PATH: the library to back up")?;
    let library = Library::open(Path::new(&path))?;
    let reader = library.reader()?;
    let to = dir.join("backup.sqlite");
    let done = std::sync::atomic::AtomicBool::new(false);
    let (info, took, steps, reads) = std::thread::scope(|scope| {
        let done = &done;
        let reads = scope.spawn(move || {
            let mut reads = Vec::new();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let start = Instant::now();
                let _ = reader.list(&ListQuery::default());
                reads.push(start.elapsed());
                std::thread::sleep(Duration::from_millis(50));
            }
            reads
        });
        let start = Instant::now();
        let mut steps = 0;
        let info = library.backup(Some(&to), |_, _| steps += 1);
        let took = start.elapsed();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        (info, took, steps, reads.join().unwrap_or_default())
    });
    let info = info?;
    let mut reads = reads;
    reads.sort();
    let at = |q: f64| {
        reads
            .get(((reads.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "backup of {} clippings, {} highlights ({:.0} MB): {:.1} s with the check, {steps} progress reports",
        info.clippings,
        info.highlights,
        info.bytes as f64 / 1e6,
        took.as_secs_f64()
    );
    println!(
        "a page of the list meanwhile ({} reads): median {:.1} ms, p95 {:.1} ms, slowest {:.1} ms",
        reads.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
    Ok(())
}

/// `bench export PATH`: exports the library at PATH (the search benchmark's) to Markdown,
/// then again with nothing changed, then to Readwise's CSV and W3C annotations.
fn export(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use commonplace_core::export::{ExportOptions, Format, Scope};
    let path = std::env::args()
        .nth(2)
        .ok_or("bench export PATH: the library to export")?;
    let library = Library::open(Path::new(&path))?;
    let folder = dir.join("vault");
    for (what, format, out) in [
        ("Markdown export", Format::Markdown, folder.clone()),
        (
            "Markdown re-export, nothing changed",
            Format::Markdown,
            folder.clone(),
        ),
        ("CSV export", Format::Csv, dir.join("readwise.csv")),
        ("W3C export", Format::W3c, dir.join("annotations.jsonld")),
        (
            "JSON export, everything",
            Format::Json,
            dir.join("library.json"),
        ),
    ] {
        let start = Instant::now();
        let report = library.export(
            format,
            &out,
            &Scope::default(),
            &ExportOptions::default(),
            |_, _| {},
        )?;
        println!(
            "{what:<40} {:>7.1} s  ({} clippings, {} highlights; {} written, {} updated, {} unchanged)",
            start.elapsed().as_secs_f64(),
            report.clippings,
            report.highlights,
            report.written,
            report.updated,
            report.unchanged
        );
    }
    json_import(dir, &dir.join("library.json"))
}

/// Imports the JSON export `json` into an empty library in `dir`: the whole time, the
/// first reading (which checks the file before anything is stored) apart, and the peak
/// memory of the process (Linux: `VmHWM`).
fn json_import(dir: &Path, json: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::metadata(json)?.len();
    let mut fresh = Library::open(&dir.join("fresh.sqlite"))?;
    let start = Instant::now();
    let parsed = parse_file(json, &ImportOptions::default())?;
    let read = start.elapsed();
    let imported = fresh.store(parsed)?;
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or_else(|| "unknown".to_owned(), |kb| format!("{} MB", kb / 1024));
    println!(
        "{:<40} {:>7.1} s  (read and checked in {:.1} s; {} clippings, {} highlights, {:.0} MB of JSON; peak memory {peak})",
        "JSON import into an empty library",
        start.elapsed().as_secs_f64(),
        read.as_secs_f64(),
        imported.clippings.len(),
        imported.highlights.map_or(0, |h| h.added),
        bytes as f64 / 1e6
    );
    Ok(())
}
