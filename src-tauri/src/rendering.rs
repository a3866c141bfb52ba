//! How the webview draws. On Linux, WebKitGTK composites the page with OpenGL; on a machine
//! without a GPU (a virtual machine, a remote desktop, a bare X server) that OpenGL is a
//! software rasterizer, and compositing with it makes every frame several times slower than
//! drawing without it: a new highlight took 120–150 ms to appear instead of 20. There,
//! the app draws without compositing. `COMMONPLACE_COMPOSITING=on|off` overrides the choice.

use tauri::{AppHandle, Manager};

/// Whether this machine has a GPU that the webview can composite with.
#[cfg(target_os = "linux")]
fn has_gpu() -> bool {
    // A GPU driver exposes a DRM render node; without one, OpenGL is software only.
    std::fs::read_dir("/dev/dri")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// Turns the webview's compositing off where it would only be drawn in software.
#[cfg(target_os = "linux")]
pub fn choose(app: &AppHandle) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let composite = match std::env::var("COMMONPLACE_COMPOSITING").as_deref() {
        Ok("on") => true,
        Ok("off") => false,
        _ => has_gpu(),
    };
    if composite {
        return;
    }
    for window in app.webview_windows().values() {
        let _ = window.with_webview(|webview| {
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
}

/// Elsewhere the system's webview decides.
#[cfg(not(target_os = "linux"))]
pub fn choose(_app: &AppHandle) {}
