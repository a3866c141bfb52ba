//! The TypeScript side of the wire, generated from the Rust types: every type a command
//! takes or returns, and the map of command names to their arguments and results. The file
//! is committed (`ui/src/lib/bindings.ts`); a test fails when it drifts from the Rust.
//! Regenerate it with `COMMONPLACE_WRITE_BINDINGS=1 cargo test -p commonplace-app bindings`.

use commonplace_core::tag::TagState;
use commonplace_core::{
    Citation, Clipping, ClippingKind, ClippingSummary, Color, Counts, ErrorCode, Highlight,
    HighlightCounts, HighlightItem, HighlightPage, HighlightQuery, ImportFailure, ImportReport,
    ImportWarning, ListQuery, Page, Skipped, Sort, Status, TagChange, TagCount,
};
use ts_rs::TS;

use crate::ipc::{ImportProgress, IpcError};

/// A command as TypeScript sees it.
pub struct CommandSignature {
    pub name: &'static str,
    /// Its arguments, as a TypeScript object type.
    pub args: &'static str,
    /// Its result's TypeScript type.
    pub result: fn() -> String,
}

const fn command(
    name: &'static str,
    args: &'static str,
    result: fn() -> String,
) -> CommandSignature {
    CommandSignature { name, args, result }
}

/// Every command the UI may invoke.
pub const COMMANDS: &[CommandSignature] = &[
    command("list_clippings", "Record<string, never>", || {
        format!("{}[]", ClippingSummary::name())
    }),
    command("get_clipping", "{ id: number }", Clipping::name),
    command("import_files", "{ paths: string[] }", ImportReport::name),
    command(
        "import_pasted",
        "{ html: string | null; text: string | null }",
        ImportReport::name,
    ),
    command("cancel_import", "Record<string, never>", || {
        "null".to_owned()
    }),
    command(
        "paste_clipboard",
        "Record<string, never>",
        ImportReport::name,
    ),
    command("list_highlights", "{ clippingId: number }", || {
        format!("{}[]", Highlight::name())
    }),
    command(
        "add_highlight",
        "{ clippingId: number; start: number; end: number; exact: string; color: Color; note: string }",
        Highlight::name,
    ),
    command(
        "edit_highlight",
        "{ id: number; color: Color | null; note: string | null }",
        Highlight::name,
    ),
    command("delete_highlight", "{ id: number }", Highlight::name),
    command("restore_highlight", "{ id: number }", Highlight::name),
    command(
        "set_clipping_note",
        "{ clippingId: number; note: string }",
        Clipping::name,
    ),
    command("list_page", "{ query: ListQuery }", Page::name),
    command("list_tags", "Record<string, never>", || {
        format!("{}[]", TagCount::name())
    }),
    command(
        "set_clipping_tag",
        "{ clippingId: number; tag: string; on: boolean }",
        Clipping::name,
    ),
    command(
        "set_highlight_tag",
        "{ highlightId: number; tag: string; on: boolean }",
        Highlight::name,
    ),
    command(
        "rename_tag",
        "{ old: string; new: string }",
        TagChange::name,
    ),
    command("delete_tag", "{ name: string }", TagChange::name),
    command("undo_tag_change", "{ change: TagChange }", || {
        "null".to_owned()
    }),
    command(
        "set_trashed",
        "{ clippingId: number; trashed: boolean }",
        || "null".to_owned(),
    ),
    command("empty_trash", "Record<string, never>", || {
        "number".to_owned()
    }),
    command("counts", "Record<string, never>", Counts::name),
    command(
        "highlight_page",
        "{ query: HighlightQuery }",
        HighlightPage::name,
    ),
    command(
        "copy_quote",
        "{ clippingId: number; text: string; location: string | null; markdown: boolean }",
        Citation::name,
    ),
];

/// The whole generated file.
pub fn typescript() -> String {
    let declarations = [
        ErrorCode::decl(),
        IpcError::decl(),
        ImportProgress::decl(),
        ClippingKind::decl(),
        ClippingSummary::decl(),
        Clipping::decl(),
        ImportFailure::decl(),
        ImportWarning::decl(),
        Skipped::decl(),
        HighlightCounts::decl(),
        ImportReport::decl(),
        Color::decl(),
        Status::decl(),
        Highlight::decl(),
        Citation::decl(),
        Sort::decl(),
        ListQuery::decl(),
        Page::decl(),
        TagCount::decl(),
        TagState::decl(),
        TagChange::decl(),
        Counts::decl(),
        HighlightQuery::decl(),
        HighlightItem::decl(),
        HighlightPage::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:\n\
         // COMMONPLACE_WRITE_BINDINGS=1 cargo test -p commonplace-app bindings\n\n",
    );
    for declaration in declarations {
        out.push_str("export ");
        out.push_str(&declaration);
        out.push_str("\n\n");
    }
    out.push_str("/** Every command the UI may invoke: its arguments and its result. */\nexport type Commands = {\n");
    for c in COMMANDS {
        let result = (c.result)();
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {result} }};\n",
            c.name, c.args
        ));
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_match_the_committed_file() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let generated = super::typescript();
        if std::env::var_os("COMMONPLACE_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/bindings.ts is out of date with the Rust types; regenerate it with \
             COMMONPLACE_WRITE_BINDINGS=1 cargo test -p commonplace-app bindings"
        );
    }

    #[test]
    fn every_handled_command_is_declared() {
        let build = include_str!("../build.rs");
        let main = include_str!("main.rs");
        for name in super::COMMANDS.iter().map(|c| c.name) {
            assert!(
                build.contains(&format!("\"{name}\"")),
                "{name} has no permission in build.rs"
            );
            assert!(
                main.contains(&format!("commands::{name}")),
                "{name} is not handled in main.rs"
            );
        }
    }
}
