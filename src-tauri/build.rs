//! Generates the Tauri context, and the permissions of the app's own commands, which the
//! main window's capability then grants one by one.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "list_clippings",
            "get_clipping",
            "import_files",
            "list_highlights",
            "import_pasted",
            "cancel_import",
            "paste_clipboard",
            "add_highlight",
            "edit_highlight",
            "delete_highlight",
            "restore_highlight",
            "set_clipping_note",
            "copy_quote",
            "list_page",
            "list_tags",
            "set_clipping_tag",
            "set_highlight_tag",
            "rename_tag",
            "delete_tag",
            "undo_tag_change",
            "set_trashed",
            "empty_trash",
            "counts",
            "highlight_page",
        ]),
    ))
    .expect("the Tauri configuration and capabilities are valid");
}
