//! Opening libraries: migrations, versions, refusals.

use commonplace_core::schema::{self, LATEST_VERSION, Migration};
use commonplace_core::{Error, ErrorCode, Library, SaveOutcome};
use rusqlite::Connection;

#[test]
fn a_new_library_gets_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/library.sqlite");
    let library = Library::open(&path).unwrap();
    assert_eq!(library.schema_version().unwrap(), LATEST_VERSION);
    assert!(path.exists());
    let journal: String = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn the_search_index_of_a_new_library_gathers_16_mb_of_terms_before_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    drop(Library::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    for table in ["clipping_search_config", "highlight_search_config"] {
        let size: i64 = conn
            .query_row(
                &format!("SELECT v FROM {table} WHERE k = 'hashsize'"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(size, 16 * 1024 * 1024, "{table}");
    }
}

#[test]
fn opening_twice_applies_nothing_again_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let id = {
        let mut library = Library::open(&path).unwrap();
        library
            .import_file(
                &super::fixture("articles/harbor-ferry.md"),
                &Default::default(),
            )
            .unwrap()
            .clippings[0]
    };
    let library = Library::open(&path).unwrap();
    assert_eq!(library.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(library.list_clippings().unwrap().len(), 1, "{id:?}");
}

#[test]
fn a_library_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE from_the_future (x); PRAGMA user_version = 99;
             PRAGMA application_id = {};",
            schema::APPLICATION_ID
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Library::open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NewerLibrary);
    assert!(
        matches!(err, Error::NewerLibrary { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("Update Commonplace"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
    assert!(!dir.path().join("future.sqlite-wal").exists());
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "these are my notes, not a database, and long enough to matter ".repeat(20),
    )
    .unwrap();
    let err = Library::open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotALibrary, "{err}");
}

#[test]
fn migrations_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partial.sqlite");
    let mut conn = Connection::open(&path).unwrap();
    let migrations = [
        Migration::Sql("CREATE TABLE first (x);"),
        Migration::Sql("CREATE TABLE second (x); THIS IS NOT SQL;"),
    ];
    assert!(schema::apply_migrations(&mut conn, &migrations, &path).is_err());
    assert_eq!(schema::version(&conn).unwrap(), 0);
    let first_exists: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'first'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !first_exists,
        "the first migration must be rolled back with the second"
    );
}

#[test]
fn migrations_apply_in_steps_and_twice_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steps.sqlite");
    let mut conn = Connection::open(&path).unwrap();
    let migrations = [
        Migration::Sql("CREATE TABLE first (x);"),
        Migration::Sql("CREATE TABLE second (x);"),
    ];
    schema::apply_migrations(&mut conn, &migrations[..1], &path).unwrap();
    assert_eq!(schema::version(&conn).unwrap(), 1);
    schema::apply_migrations(&mut conn, &migrations, &path).unwrap();
    schema::apply_migrations(&mut conn, &migrations, &path).unwrap();
    assert_eq!(schema::version(&conn).unwrap(), 2);
}

#[test]
fn every_shipped_migration_applies_to_a_fresh_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.sqlite");
    let mut conn = Connection::open(&path).unwrap();
    for n in 1..=schema::MIGRATIONS.len() {
        schema::apply_migrations(&mut conn, &schema::MIGRATIONS[..n], &path).unwrap();
        assert_eq!(schema::version(&conn).unwrap() as usize, n);
    }
}

/// A library tagged before version 5 gets its tag assignments' sort keys filled in, so that
/// its tag views list what they did before, in order.
#[test]
fn version_five_fills_in_the_sort_keys_of_existing_tags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite");
    let mut conn = Connection::open(&path).unwrap();
    schema::apply_migrations(&mut conn, &schema::MIGRATIONS[..4], &path).unwrap();
    conn.execute_batch(
        "INSERT INTO clipping (id, kind, title, author, published_at, clipped_at, updated_at,
                               content_hash, deleted_at)
         VALUES (1, 'article', 'Zebras', 'Ann', '2024-05-01', '2025-01-01T00:00:00.000Z',
                 '2025-01-01T00:00:00.000Z', 'a', NULL),
                (2, 'article', 'apples', NULL, NULL, '2025-02-01T00:00:00.000Z',
                 '2025-02-01T00:00:00.000Z', 'b', NULL),
                (3, 'article', 'Mangoes', 'Bo', NULL, '2025-03-01T00:00:00.000Z',
                 '2025-03-01T00:00:00.000Z', 'c', '2025-04-01T00:00:00.000Z');
         INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
         VALUES (1, '<p>z</p>', 'z', 'a', '2025-01-01T00:00:00.000Z'),
                (2, '<p>a</p>', 'a', 'b', '2025-02-01T00:00:00.000Z'),
                (3, '<p>m</p>', 'm', 'c', '2025-03-01T00:00:00.000Z');
         INSERT INTO tag (id, name, key) VALUES (1, 'fruit', 'fruit');
         INSERT INTO clipping_tag (clipping_id, tag_id) VALUES (1, 1), (2, 1), (3, 1);",
    )
    .unwrap();
    drop(conn);

    let lib = Library::open(&path).unwrap();
    let list = |sort, trash| -> Vec<String> {
        lib.list(&commonplace_core::ListQuery {
            tags: vec!["fruit".into()],
            sort,
            trash,
            ..Default::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.title)
        .collect()
    };
    use commonplace_core::Sort;
    assert_eq!(list(Sort::Title, false), ["apples", "Zebras"]);
    assert_eq!(list(Sort::Clipped, false), ["apples", "Zebras"]);
    assert_eq!(list(Sort::Author, false), ["Zebras", "apples"]);
    assert_eq!(list(Sort::Published, false), ["Zebras", "apples"]);
    assert_eq!(list(Sort::Title, true), ["Mangoes"]);
}

#[test]
fn a_background_checkpoint_copies_writes_into_the_file_once_they_pause() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut library = Library::open(&path).unwrap();
    library.checkpoint_in_background().unwrap();
    library
        .import_file(
            &super::fixture("articles/harbor-ferry.md"),
            &Default::default(),
        )
        .unwrap();
    // The database file read alone (`immutable` ignores the write-ahead log) holds the
    // clipping (and even the schema) only once a checkpoint has copied it there.
    let in_the_file = || -> i64 {
        let file = Connection::open_with_flags(
            format!("file:{}?immutable=1", path.display()),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )
        .unwrap();
        file.query_row("SELECT count(*) FROM clipping", [], |r| r.get(0))
            .unwrap_or(0)
    };
    let mut copied = false;
    for _ in 0..200 {
        if in_the_file() == 1 {
            copied = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(copied, "no checkpoint within 10 s of the last write");
    drop(library);
    let library = Library::open(&path).unwrap();
    assert_eq!(library.list_clippings().unwrap().len(), 1);
}

#[test]
fn version_six_counts_what_carries_existing_tags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite");
    let mut conn = Connection::open(&path).unwrap();
    schema::apply_migrations(&mut conn, &schema::MIGRATIONS[..5], &path).unwrap();
    conn.execute_batch(
        "INSERT INTO clipping (id, kind, title, clipped_at, updated_at, content_hash, deleted_at)
         VALUES (1, 'article', 'One', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z',
                 'a', NULL),
                (2, 'article', 'Two', '2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z',
                 'b', '2025-03-01T00:00:00.000Z');
         INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
         VALUES (1, '<p>one</p>', 'one', 'a', '2025-01-01T00:00:00.000Z'),
                (2, '<p>two</p>', 'two', 'b', '2025-02-01T00:00:00.000Z');
         INSERT INTO highlight (id, clipping_id, exact, start_pos, end_pos, color, created_at,
                                updated_at)
         VALUES (1, 1, 'one', 0, 3, 'yellow', '2025-01-01T00:00:00.000Z',
                 '2025-01-01T00:00:00.000Z');
         INSERT INTO tag (id, name, key) VALUES (1, 'Kept', 'kept'), (2, 'unused', 'unused');
         INSERT INTO clipping_tag (clipping_id, tag_id) VALUES (1, 1), (2, 1);
         INSERT INTO highlight_tag (highlight_id, tag_id) VALUES (1, 1);",
    )
    .unwrap();
    drop(conn);

    let mut lib = Library::open(&path).unwrap();
    let counts = |lib: &Library| -> Vec<(String, i64, i64)> {
        lib.tags()
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.clipping_count, t.highlight_count))
            .collect()
    };
    // The trashed clipping is counted by the tag, and left out of what is shown.
    assert_eq!(
        counts(&lib),
        [("Kept".into(), 1, 1), ("unused".into(), 0, 0)]
    );
    lib.restore_clipping(2).unwrap();
    assert_eq!(
        counts(&lib),
        [("Kept".into(), 2, 1), ("unused".into(), 0, 0)]
    );
}

/// A book highlight imported before version 7 repeated its page in `location` (`page 12`)
/// when it had no Kindle location; version 7 leaves the page in `page` alone.
#[test]
fn version_seven_keeps_a_page_out_of_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.sqlite");
    let mut conn = Connection::open(&path).unwrap();
    schema::apply_migrations(&mut conn, &schema::MIGRATIONS[..6], &path).unwrap();
    conn.execute_batch(
        "INSERT INTO clipping (id, kind, title, clipped_at, updated_at, content_hash)
         VALUES (1, 'book', 'A Book', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z',
                 'a');
         INSERT INTO clipping_version (clipping_id, html, text, content_hash, created_at)
         VALUES (1, '', '', 'a', '2025-01-01T00:00:00.000Z');
         INSERT INTO highlight (id, clipping_id, exact, location, location_start, location_end,
                                page, color, created_at, updated_at)
         VALUES (1, 1, 'On a page.', 'page 12', NULL, NULL, '12', 'yellow',
                 '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
                (2, 1, 'At a location.', '100-102', 100, 102, '7', 'yellow',
                 '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');",
    )
    .unwrap();
    drop(conn);

    let lib = Library::open(&path).unwrap();
    let places: Vec<(Option<String>, Option<String>)> = lib
        .highlights(Some(1))
        .unwrap()
        .into_iter()
        .map(|h| (h.page, h.location))
        .collect();
    assert_eq!(
        places,
        [
            (Some("12".to_owned()), None),
            (Some("7".to_owned()), Some("100-102".to_owned()))
        ]
    );
}

/// A library written by the version before 8 (`tests/fixtures/libraries/schema-7.sqlite`:
/// `touching-blocks.html` and `canal-walk.txt` imported, highlights made across paragraphs,
/// cells, list items and line breaks, one deleted). Version 8 sets its blocks apart, and
/// every highlight stays on its words.
#[test]
fn version_eight_sets_blocks_apart_and_highlights_keep_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    std::fs::copy(crate::fixture("libraries/schema-7.sqlite"), &path).unwrap();
    let before: Vec<(i64, String, bool)> = {
        let conn = Connection::open(&path).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), 7);
        let mut stmt = conn
            .prepare("SELECT id, exact, deleted_at IS NOT NULL FROM highlight ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(before.len(), 11);

    let mut lib = Library::open(&path).unwrap();
    let article = lib.clipping(1).unwrap();
    for words in [
        "century.\nSimmons",
        "Route\tFare\n",
        "alpha\nbeta\none\ntwo",
        "a lamp\na rope\na kettle",
        "Ireland\nPath",
        "arrive 07:56\nThe timetable",
    ] {
        assert!(
            article.text.contains(words),
            "{words:?} in {:?}",
            article.text
        );
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let mut after = lib.highlights(Some(1)).unwrap();
    after.extend(lib.highlights(Some(2)).unwrap());
    let deleted = before.iter().filter(|(_, _, deleted)| *deleted).count();
    assert_eq!(after.len() + deleted, before.len());
    let texts = [
        (1, article.text.clone()),
        (2, lib.clipping(2).unwrap().text),
    ];
    for h in &after {
        let (_, exact, _) = before.iter().find(|(id, _, _)| *id == h.id).unwrap();
        assert_eq!(squeeze(&h.text), squeeze(exact), "highlight {}", h.id);
        assert_eq!(
            h.status,
            commonplace_core::Status::Anchored,
            "highlight {}",
            h.id
        );
        let text = &texts.iter().find(|(id, _)| *id == h.clipping_id).unwrap().1;
        let (start, end) = (h.start.unwrap() as usize, h.end.unwrap() as usize);
        let words: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(words, h.text, "highlight {} is where its words are", h.id);
        assert!(!h.text.starts_with(char::is_whitespace) && !h.text.ends_with(char::is_whitespace));
    }
    let crossing = after.iter().find(|h| h.id == 1).unwrap();
    assert_eq!(crossing.text, "century.\nSimmons, who ran it");
    assert_eq!(crossing.note, "The founder.");

    // The text is what an import makes today: importing the page again changes nothing.
    let imported = lib
        .import_file(
            &crate::fixture("pages/touching-blocks.html"),
            &commonplace_core::import::ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(imported.clippings, [SaveOutcome::Unchanged(1)]);
    drop(lib);
    // And the index has the words that ran together before.
    let conn = Connection::open(&path).unwrap();
    let found: Vec<i64> = conn
        .prepare("SELECT rowid FROM clipping_search WHERE clipping_search MATCH 'Simmons'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(found, [1]);
}

/// A reader reads the last committed state while a writer holds its transaction open, and
/// does not wait for it; it cannot write.
#[test]
fn a_reader_reads_while_the_writer_holds_a_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).unwrap();
    lib.import_file(
        &crate::fixture("articles/canal-walk.txt"),
        &commonplace_core::ImportOptions::default(),
    )
    .unwrap();
    let reader = lib.reader().unwrap();

    // Another writer (the CLI, or the app's own import) takes the write lock and writes.
    let mut writer = Connection::open(&path).unwrap();
    let tx = writer
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute("UPDATE clipping SET title = 'Renamed while open'", [])
        .unwrap();

    // The transaction commits only after these reads, on this same thread: a reader that
    // waited for the writer would never return (it would fail once its busy timeout ran out).
    let listed = reader.list_clippings().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].title, "A walk along the old canal",
        "the last committed state"
    );
    let page = reader
        .list(&commonplace_core::ListQuery::default())
        .unwrap();
    assert_eq!(page.items.len(), 1);

    tx.commit().unwrap();
    assert_eq!(
        reader.list_clippings().unwrap()[0].title,
        "Renamed while open"
    );

    let mut reader = reader;
    let err = reader.set_clipping_note(listed[0].id, "no").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Database, "{err}");
    assert!(Library::open_in_memory().unwrap().reader().is_err());
}

/// The search index follows every change by its triggers: imports, new versions, notes,
/// highlights, the trash and emptying it. (Search itself comes later; this reads the
/// index's tables directly.)
#[test]
fn the_search_index_follows_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).unwrap();
    let options = commonplace_core::ImportOptions::default();
    let article = lib
        .import_file(&crate::fixture("articles/harbor-ferry.md"), &options)
        .unwrap()
        .clippings[0]
        .id();
    let book = lib
        .import_file(&crate::fixture("kindle/My Clippings.txt"), &options)
        .unwrap()
        .clippings[0]
        .id();
    let conn = Connection::open(&path).unwrap();
    let clippings = |words: &str| -> Vec<i64> {
        conn.prepare(
            "SELECT rowid FROM clipping_search WHERE clipping_search MATCH ?1 ORDER BY rowid",
        )
        .unwrap()
        .query_map([words], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let highlights = |words: &str| -> Vec<i64> {
        conn.prepare(
            "SELECT rowid FROM highlight_search WHERE highlight_search MATCH ?1 ORDER BY rowid",
        )
        .unwrap()
        .query_map([words], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    assert_eq!(clippings("ferry"), [article]);
    let book_words = lib.highlights(Some(book)).unwrap()[0].text.clone();
    let word = book_words
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() > 5)
        .unwrap()
        .to_owned();
    assert!(!highlights(&format!("\"{word}\"")).is_empty(), "{word}");

    lib.set_clipping_note(article, "Ask the harbourmaster about tides.")
        .unwrap();
    assert_eq!(clippings("harbourmaster"), [article]);
    assert_eq!(clippings("note:harbourmaster"), [article]);
    let h = lib
        .add_highlight(
            article,
            &commonplace_core::Target::Quote {
                exact: "restore overnight ferry service".to_owned(),
                occurrence: 1,
            },
            commonplace_core::Color::Green,
            "",
        )
        .unwrap();
    assert_eq!(highlights("overnight"), [h.id]);
    lib.edit_highlight(h.id, None, Some("Compare with the timetable of 1998."))
        .unwrap();
    assert_eq!(highlights("timetable"), [h.id]);
    assert!(highlights("zzz").is_empty());

    // In the trash, still indexed (what search shows is its own filter); emptied, gone.
    lib.trash_clipping(article).unwrap();
    assert_eq!(clippings("ferry"), [article]);
    lib.empty_trash().unwrap();
    assert!(clippings("ferry").is_empty());
    assert!(clippings("harbourmaster").is_empty());
    assert!(
        highlights("timetable").is_empty(),
        "its highlights went with it"
    );

    // Every change moves `updated_at`, whether or not the code that made it says so.
    let before: String = conn
        .query_row(
            "SELECT updated_at FROM clipping WHERE id = ?1",
            [book],
            |r| r.get(0),
        )
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    conn.execute(
        "UPDATE clipping SET site_name = 'Shelf' WHERE id = ?1",
        [book],
    )
    .unwrap();
    let after: String = conn
        .query_row(
            "SELECT updated_at FROM clipping WHERE id = ?1",
            [book],
            |r| r.get(0),
        )
        .unwrap();
    assert!(after > before, "{before} then {after}");
    assert_eq!(after.len(), "2025-01-01T00:00:00.000Z".len(), "{after}");
    // A change written past the library (another program on the file) is noted by the
    // triggers and reaches the index with the library's next write.
    assert!(clippings("Shelf").is_empty());
    lib.set_clipping_note(book, "Shelved.").unwrap();
    assert_eq!(clippings("Shelf"), [book]);
    let pending: i64 = conn
        .query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
}

/// A word the library should never hold (a colour written by another program) fails the
/// read that meets it with a message naming it; the rest of the library still reads.
#[test]
fn an_unknown_colour_in_the_file_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).unwrap();
    let id = lib
        .import_file(
            &crate::fixture("articles/harbor-ferry.md"),
            &commonplace_core::ImportOptions::default(),
        )
        .unwrap()
        .clippings[0]
        .id();
    let h = lib
        .add_highlight(
            id,
            &commonplace_core::Target::Quote {
                exact: "restore overnight ferry service".to_owned(),
                occurrence: 1,
            },
            commonplace_core::Color::Pink,
            "",
        )
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE highlight SET color = 'mauve' WHERE id = ?1", [h.id])
        .unwrap();
    let err = lib.highlight(h.id).unwrap_err();
    assert!(err.to_string().contains("mauve"), "{err}");
    assert_eq!(lib.list_clippings().unwrap().len(), 1);
}

#[test]
fn a_migration_that_indexes_the_library_says_how_far_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    {
        let mut library = Library::open(&path).unwrap();
        for name in ["harbor-ferry.md", "front-matter.md", "japanese.md"] {
            library
                .import_file(
                    &super::fixture(&format!("articles/{name}")),
                    &Default::default(),
                )
                .unwrap();
        }
    }
    // Back to version 9, as a library written before the index was made again (version
    // 10) would be: opening it indexes every clipping again.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE saved_search; DROP INDEX highlight_by_deleted_at; PRAGMA user_version = 9;",
        )
        .unwrap();
    }
    let reports = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let seen = reports.clone();
    let library = Library::open_reporting(&path, move |done, total| {
        seen.borrow_mut().push((done, total))
    })
    .unwrap();
    assert_eq!(library.schema_version().unwrap(), LATEST_VERSION);
    let reports = reports.borrow();
    assert_eq!(reports.first(), Some(&(0, 3)), "{reports:?}");
    assert_eq!(reports.last(), Some(&(3, 3)), "{reports:?}");
    // Indexed: found, once each.
    assert_eq!(library.search("ferry", None, None).unwrap().len(), 1);
    assert_eq!(library.search("開館", None, None).unwrap().len(), 1);
    // Opening it again indexes nothing, and says nothing.
    drop(library);
    let again = std::rc::Rc::new(std::cell::RefCell::new(0));
    let count = again.clone();
    Library::open_reporting(&path, move |_, _| *count.borrow_mut() += 1).unwrap();
    assert_eq!(*again.borrow(), 0);
}
