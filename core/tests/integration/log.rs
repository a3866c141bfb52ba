//! What the core logs: imports (their warnings, failures and totals) and errors, never a
//! clipping's words or a note.

use std::io::Write;
use std::sync::{Arc, Mutex};

use commonplace_core::{Color, ImportOptions, Target};

use super::library;

/// Everything logged on this thread while `f` runs, as the app's log file would have it.
fn logged(f: impl FnOnce()) -> String {
    let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = Arc::clone(&buffer);
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || Sink(Arc::clone(&sink)))
        .finish();
    tracing::subscriber::with_default(subscriber, f);
    let bytes = buffer.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn imports_are_logged_with_their_warnings_and_failures_and_no_words_of_a_clipping() {
    let dir = tempfile::tempdir().unwrap();
    // A Kindle file with one entry of no known kind (a warning), and an article; the words
    // "marzipan" and "quillwort" are in their text, their notes and a bad front matter.
    std::fs::write(
        dir.path().join("My Clippings.txt"),
        "The Marzipan Book (A. Writer)\n- Your Highlight on Location 10-12 | Added on Monday, 1 January 2024 10:00:00\n\nmarzipan quillwort highlight\n==========\n\
         The Marzipan Book (A. Writer)\n- Something odd | Added on Monday, 1 January 2024 10:01:00\n\nmarzipan quillwort odd\n==========\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("article.md"),
        "# Quillwort\n\nThe marzipan quillwort grows by the water, all summer long.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.md"),
        "---\ntitle: [marzipan quillwort\n---\n\nBody.\n",
    )
    .unwrap();
    let mut lib = library();
    let log = logged(|| {
        let report = lib.import_files(
            &[dir.path().to_path_buf()],
            &ImportOptions::default(),
            |_, _, _, _| commonplace_core::Progress::Continue,
        );
        assert_eq!(report.failed.len(), 1, "{report:?}");
        assert_eq!(report.warnings.len(), 1, "{report:?}");
        let article = report.imported[..]
            .iter()
            .copied()
            .find(|id| lib.clipping(*id).unwrap().summary.title == "Quillwort")
            .unwrap();
        lib.set_clipping_note(article, "marzipan quillwort note")
            .unwrap();
        lib.add_highlight(
            article,
            &Target::Quote {
                exact: "marzipan quillwort".into(),
                occurrence: 1,
            },
            Color::Yellow,
            "quillwort note",
        )
        .unwrap();
        let missing = lib
            .add_highlight(
                article,
                &Target::Quote {
                    exact: "marzipan quillwort absent".into(),
                    occurrence: 1,
                },
                Color::Yellow,
                "",
            )
            .unwrap_err();
        tracing::warn!("{}", missing.log_message());
        assert!(
            missing.to_string().contains("marzipan"),
            "the person is told"
        );
    });
    assert!(log.contains("import finished"), "{log}");
    assert!(
        log.contains("imported=2") && log.contains("failed=1"),
        "{log}"
    );
    assert!(
        log.contains("My Clippings.txt") && log.contains("entry=2"),
        "{log}"
    );
    assert!(
        log.contains("broken.md") && log.contains("invalid front matter"),
        "{log}"
    );
    assert!(
        log.contains("does not contain the quote (25 characters)"),
        "{log}"
    );
    let lower = log.to_lowercase();
    assert!(
        !lower.contains("marzipan") && !lower.contains("quillwort"),
        "a clipping's words reached the log:\n{log}"
    );
}
