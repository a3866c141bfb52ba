//! Export in the real app: File ▸ Export… (Ctrl/Cmd+E) to Markdown into a folder, and
//! again after the person wrote in the file: what they wrote outside the markers stays.

#![allow(clippy::unwrap_used)] // A failed unwrap fails the test, which is what it should do.

use std::time::Duration;

use commonplace_e2e::*;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn export_markdown_into_a_folder_and_again_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let imported = import(&library, &[fixture("harbor-ferry.md")]);
    let id = imported["imported"][0].as_i64().unwrap().to_string();
    cli(
        &library,
        &["highlight", "add", &id, "--quote", "night ferry", "--json"],
    );
    let vault = dir.path().join("vault");

    let app = App::launch(&library).await;
    app.list().wait_for_rows(1).await;
    app.client
        .find(Locator::Css(parts::CLIPPING_LIST))
        .await
        .unwrap()
        .send_keys(&format!("{}e", fantoccini::key::Key::Control))
        .await
        .unwrap();
    app.wait_for("the export dialog", "return !!cp.export();")
        .await;
    type_enter(&app, parts::EXPORT_OUT, &vault.display().to_string()).await;
    click(&app, parts::EXPORT_RUN).await;
    let said = app
        .wait_for(
            "the export's report",
            "const r = cp.exportReport(); return r && r.textContent;",
        )
        .await;
    let said = said.as_str().unwrap();
    assert!(
        said.contains("1 clipping and 1 highlight: 1 written"),
        "{said}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("export.png").await;

    let file = vault.join("Harbor City Votes to Bring Back the Night Ferry After a Decade.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("> night ferry") || text.contains("night ferry"),
        "{text}"
    );
    // The person writes below our part, in their Markdown tool.
    std::fs::write(&file, format!("{text}\n## Mine\n\nWritten in the vault.\n")).unwrap();
    // Then a note in Commonplace, and the same export again.
    cli_run(&library, &["note", "set", &id, "A note since"]);
    click(&app, parts::EXPORT_RUN).await;
    app.wait_for(
        "the second export's report",
        "const r = cp.exportReport(); return r && r.textContent.includes('1 updated');",
    )
    .await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("## Mine\n\nWritten in the vault."), "{text}");
    assert!(text.contains("A note since"), "{text}");
    app.quit().await;
}
