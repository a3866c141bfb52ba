//! What bad input and other files must never do to a library: make it unreadable, change a
//! file that is not ours, write to a newer library, hang an import, fail for want of
//! waiting, or restore what the person threw away.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use commonplace_core::schema::{APPLICATION_ID, LATEST_VERSION};
use commonplace_core::{Error, ErrorCode, ImportOptions, Library, SaveOutcome};
use rusqlite::Connection;

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// Runs `f` on a thread and fails the test when it has not answered within a minute: the
/// hang cases are bounded by the harness, and a minute is far beyond any right answer.
fn answers<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("no answer within a minute: it hangs")
}

const KINDLE_ENTRY: &str = "Far Book (An Author)\r\n- Your Highlight on page 1 | Location 10-11 | Added on Sunday, March 1, {YEAR} 12:00:00 AM\r\n\r\nThe words of a highlight\r\n==========\r\n";

#[test]
fn a_date_no_one_could_mean_is_stored_as_no_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = Library::open(&dir.path().join("l.sqlite")).unwrap();
    let far = write(dir.path(), "far.md", "# T\n\n99999年1月1日\n\nBody.\n");
    let kindle = write(
        dir.path(),
        "My Clippings.txt",
        KINDLE_ENTRY.replace("{YEAR}", "99999"),
    );
    for file in [&far, &kindle] {
        library
            .import_file(file, &ImportOptions::default())
            .unwrap();
    }
    let listed = library.list_clippings().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.iter().all(|c| c.published_at.is_none()),
        "{listed:?}"
    );
    let highlights = library.highlights(None).unwrap();
    assert_eq!(highlights.len(), 1);
    let stored: Vec<String> = Connection::open(library.path().unwrap())
        .unwrap()
        .prepare("SELECT created_at FROM highlight")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!stored[0].contains("99999"), "{stored:?}");
}

#[test]
fn dates_in_the_file_that_no_version_wrote_read_as_no_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    let mut library = Library::open(&path).unwrap();
    let article = write(dir.path(), "a.md", "# An article\n\nIts words.\n");
    let kindle = write(dir.path(), "k.txt", KINDLE_ENTRY.replace("{YEAR}", "2020"));
    let id = library
        .import_file(&article, &ImportOptions::default())
        .unwrap()
        .clippings[0]
        .id();
    library
        .import_file(&kindle, &ImportOptions::default())
        .unwrap();
    library.trash_clipping(id).unwrap();
    // Another program (or a version with a bug) wrote what no date reads as.
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "UPDATE clipping SET published_at = '+99999-01-01', clipped_at = 'yesterday';
             UPDATE clipping SET deleted_at = 'soon' WHERE deleted_at IS NOT NULL;
             UPDATE highlight SET created_at = '2020-13-45T99:00:00Z';",
        )
        .unwrap();
    let library = Library::open(&path).unwrap();
    let listed = library.list_clippings().unwrap();
    assert_eq!(listed.len(), 1, "the book lists");
    assert!(listed[0].published_at.is_none());
    let shown = library.clipping(id).unwrap();
    assert!(shown.summary.deleted_at.is_some(), "still in the trash");
    assert!(shown.summary.published_at.is_none());
    let highlights = library.highlights(None).unwrap();
    assert_eq!(highlights.len(), 1);
    assert_eq!(highlights[0].text, "The words of a highlight");
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE contact (name TEXT, phone TEXT);
             INSERT INTO contact VALUES ('Ada', '555-0100');",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Library::open(&path).unwrap_err();
    assert!(matches!(err, Error::ForeignDatabase { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::NotALibrary);
    assert!(err.to_string().contains("contacts.db"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
    assert!(!dir.path().join("contacts.db-wal").exists());
    let journal: String = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
    // Marked as another program's, even with no tables.
    let marked = dir.path().join("marked.db");
    Connection::open(&marked)
        .unwrap()
        .pragma_update(None, "application_id", 1234)
        .unwrap();
    assert!(matches!(
        Library::open(&marked).unwrap_err(),
        Error::ForeignDatabase { .. }
    ));
}

#[test]
fn libraries_are_marked_and_one_from_before_the_mark_opens() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.sqlite");
    drop(Library::open(&new).unwrap());
    let id: i64 = Connection::open(&new)
        .unwrap()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    // A library written before the mark (schema 7, committed as it was written).
    let old = dir.path().join("old.sqlite");
    std::fs::copy(super::fixture("libraries/schema-7.sqlite"), &old).unwrap();
    let library = Library::open(&old).unwrap();
    assert_eq!(library.schema_version().unwrap(), LATEST_VERSION);
    assert!(!library.list_clippings().unwrap().is_empty());
    drop(library);
    let id: i64 = Connection::open(&old)
        .unwrap()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
}

#[test]
fn a_newer_librarys_write_ahead_log_stays_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    drop(Library::open(&path).unwrap());
    // A newer version wrote its migration into the log and stopped before a checkpoint.
    {
        let conn = Connection::open(&path).unwrap();
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE from_the_future (x); PRAGMA user_version = {};",
            LATEST_VERSION + 1
        ))
        .unwrap();
    }
    let wal = dir.path().join("future.sqlite-wal");
    let (file_before, wal_before) = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());
    assert!(!wal_before.is_empty());
    let err = Library::open(&path).unwrap_err();
    assert!(matches!(err, Error::NewerLibrary { .. }), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        file_before,
        "nothing checkpointed"
    );
    assert_eq!(std::fs::read(&wal).unwrap(), wal_before);
}

#[test]
fn opening_waits_while_another_holds_the_file_to_create_or_switch_it() {
    let dir = tempfile::tempdir().unwrap();
    // Many at once create the same library.
    let path = dir.path().join("together.sqlite");
    let openers: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Library::open(&path).map(|_| ()))
        })
        .collect();
    for opener in openers {
        opener.join().unwrap().unwrap();
    }
    // Another holds the write lock of a new file (before it switched it to WAL) for a
    // moment: opening waits for it, as every write does, instead of failing.
    let held = dir.path().join("held.sqlite");
    let holder = Connection::open(&held).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let (locked, is_locked) = mpsc::channel();
    let opener = std::thread::spawn({
        let held = held.clone();
        move || {
            locked.send(()).unwrap();
            Library::open(&held).map(|_| ())
        }
    });
    is_locked.recv().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    holder.execute_batch("COMMIT;").unwrap();
    opener.join().unwrap().unwrap();
}

#[test]
fn a_library_that_cannot_be_written_says_so_and_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    drop(Library::open(&path).unwrap());
    // Opened as a read-only disk or an immutable file would be.
    let read_only = format!("file:{}?mode=ro", path.display());
    let err = Library::open(Path::new(&read_only)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnlyLibrary, "{err}");
    assert!(err.to_string().contains("l.sqlite"), "{err}");
    assert!(err.to_string().contains("writable"), "{err}");
}

#[test]
fn markdown_nested_thousands_deep_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let lists = write(
        dir.path(),
        "lists.md",
        format!("{}x\n", "- ".repeat(20_000)),
    );
    let quotes = write(
        dir.path(),
        "quotes.md",
        format!("{}x\n", "> ".repeat(20_000)),
    );
    let mut indented = String::new();
    for level in 0..2_000 {
        indented.push_str(&" ".repeat(level * 2));
        indented.push_str("- item\n");
    }
    let indented = write(dir.path(), "indented.md", indented);
    for file in [lists, quotes, indented] {
        let err = answers(move || {
            Library::open_in_memory()
                .unwrap()
                .import_file(&file, &ImportOptions::default())
                .unwrap_err()
        });
        assert_eq!(err.code(), ErrorCode::TooDeeplyNested, "{err}");
    }
    // Lists as people nest them still import.
    let fine = write(
        dir.path(),
        "fine.md",
        "# Fine\n\n- a\n  - b\n    - c\n\n> > quoted\n",
    );
    Library::open_in_memory()
        .unwrap()
        .import_file(&fine, &ImportOptions::default())
        .unwrap();
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_folder_is_passed_over_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "a.md", "# A\n\nWords.\n");
    let fifo = folder.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let report = answers(move || {
        Library::open_in_memory().unwrap().import_files(
            &[folder],
            &ImportOptions::default(),
            |_, _, _, _| commonplace_core::Progress::Continue,
        )
    });
    assert_eq!(report.imported.len(), 1, "{report:?}");
    assert!(report.failed.is_empty(), "{report:?}");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.path.ends_with("pipe.md") && w.message.contains("named pipe")),
        "{report:?}"
    );
    // Named on its own, it is an error that says what it is, at once.
    let err = answers(move || {
        Library::open_in_memory()
            .unwrap()
            .import_file(&fifo, &ImportOptions::default())
            .unwrap_err()
    });
    assert!(err.to_string().contains("named pipe"), "{err}");
}

#[test]
fn an_empty_folder_named_like_a_file_says_there_is_nothing_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("x.md");
    std::fs::create_dir(&folder).unwrap();
    let report = Library::open_in_memory().unwrap().import_files(
        &[folder],
        &ImportOptions::default(),
        |_, _, _, _| commonplace_core::Progress::Continue,
    );
    assert!(report.imported.is_empty());
    assert_eq!(report.warnings.len(), 1, "{report:?}");
    assert!(report.warnings[0].path.ends_with("x.md"));
    assert!(report.warnings[0].message.contains("nothing to import"));
}

#[test]
fn utf16_with_a_mark_and_lone_carriage_returns_read_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = Library::open_in_memory().unwrap();
    let text = "Café notes\r\n\r\nA paragraph of them.\r\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(
        "# Über notes\n\nAnother paragraph.\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes),
    );
    let classic = "Old Mac notes\r\rFirst paragraph.\rStill the first.\r\rSecond paragraph.\r";
    let markdown = "# Old Mac Markdown\r\rIts body.\r";
    for (name, bytes, title) in [
        ("le.txt", le, "Café notes"),
        ("be.md", be, "Über notes"),
        ("classic.txt", classic.as_bytes().to_vec(), "Old Mac notes"),
        (
            "classic.md",
            markdown.as_bytes().to_vec(),
            "Old Mac Markdown",
        ),
    ] {
        let file = write(dir.path(), name, bytes);
        let imported = library
            .import_file(&file, &ImportOptions::default())
            .unwrap();
        assert_eq!(imported.title, title, "{name}");
        let clipping = library.clipping(imported.clippings[0].id()).unwrap();
        assert!(!clipping.text.contains('\r'), "{name}: {:?}", clipping.text);
        assert!(!clipping.text.contains('\0'), "{name}");
    }
    let classic = library.list_clippings().unwrap();
    let classic = classic.iter().find(|c| c.title == "Old Mac notes").unwrap();
    let text = library.clipping(classic.id).unwrap().text;
    assert!(
        text.contains("First paragraph.\nStill the first."),
        "{text:?}"
    );
    assert!(text.contains("Second paragraph."), "{text:?}");
}

#[test]
fn importing_what_is_in_the_trash_leaves_it_there_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = Library::open_in_memory().unwrap();
    let same = write(dir.path(), "same.md", "# Kept as it was\n\nIts words.\n");
    let file = write(
        dir.path(),
        "a.md",
        "---\nurl: https://example.com/thrown\n---\n# Thrown away\n\nWords.\n",
    );
    let id = library
        .import_file(&file, &ImportOptions::default())
        .unwrap()
        .clippings[0]
        .id();
    let other = library
        .import_file(&same, &ImportOptions::default())
        .unwrap()
        .clippings[0]
        .id();
    library.trash_clipping(id).unwrap();
    library.trash_clipping(other).unwrap();
    // The page changed since, too: still left in the trash, untouched.
    std::fs::write(
        &file,
        "---\nurl: https://example.com/thrown\n---\n# Thrown away\n\nOther words.\n",
    )
    .unwrap();
    let report = library.import_files(&[file, same], &ImportOptions::default(), |_, _, _, _| {
        commonplace_core::Progress::Continue
    });
    assert_eq!(report.in_trash, vec![id, other], "{report:?}");
    assert!(report.updated.is_empty() && report.imported.is_empty());
    let clipping = library.clipping(id).unwrap();
    assert!(clipping.summary.deleted_at.is_some());
    assert!(clipping.text.contains("Words."), "{:?}", clipping.text);
    assert!(library.list_clippings().unwrap().is_empty());
    let _ = SaveOutcome::InTrash(id).id();
}

#[test]
fn a_book_in_the_trash_stays_there_when_its_clippings_come_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut library = Library::open_in_memory().unwrap();
    let file = write(
        dir.path(),
        "My Clippings.txt",
        KINDLE_ENTRY.replace("{YEAR}", "2020"),
    );
    let imported = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    let book = imported.clippings[0].id();
    library.trash_clipping(book).unwrap();
    let more = format!(
        "{}{}",
        KINDLE_ENTRY.replace("{YEAR}", "2020"),
        KINDLE_ENTRY
            .replace("{YEAR}", "2021")
            .replace("The words of a highlight", "A new highlight since")
    );
    std::fs::write(&file, more).unwrap();
    let again = library
        .import_file(&file, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.clippings, vec![SaveOutcome::InTrash(book)]);
    assert_eq!(again.highlights.unwrap().added, 0, "nothing added to it");
    assert!(library.clipping(book).unwrap().summary.deleted_at.is_some());
    library.restore_clipping(book).unwrap();
    assert_eq!(library.highlights(Some(book)).unwrap().len(), 1);
}
