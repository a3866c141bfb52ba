//! The app's window never leaves the app: any navigation to another address is refused.
//! A click on a web or mail link in an article (whose frame runs no script at all, so no
//! click handler of ours can see it) arrives here as a navigation of the reader's frame: it
//! is refused, and the link is handed to the system's browser or mail app instead.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};
use tauri_plugin_opener::OpenerExt;

pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            if is_app_address(url) {
                return true;
            }
            if is_openable_link(url) {
                // Nothing to tell the page: opening is a courtesy to the person.
                let _ = webview
                    .app_handle()
                    .opener()
                    .open_url(url.as_str(), None::<&str>);
            }
            false
        })
        .build()
}

/// Links the system may open for the person: web pages and mail.
fn is_openable_link(url: &Url) -> bool {
    match url.scheme() {
        "http" | "https" => url.host_str().is_some_and(|h| h != "tauri.localhost"),
        "mailto" => true,
        _ => false,
    }
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

    #[test]
    fn only_web_and_mail_links_go_to_the_system() {
        for url in [
            "https://example.com/a",
            "http://example.org",
            "mailto:a@example.com",
        ] {
            assert!(is_openable_link(&Url::parse(url).unwrap()), "{url}");
        }
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "tauri://localhost/",
            "data:,x",
        ] {
            assert!(!is_openable_link(&Url::parse(url).unwrap()), "{url}");
        }
    }
}
