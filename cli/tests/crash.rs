//! A real import killed (SIGKILL) at moments spread over its run, ten times over one
//! library: every file it acknowledged (`import --jsonl` printed it) is in the library,
//! and the file passes SQLite's integrity check after each kill. The longer run (100
//! cycles) is `docs/measure/kill-imports.py`; its figures are in RELIABILITY.md.

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn an_import_killed_at_any_moment_keeps_everything_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let mut acknowledged: Vec<i64> = Vec::new();
    for cycle in 0..10u64 {
        let folder = dir.path().join(format!("batch-{cycle}"));
        std::fs::create_dir(&folder).unwrap();
        for n in 0..60 {
            let body = format!("Paragraph {n} of batch {cycle}. ").repeat(40);
            std::fs::write(
                folder.join(format!("note-{n:03}.md")),
                format!("# Batch {cycle}, note {n}\n\n{body}\n"),
            )
            .unwrap();
        }
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("commonplace"))
            .env_remove("COMMONPLACE_LIBRARY")
            .arg("--library")
            .arg(&library)
            .args(["import", "--jsonl"])
            .arg(&folder)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut ids = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
                    break; // A line cut by the kill acknowledges nothing.
                };
                if value["status"] == "imported" {
                    ids.push(value["clippings"][0].as_i64().unwrap());
                }
            }
            ids
        });
        // Moments spread from the very start to well into the import, a different one
        // each cycle (a fixed spread: the test is the same every run).
        let delay = 5 + (cycle * 7_919) % 400;
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        acknowledged.extend(reader.join().unwrap());

        let conn = rusqlite::Connection::open(&library).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "cycle {cycle}, killed after {delay} ms");
        for id in &acknowledged {
            let present: bool = conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM clipping c JOIN clipping_version v
                       ON v.clipping_id = c.id WHERE c.id = ?1)",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(present, "cycle {cycle}: acknowledged clipping {id} is gone");
        }
    }
    // The library still opens and lists through the real command.
    let listed = Command::new(assert_cmd::cargo::cargo_bin!("commonplace"))
        .arg("--library")
        .arg(&library)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(listed.as_array().unwrap().len() >= acknowledged.len());
}
