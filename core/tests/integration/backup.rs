//! Backups: made and verified, rotated, restored; a damaged one is never restored.

use std::path::{Path, PathBuf};

use commonplace_core::backup::{self, BackupInfo};
use commonplace_core::{ErrorCode, ImportOptions, Library, Target};

/// A library with a saved page (and its picture), a highlight with a note and a
/// clipping's note.
fn library_with_notes(dir: &Path) -> (PathBuf, i64) {
    let path = dir.join("library.sqlite");
    let mut library = Library::open(&path).unwrap();
    let page = library
        .import_file(
            &super::fixture("pages/field-notes.html"),
            &ImportOptions::default(),
        )
        .unwrap()
        .clippings[0]
        .id();
    assert!(!library.clipping_images(page).unwrap().is_empty());
    let text = library.clipping(page).unwrap().text;
    let words: String = text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let highlight = library
        .add_highlight(
            page,
            &Target::Quote {
                exact: words,
                occurrence: 1,
            },
            Default::default(),
            "A note on the highlight",
        )
        .unwrap();
    assert!(highlight.id > 0);
    library
        .set_clipping_note(page, "A note on the page")
        .unwrap();
    (path, page)
}

fn corrupt(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 8192] {
        *b = 0x5A;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_backup_is_verified_and_holds_what_the_library_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = library_with_notes(dir.path());
    let library = Library::open(&path).unwrap();
    let mut steps = Vec::new();
    let info = library
        .backup(None, |done, total| steps.push((done, total)))
        .unwrap();
    assert!(info.verified);
    assert_eq!((info.clippings, info.highlights, info.notes), (1, 1, 2));
    assert!(
        info.path.starts_with(dir.path().join("backups")),
        "{info:?}"
    );
    assert!(info.bytes > 0 && info.path.exists());
    assert_eq!(steps.last().map(|(d, t)| d == t), Some(true), "{steps:?}");
    assert_eq!(backup::list_backups(&path).unwrap(), vec![info.clone()]);
    assert_eq!(backup::verify_backup(&info.path).unwrap().clippings, 1);
    // A single file: no journal beside it once made.
    let mut wal = info.path.clone().into_os_string();
    wal.push("-wal");
    assert!(!PathBuf::from(wal).exists());
    // A recent one makes another unnecessary.
    assert!(
        library
            .backup_if_older_than(chrono::Duration::hours(24), |_, _| {})
            .unwrap()
            .is_none()
    );
    // --to elsewhere.
    let elsewhere = dir.path().join("copy.sqlite");
    let copy = library.backup(Some(&elsewhere), |_, _| {}).unwrap();
    assert_eq!(copy.path, elsewhere);
    assert!(copy.verified);
}

#[test]
fn older_backups_are_rotated_out_once_a_new_one_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = library_with_notes(dir.path());
    let library = Library::open(&path).unwrap();
    let first = library.backup(None, |_, _| {}).unwrap();
    // Daily backups for the last 100 days, as an app used every day leaves them.
    let folder = backup::backups_folder(&path);
    let now = chrono::Utc::now();
    for days in 1..=100 {
        let at = now - chrono::Duration::days(days);
        let name = format!("library-{}.sqlite", at.format("%Y-%m-%dT%H%M%S%.3fZ"));
        let to = folder.join(&name);
        std::fs::copy(&first.path, &to).unwrap();
        let record = BackupInfo {
            path: to.clone(),
            created_at: at,
            ..first.clone()
        };
        std::fs::write(
            folder.join(format!("{name}.json")),
            serde_json::to_vec(&record).unwrap(),
        )
        .unwrap();
    }
    // A file of the person's in the folder is never touched.
    std::fs::write(folder.join("my-notes.txt"), "mine").unwrap();
    assert_eq!(backup::list_backups(&path).unwrap().len(), 101);
    let newest = library.backup(None, |_, _| {}).unwrap();
    let left = backup::list_backups(&path).unwrap();
    assert_eq!(left[0], newest);
    assert!(left.len() <= 7 + 4 + 12, "{}", left.len());
    assert!(left.len() >= 7 + 3, "{}", left.len());
    // The last seven days are all there.
    for days in 1..=6 {
        let day = (now - chrono::Duration::days(days)).date_naive();
        assert!(
            left.iter().any(|b| b.created_at.date_naive() == day),
            "day -{days}"
        );
    }
    assert!(folder.join("my-notes.txt").exists());
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(
        files,
        left.len() * 2 + 1,
        "each backup and its record, and mine"
    );
}

#[test]
fn restoring_brings_back_notes_and_images_and_backs_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, page) = library_with_notes(dir.path());
    let made = Library::open(&path)
        .unwrap()
        .backup(None, |_, _| {})
        .unwrap();
    // Then the person loses their notes.
    {
        let mut library = Library::open(&path).unwrap();
        library.set_clipping_note(page, "").unwrap();
        let highlight = library.highlights(Some(page)).unwrap()[0].id;
        library.delete_highlight(highlight).unwrap();
        library.trash_clipping(page).unwrap();
        library.empty_trash().unwrap();
        assert!(library.list_clippings().unwrap().is_empty());
    }
    // A reader stays open across the restore, as the app's do.
    let reader = Library::open(&path).unwrap();
    let restored = backup::restore(&path, &made.path).unwrap();
    assert_eq!(restored.restored.clippings, 1);
    let previous = restored.previous.expect("the library was backed up first");
    assert_eq!(previous.clippings, 0);
    assert!(previous.verified);
    let library = Library::open(&path).unwrap();
    let clipping = library.clipping(page).unwrap();
    assert_eq!(clipping.note, "A note on the page");
    assert_eq!(
        library.highlights(Some(page)).unwrap()[0].note,
        "A note on the highlight"
    );
    let images = library.clipping_images(page).unwrap();
    assert!(!images.is_empty());
    assert!(library.image(&images[0]).unwrap().is_some());
    assert_eq!(
        reader.list_clippings().unwrap().len(),
        1,
        "seen from a connection kept open"
    );
    assert!(library.quick_check().is_ok());
}

#[test]
fn a_damaged_backup_is_found_out_and_never_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, page) = library_with_notes(dir.path());
    let made = Library::open(&path)
        .unwrap()
        .backup(None, |_, _| {})
        .unwrap();
    corrupt(&made.path);
    let err = backup::verify_backup(&made.path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DamagedBackup, "{err}");
    Library::open(&path)
        .unwrap()
        .set_clipping_note(page, "Written after")
        .unwrap();
    let err = backup::restore(&path, &made.path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DamagedBackup, "{err}");
    assert!(
        err.to_string().contains(&made.path.display().to_string()),
        "{err}"
    );
    let library = Library::open(&path).unwrap();
    assert_eq!(library.clipping(page).unwrap().note, "Written after");
    // A file that is no library at all is refused too.
    let other = dir.path().join("other.sqlite");
    std::fs::write(&other, "not a database at all, just words ".repeat(200)).unwrap();
    assert_eq!(
        backup::restore(&path, &other).unwrap_err().code(),
        ErrorCode::DamagedBackup
    );
}

#[test]
fn a_damaged_library_is_said_so_and_set_aside_untouched_when_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, page) = library_with_notes(dir.path());
    let made = Library::open(&path)
        .unwrap()
        .backup(None, |_, _| {})
        .unwrap();
    corrupt(&path);
    let damaged = std::fs::read(&path).unwrap();
    let err = Library::open(&path)
        .and_then(|l| l.quick_check())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::DamagedLibrary, "{err}");
    assert!(err.to_string().contains("library.sqlite"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        damaged,
        "nothing written to it"
    );
    let restored = backup::restore(&path, &made.path).unwrap();
    let aside = restored.set_aside.expect("the damaged file kept aside");
    assert_eq!(std::fs::read(&aside).unwrap(), damaged);
    let library = Library::open(&path).unwrap();
    assert_eq!(library.clipping(page).unwrap().note, "A note on the page");
}
