//! The TypeScript side of the wire, generated from the Rust types: every type a command
//! takes or returns, and the map of command names to their arguments and results. The file
//! is committed (`ui/src/lib/bindings.ts`); a test fails when it drifts from the Rust.
//! Regenerate it with `COMMONPLACE_WRITE_BINDINGS=1 cargo test -p commonplace-app bindings`.

use commonplace_core::TagState;
use commonplace_core::{BackupInfo, Restored};
use commonplace_core::{
    Citation, Clipping, ClippingKind, ClippingSummary, Color, Counts, ErrorCode, Highlight,
    HighlightCounts, HighlightItem, HighlightPage, HighlightQuery, Hit, HitKind, HitPage,
    ImportFailure, ImportReport, ImportWarning, ListQuery, Page, SavedSearch, SearchScope,
    SearchSort, Skipped, Sort, Status, TagChange, TagCount, TextSpan,
};
use ts_rs::TS;

use crate::commands::SIGNATURES;
use crate::ipc::{AppInfo, BackupProgress, ImportProgress, IpcError, LibraryProgress};

/// A command as TypeScript sees it (see [`crate::commands::SIGNATURES`]).
pub struct CommandSignature {
    pub name: &'static str,
    /// The declaration of its request's type.
    pub request: fn() -> String,
    /// Its request's TypeScript type name: what the UI passes.
    pub args: fn() -> String,
    /// Its result's TypeScript type.
    pub result: fn() -> String,
}

/// The whole generated file.
pub fn typescript() -> String {
    let declarations = [
        ErrorCode::decl(),
        IpcError::decl(),
        ImportProgress::decl(),
        LibraryProgress::decl(),
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
        HitKind::decl(),
        Hit::decl(),
        HitPage::decl(),
        SearchSort::decl(),
        SearchScope::decl(),
        TextSpan::decl(),
        SavedSearch::decl(),
        AppInfo::decl(),
        BackupInfo::decl(),
        Restored::decl(),
        BackupProgress::decl(),
        commonplace_core::export::Format::decl(),
        commonplace_core::export::ExportReport::decl(),
    ];
    // Each request type once, in the order of the list (several commands share one).
    let mut requests: Vec<String> = Vec::new();
    for command in SIGNATURES {
        let request = (command.request)();
        if !requests.contains(&request) {
            requests.push(request);
        }
    }
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:\n\
         // COMMONPLACE_WRITE_BINDINGS=1 cargo test -p commonplace-app bindings\n\n",
    );
    for declaration in declarations.into_iter().chain(requests) {
        out.push_str("export ");
        out.push_str(&declaration);
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "/** The extensions of the files the library imports (for the file picker). */\n\
         export const IMPORTABLE_EXTENSIONS: readonly string[] = {};\n\n",
        serde_json::to_string(&commonplace_core::import::importable_extensions())
            .unwrap_or_default()
    ));
    out.push_str("/** Every command the UI may invoke: its arguments and its result. */\nexport type Commands = {\n");
    for c in SIGNATURES {
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {} }};\n",
            c.name,
            (c.args)(),
            (c.result)()
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

    /// The main window's capability grants exactly the app's commands, each by its
    /// generated permission: a command added to the list but not granted (or granted and
    /// gone) fails here, not at run time.
    #[test]
    fn the_capability_grants_every_command_and_no_other() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json");
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.contains(':'))
            .map(str::to_owned)
            .collect();
        let mut expected: Vec<String> = super::SIGNATURES
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-")))
            .collect();
        granted.sort();
        expected.sort();
        assert_eq!(
            granted, expected,
            "capabilities/main.json and command_list.rs differ"
        );
    }
}
