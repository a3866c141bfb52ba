//! Commonplace, the desktop app: one window over the library. This crate is a thin shell:
//! it wires the window, the menu and the plugins, and each command calls one core function.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod bindings;
mod commands;
mod images;
mod ipc;
mod logging;
mod menu;
mod navigation;
mod rendering;

use std::path::PathBuf;

fn main() {
    let explicit = library_argument();
    let log = logging::start(
        match commonplace_core::resolve_library_path(explicit.as_deref()) {
            Ok(path) => logging::folder_for(&path),
            Err(_) => std::env::temp_dir().join("commonplace").join("logs"),
        },
    );
    let library = ipc::AppLibrary::new(explicit);
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation::guard())
        .register_asynchronous_uri_scheme_protocol(images::SCHEME, images::serve)
        .manage(library)
        .manage(log)
        .manage(ipc::ImportCancel::default())
        .manage(ipc::AppClipboard::default())
        .setup(|app| {
            rendering::choose(app.handle());
            // Opened beside the window: bringing it up to date may take a while, which the
            // window shows.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                use tauri::{Emitter, Manager};
                let events = handle.clone();
                handle.state::<ipc::AppLibrary>().open(move |done, total| {
                    let _ = events.emit_to(
                        "main",
                        ipc::LIBRARY_PROGRESS,
                        ipc::LibraryProgress { done, total },
                    );
                });
                let _ = handle.emit_to("main", ipc::LIBRARY_READY, ());
                let library = handle.state::<ipc::AppLibrary>();
                // A damaged library is said at once, and nothing more is written to it.
                match library.check() {
                    Err(e) if e.code == commonplace_core::ErrorCode::DamagedLibrary => {
                        let _ = handle.emit_to("main", ipc::LIBRARY_DAMAGED, e);
                    }
                    Err(_) => {}
                    Ok(()) => library.back_up_if_due(&handle),
                }
            });
            Ok(())
        })
        .menu(menu::build)
        .on_menu_event(menu::handle)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = app {
        tracing::error!("Commonplace could not start: {e}");
        eprintln!("Commonplace could not start: {e}");
        std::process::exit(1);
    }
}

/// `--library PATH` on the command line, like the CLI's; `COMMONPLACE_LIBRARY` and the
/// default location are handled by the core.
fn library_argument() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--library" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--library=")) {
            return Some(PathBuf::from(path));
        }
    }
    None
}
