//! Images belong to the clipping. At import each `<img>` is taken from where the document
//! keeps it (a `data:` URI, the saved page's folder, or the web during a URL import),
//! checked to be an image by its bytes, and stored in the library under its SHA-256. The
//! stored HTML then points at `cpimage:<hash>`, which the app serves from the library
//! through a protocol of its own: the reader never loads anything from the network. An
//! image that could not be had loses its `src` and shows its alt text.

use std::path::{Path, PathBuf};
use std::time::Instant;

use base64::Engine;
use sha2::{Digest, Sha256};

/// The scheme of image references in stored HTML: `cpimage:<sha256>`. The app serves them
/// under the protocol of the same name.
pub const IMAGE_SCHEME: &str = "cpimage";
/// Larger images are left out.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// At most this many images are taken from one document; the rest show their alt text.
pub const MAX_IMAGES: usize = 200;

/// An image of a clipping, as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// SHA-256 of `bytes`, lowercase hex.
    pub hash: String,
    /// The type its bytes show: only raster formats a webview shows inertly.
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("hash", &self.hash)
            .field("mime", &self.mime)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Image {
    /// An image from bytes, when they are one of the formats kept.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Image> {
        if bytes.len() > MAX_IMAGE_BYTES {
            return None;
        }
        let mime = sniff(&bytes)?;
        Some(Image {
            hash: hex_sha256(&bytes),
            mime,
            bytes,
        })
    }

    /// How stored HTML refers to this image.
    pub fn reference(&self) -> String {
        format!("{IMAGE_SCHEME}:{}", self.hash)
    }
}

/// The image type shown by the first bytes. SVG is not among them: it is a document that
/// can carry script, not a picture.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        Some("image/avif")
    } else if starts(b"BM") && bytes.len() > 26 {
        Some("image/bmp")
    } else {
        None
    }
}

/// Where a document's images can be had, besides `data:` URIs, which are always read.
#[derive(Debug, Clone)]
pub(crate) enum ImageSource {
    /// Nowhere else: pasted HTML, and remote images of files imported offline.
    DataOnly,
    /// Files in this folder (the folder of the saved page or Markdown file) or below it.
    /// `base` is the address the page says it was saved from, against which the extractor
    /// made its relative image paths absolute: such an address is the file it came from.
    Folder {
        folder: PathBuf,
        base: Option<url::Url>,
    },
    /// The web, relative to the page's address, within a time budget for all of them.
    Web {
        base: url::Url,
        timeout: std::time::Duration,
    },
}

impl ImageSource {
    /// The folder a document file is in.
    pub(crate) fn beside(path: &Path) -> ImageSource {
        match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => ImageSource::Folder {
                folder: folder.to_path_buf(),
                base: None,
            },
            _ => ImageSource::Folder {
                folder: PathBuf::from("."),
                base: None,
            },
        }
    }

    /// The same source, for a saved page whose relative addresses were made absolute
    /// against `base` (its canonical address).
    pub(crate) fn saved_from(&self, base: Option<&str>) -> ImageSource {
        match self {
            ImageSource::Folder { folder, .. } => ImageSource::Folder {
                folder: folder.clone(),
                base: base.and_then(|b| url::Url::parse(b).ok()),
            },
            other => other.clone(),
        }
    }

    /// The images of `sources` (the `src` values of a document's `<img>` elements, in
    /// order) that could be had: the source value, and the image.
    pub(crate) fn resolve(&self, sources: &[String]) -> Vec<(String, Image)> {
        let deadline = match self {
            ImageSource::Web { timeout, .. } => Some(Instant::now() + *timeout),
            _ => None,
        };
        let mut found: Vec<(String, Image)> = Vec::new();
        for src in sources.iter().take(MAX_IMAGES) {
            if found.iter().any(|(s, _)| s == src) {
                continue;
            }
            let bytes = if src.trim_start().len() > 5
                && src.trim_start()[..5].eq_ignore_ascii_case("data:")
            {
                decode_data_uri(src.trim())
            } else {
                match self {
                    ImageSource::DataOnly => None,
                    ImageSource::Folder { folder, base } => {
                        read_from_folder(folder, src).or_else(|| {
                            // `https://site/story/page_files/a.png`, said of the page
                            // `https://site/story/page`, is `page_files/a.png` beside it.
                            let url = url::Url::parse(src.trim()).ok()?;
                            let relative = base.as_ref()?.make_relative(&url)?;
                            read_from_folder(folder, &relative)
                        })
                    }
                    ImageSource::Web { base, .. } => {
                        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
                        match left {
                            Some(left) if !left.is_zero() => download(base, src, left),
                            _ => None,
                        }
                    }
                }
            };
            if let Some(image) = bytes.and_then(Image::from_bytes) {
                found.push((src.clone(), image));
            }
        }
        found
    }
}

/// The bytes of a `data:` URI (base64 or percent-encoded).
fn decode_data_uri(uri: &str) -> Option<Vec<u8>> {
    let rest = &uri["data:".len()..];
    let (header, payload) = rest.split_once(',')?;
    if header.to_ascii_lowercase().ends_with(";base64") {
        let cleaned: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
        let cleaned = percent_decode(&cleaned)?;
        base64::engine::general_purpose::STANDARD
            .decode(cleaned.trim_end_matches('='))
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(cleaned.trim_end_matches('='))
            })
            .ok()
    } else {
        percent_decode(payload).map(String::into_bytes)
    }
}

fn percent_decode(s: &str) -> Option<String> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

/// A relative reference to a file in `folder` or below (`page_files/photo.jpg`); anything
/// that would leave the folder, absolute paths and other schemes are refused.
fn read_from_folder(folder: &Path, src: &str) -> Option<Vec<u8>> {
    let src = src.trim();
    let path_part = src.split(['?', '#']).next()?;
    if path_part.is_empty() || path_part.starts_with('/') || path_part.starts_with('\\') {
        return None;
    }
    if url::Url::parse(path_part).is_ok() {
        return None; // has a scheme: file:, http:, C: …
    }
    let decoded = percent_decode(path_part)?;
    let root = folder.canonicalize().ok()?;
    let candidate = root.join(&decoded).canonicalize().ok()?;
    if !candidate.starts_with(&root) || !candidate.is_file() {
        return None;
    }
    let meta = std::fs::metadata(&candidate).ok()?;
    if meta.len() > MAX_IMAGE_BYTES as u64 {
        return None;
    }
    std::fs::read(candidate).ok()
}

fn download(base: &url::Url, src: &str, timeout: std::time::Duration) -> Option<Vec<u8>> {
    let url = base.join(src.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    crate::fetch::image(url.as_str(), timeout, MAX_IMAGE_BYTES as u64).ok()
}

/// SHA-256 of `bytes`, in lowercase hex: how images and bodies are named by content.
pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    #[test]
    fn data_uris_are_decoded_and_sniffed() {
        let src = format!("data:image/png;base64,{PNG_1X1}");
        let found = ImageSource::DataOnly.resolve(&[src.clone(), src.clone()]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.mime, "image/png");
        // A type claimed by the URI counts for nothing: the bytes decide.
        let svg = "data:image/png,%3Csvg%20onload%3Dalert(1)%3E";
        assert!(ImageSource::DataOnly.resolve(&[svg.to_owned()]).is_empty());
    }

    #[test]
    fn folder_images_never_leave_the_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = dir.path().join("page_files");
        std::fs::create_dir(&files).expect("mkdir");
        let png = base64::engine::general_purpose::STANDARD
            .decode(PNG_1X1)
            .expect("png");
        std::fs::write(files.join("a b.png"), &png).expect("write");
        std::fs::write(dir.path().join("secret.png"), &png).expect("write");
        let source = ImageSource::Folder {
            folder: files.clone(),
            base: None,
        };
        assert_eq!(source.resolve(&["a%20b.png".into()]).len(), 1);
        for escape in [
            "../secret.png",
            "/etc/passwd",
            "file:///etc/passwd",
            "https://x/a.png",
        ] {
            assert!(source.resolve(&[escape.into()]).is_empty(), "{escape}");
        }
    }
}
