//! Backups in the real app: the one it makes by itself at start, Back Up Now, and Restore
//! from Backup…, which brings back what was lost and keeps the library as it was.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::Duration;

use commonplace_e2e::*;

#[tokio::test(flavor = "multi_thread")]
async fn back_up_now_then_restore_from_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let imported = import(&library, &[fixture("harbor-ferry.md")]);
    let id = imported["imported"][0].as_i64().unwrap().to_string();
    cli_run(&library, &["note", "set", &id, "Written before the backup"]);

    let app = App::launch_backing_up(&library).await;
    app.list().wait_for_rows(1).await;
    // The app backed up by itself (there was no backup), and says so calmly.
    app.wait_for(
        "the automatic backup at start",
        "const s = cp.backupStatus(); return s && s.textContent.includes('Backed up just now');",
    )
    .await;

    click(&app, parts::BACKUP_STATUS).await;
    app.wait_for("the backups", "return cp.all.backupEntry().length === 1;")
        .await;
    click(&app, parts::BACKUP_NOW).await;
    let listed = app
        .wait_for(
            "the backup just made",
            "const e = cp.all.backupEntry();
             return e.length === 2 && e[0].textContent;",
        )
        .await;
    assert!(
        listed
            .as_str()
            .unwrap()
            .contains("1 clipping · 0 highlights · 1 note"),
        "{listed}"
    );
    let made = cli(&library, &["backups", "--json"]);
    assert_eq!(made.as_array().unwrap().len(), 2);
    assert_eq!(made[0]["verified"], true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("backups.png").await;
    click(&app, parts::BACKUPS_CLOSE).await;

    // Then the note and the clipping are lost, from the CLI beside the app.
    cli_run(&library, &["note", "set", &id, ""]);
    cli_run(&library, &["delete", &id]);
    cli_run(&library, &["trash", "empty", "--yes"]);

    click(&app, parts::BACKUP_STATUS).await;
    app.wait_for("the backups", "return cp.all.backupEntry().length === 2;")
        .await;
    // The newest, which Back Up Now made.
    click(&app, parts::BACKUP_RESTORE).await;
    let confirm = app
        .wait_for(
            "the question before restoring",
            "const c = document.querySelector('[data-testid=backup-confirm]'); return c && c.textContent;",
        )
        .await;
    assert!(
        confirm.as_str().unwrap().contains("1 clipping"),
        "{confirm}"
    );
    click(&app, parts::BACKUP_CONFIRM_RESTORE).await;
    // The window reads the library again: the clipping is back, with its note.
    app.wait_for(
        "the restored clipping in the list",
        "return !cp.backups() && cp.all.clippingRow().length === 1;",
    )
    .await;
    let shown = cli(&library, &["show", &id, "--json"]);
    assert_eq!(shown["note"], "Written before the backup");
    // The library as it was before restoring was backed up first.
    let backups = cli(&library, &["backups", "--json"]);
    assert_eq!(backups.as_array().unwrap().len(), 3, "{backups}");
    assert_eq!(backups[0]["clippings"], 0);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_library_says_so_and_offers_its_latest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import(&library, &[fixture("harbor-ferry.md")]);
    let made = cli(&library, &["backup", "--json"]);
    // Pages in the middle of the file overwritten, as a failing disk leaves them.
    let mut bytes = std::fs::read(&library).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 8192].fill(0x5A);
    std::fs::write(&library, &bytes).unwrap();

    let app = App::launch(&library).await;
    let said = app
        .wait_for(
            "the damaged library's screen",
            "const e = cp.libraryError(); return e && e.textContent.includes('damaged') && e.textContent;",
        )
        .await;
    let said = said.as_str().unwrap();
    assert!(said.contains("library.sqlite"), "{said}");
    assert!(said.contains("latest verified backup"), "{said}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("damaged-library.png").await;
    click(&app, parts::LIBRARY_ERROR_RESTORE).await;
    let listed = app
        .wait_for(
            "the backup to restore",
            "const e = cp.all.backupEntry(); return e.length === 1 && e[0].textContent;",
        )
        .await;
    assert!(listed.as_str().unwrap().contains("1 clipping"), "{listed}");
    app.quit().await;
    // Nothing was written to the damaged file.
    assert_eq!(std::fs::read(&library).unwrap(), bytes);
    assert!(made["verified"].as_bool().unwrap());
}
