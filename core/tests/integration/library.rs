//! Opening libraries: migrations, versions, refusals.

use commonplace_core::schema::{self, LATEST_VERSION};
use commonplace_core::{Error, ErrorCode, Library};
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
        conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA user_version = 99;")
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
        "CREATE TABLE first (x);",
        "CREATE TABLE second (x); THIS IS NOT SQL;",
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
    let migrations = ["CREATE TABLE first (x);", "CREATE TABLE second (x);"];
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
