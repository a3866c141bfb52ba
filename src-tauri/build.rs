//! Generates the Tauri context, and the permissions of the app's own commands, which the
//! main window's capability then grants one by one. The commands are those of
//! `src/command_list.rs`, read here for their names.

/// The names of the commands in the list (their types are the app's business).
macro_rules! commands {
    ($($name:ident($request:ty) -> $result:ty;)*) => {
        &[$(stringify!($name)),*]
    };
}

const COMMANDS: &[&str] = include!("src/command_list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/command_list.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri configuration and capabilities are valid");
}
