//! The app's window never leaves the app: any navigation to another address (a link that
//! escaped the reader's click handling, a redirect, a form) is refused. Web links are opened
//! in the system browser by the UI, through the opener plugin.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_app_address(url))
        .build()
}

/// The addresses the app's own pages live at on each platform, and the reader's
/// `about:srcdoc` frame.
fn is_app_address(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => matches!(url.path(), "srcdoc" | "blank"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_may_load() {
        let allowed = [
            "tauri://localhost/",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "about:srcdoc",
        ];
        let refused = [
            "https://example.com/",
            "http://localhost:8080/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
            "tauri://evil.example/",
        ];
        for url in allowed {
            assert!(
                is_app_address(&Url::parse(url).unwrap()),
                "{url} should load"
            );
        }
        for url in refused {
            assert!(
                !is_app_address(&Url::parse(url).unwrap()),
                "{url} must not load"
            );
        }
    }
}
