//! The `cpimage` protocol: the reader's images, served from the library by their hash.
//! It is the only way an image reaches the reader; the CSP allows no other image source
//! but the app itself, so a clipping never loads anything from the network.

use std::borrow::Cow;

use commonplace_core::image::IMAGE_SCHEME;
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{AppHandle, Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::ipc::AppLibrary;

/// The protocol's name, as registered with the webview.
pub const SCHEME: &str = IMAGE_SCHEME;

/// Answers a request for `cpimage://localhost/<hash>` (`http://cpimage.localhost/<hash>` on
/// Windows; a bare `cpimage:<hash>` too), off the webview's thread and from a reader, so
/// that an article's pictures show while an import writes.
pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let uri = request.uri().to_string();
    std::thread::spawn(move || responder.respond(image(&app, &uri)));
}

fn image<R: Runtime>(app: &AppHandle<R>, uri: &str) -> Response<Cow<'static, [u8]>> {
    let Some(hash) = hash_in(uri) else {
        return status(StatusCode::BAD_REQUEST);
    };
    let library = app.state::<AppLibrary>();
    match library.read(|lib| lib.image(&hash)) {
        Ok(Some((mime, bytes))) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'")
            .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
            .body(Cow::Owned(bytes))
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
        Ok(None) => status(StatusCode::NOT_FOUND),
        Err(_) => status(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn status(code: StatusCode) -> Response<Cow<'static, [u8]>> {
    let mut response = Response::new(Cow::Borrowed(&[][..]));
    *response.status_mut() = code;
    response
}

/// The image hash a request names: 64 lowercase hex digits at the end of its path.
pub fn hash_in(uri: &str) -> Option<String> {
    let path = uri.split(['?', '#']).next()?;
    let last = path.rsplit(['/', ':']).next()?;
    (last.len() == 64
        && last
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    .then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::hash_in;

    #[test]
    fn requests_name_an_image_by_its_hash_on_every_platform() {
        let hash = "e16e9a18c8afcda041447b07a646c78ff1328ea172ad5973e1d9d00a71329ff6";
        for uri in [
            format!("cpimage://localhost/{hash}"),
            format!("http://cpimage.localhost/{hash}"),
            format!("cpimage:{hash}"),
        ] {
            assert_eq!(hash_in(&uri).as_deref(), Some(hash), "{uri}");
        }
        for bad in [
            "cpimage://localhost/../../etc/passwd".to_owned(),
            format!("cpimage://localhost/{}", hash.to_uppercase()),
            format!("cpimage://localhost/{hash}0"),
        ] {
            assert_eq!(hash_in(&bad), None, "{bad}");
        }
    }
}
