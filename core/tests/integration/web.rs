//! Importing from a URL, against a real HTTP server on 127.0.0.1 started by the test.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread;
use std::time::Duration;

use commonplace_core::{ErrorCode, ImportOptions, SaveOutcome};

use super::{fixture, library};

/// A server on a free loopback port answering each request by its path; it runs until the
/// test process ends. Returns its base address.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || answer(stream));
        }
    });
    base
}

fn answer(mut stream: TcpStream) {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Read the headers to their end so the client sees a well-behaved server.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let page = std::fs::read(fixture("pages/lighthouse.html")).unwrap();
    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
        "/story" => ("200 OK", "Content-Type: text/html; charset=utf-8\r\n".into(), page),
        "/no-canonical" => (
            "200 OK",
            "Content-Type: text/html\r\n".into(),
            b"<html><head><title>Plain Page</title></head><body><article><p>A page that names no canonical address of its own, long enough to count as an article for the extraction.</p></article></body></html>".to_vec(),
        ),
        "/moved" => ("301 Moved Permanently", "Location: /no-canonical\r\n".into(), Vec::new()),
        "/loop" => ("302 Found", "Location: /loop\r\n".into(), Vec::new()),
        "/missing" => ("404 Not Found", "Content-Type: text/html\r\n".into(), b"<h1>Not here</h1>".to_vec()),
        "/picture" => ("200 OK", "Content-Type: image/png\r\n".into(), vec![0x89, b'P', b'N', b'G']),
        "/blog/gallery" => ("200 OK", "Content-Type: text/html\r\n".into(), GALLERY.as_bytes().to_vec()),
        "/blog/lead" => ("200 OK", "Content-Type: text/html\r\n".into(), LEAD.as_bytes().to_vec()),
        "/blog/pics/heron.png" | "/pics/heron.png" => (
            "200 OK",
            "Content-Type: image/png\r\n".into(),
            std::fs::read(fixture("pages/field-notes_files/heron.png")).unwrap(),
        ),
        "/pics/disguised.png" => ("200 OK", "Content-Type: image/png\r\n".into(), b"<script>alert(1)</script>".to_vec()),
        "/huge" => ("200 OK", "Content-Type: text/html\r\n".into(), vec![b'a'; 64 * 1024]),
        "/slow" => {
            thread::sleep(Duration::from_secs(3));
            ("200 OK", "Content-Type: text/html\r\n".into(), b"<p>late</p>".to_vec())
        }
        _ => ("404 Not Found", String::new(), Vec::new()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

const GALLERY: &str = r#"<html><head><title>A Gallery of Herons</title></head><body><article>
<p>Herons stand in shallow water for hours, waiting for a fish to come close enough to catch with one quick movement of the neck.</p>
<p><img src="pics/heron.png" alt="A heron, fetched relative to the page"></p>
<p>Some pictures could not be had: <img src="/pics/gone.png" alt="A missing heron"> and <img src="/pics/disguised.png" alt="A page that claims to be a picture">.</p>
<p>Herons nest in colonies called heronries, often high in old trees near water, and return to the same place year after year.</p>
</article></body></html>"#;

const LEAD: &str = r#"<html><head><title>Heron Season Begins</title>
<meta property="og:image" content="/pics/heron.png"></head><body><article>
<p>The first herons of the year have returned to the heronry by the lake, a week earlier than last year, and are already repairing their nests.</p>
<p>Volunteers will count the nests in April, when the trees are still bare enough to see them from the path along the shore.</p>
</article></body></html>"#;

fn import(
    url: &str,
    options: &ImportOptions,
) -> commonplace_core::Result<commonplace_core::Imported> {
    library().import_file(Path::new(url), options)
}

#[test]
fn a_page_is_fetched_and_imported_with_its_canonical_address() {
    let base = serve();
    let mut lib = library();
    let url = format!("{base}/story");
    let imported = lib
        .import_file(Path::new(&url), &ImportOptions::default())
        .unwrap();
    let SaveOutcome::Imported(id) = imported.clippings[0] else {
        panic!("a new clipping")
    };
    let clipping = lib.clipping(id).unwrap();
    assert_eq!(
        clipping.summary.title,
        "The Last Keeper of Gull Rock Lighthouse Retires"
    );
    assert_eq!(
        clipping.summary.source_url.as_deref(),
        Some("https://coastline.example.net/stories/gull-rock-keeper")
    );
    assert!(clipping.text.contains("one hundred and twelve steps"));
    // Fetching it again finds the same clipping.
    let again = lib
        .import_file(Path::new(&url), &ImportOptions::default())
        .unwrap();
    assert_eq!(again.clippings, [SaveOutcome::Unchanged(id)]);
}

#[test]
fn a_redirect_is_followed_and_the_final_address_recorded() {
    let base = serve();
    let mut lib = library();
    let imported = lib
        .import_file(
            Path::new(&format!("{base}/moved")),
            &ImportOptions::default(),
        )
        .unwrap();
    let SaveOutcome::Imported(id) = imported.clippings[0] else {
        panic!("a new clipping")
    };
    let source = lib.clipping(id).unwrap().summary.source_url;
    assert_eq!(source, Some(format!("{base}/no-canonical")));
}

#[test]
fn fetch_failures_say_what_went_wrong() {
    let base = serve();
    let options = ImportOptions {
        fetch_timeout: Duration::from_secs(1),
        max_document_bytes: 32 * 1024,
        ..ImportOptions::default()
    };
    let cases = [
        ("/missing", ErrorCode::HttpStatus, "answered 404"),
        ("/loop", ErrorCode::FetchFailed, "redirected more than"),
        ("/picture", ErrorCode::NotAWebPage, "image/png"),
        ("/huge", ErrorCode::FetchFailed, "larger than the limit"),
        ("/slow", ErrorCode::FetchFailed, "did not answer in time"),
    ];
    for (path, code, words) in cases {
        let url = format!("{base}{path}");
        let err = import(&url, &options).unwrap_err();
        assert_eq!(err.code(), code, "{path}: {err}");
        let message = err.to_string();
        assert!(
            message.contains(&url) && message.contains(words),
            "{path}: {message}"
        );
    }
}

#[test]
fn images_are_downloaded_with_the_page_and_served_from_the_library() {
    let base = serve();
    let mut lib = library();
    let imported = lib
        .import_file(
            Path::new(&format!("{base}/blog/gallery")),
            &ImportOptions::default(),
        )
        .unwrap();
    let id = imported.clippings[0].id();
    let clipping = lib.clipping(id).unwrap();
    let heron = std::fs::read(fixture("pages/field-notes_files/heron.png")).unwrap();
    let hashes = lib.clipping_images(id).unwrap();
    assert_eq!(hashes.len(), 1, "only the real picture: {}", clipping.html);
    assert_eq!(
        lib.image(&hashes[0]).unwrap().unwrap(),
        ("image/png".to_owned(), heron)
    );
    assert!(
        clipping
            .html
            .contains(&format!("src=\"cpimage:{}\"", hashes[0]))
    );
    assert!(clipping.html.contains("<img alt=\"A missing heron\">"));
    assert!(
        clipping
            .html
            .contains("<img alt=\"A page that claims to be a picture\">")
    );
    assert!(!clipping.html.contains(&base));
}

#[test]
fn a_story_without_pictures_opens_with_its_lead_image() {
    let base = serve();
    let mut lib = library();
    let imported = lib
        .import_file(
            Path::new(&format!("{base}/blog/lead")),
            &ImportOptions::default(),
        )
        .unwrap();
    let id = imported.clippings[0].id();
    let html = lib.clipping(id).unwrap().html;
    let hashes = lib.clipping_images(id).unwrap();
    assert_eq!(hashes.len(), 1);
    assert!(html.starts_with("<figure><img src=\"cpimage:"), "{html}");
}

/// What is not an http(s) address is refused before anything is fetched, with a message
/// that says what to type; the UI asks the core rather than judging by itself.
#[test]
fn what_is_not_a_web_address_is_refused_with_a_message() {
    for typed in [
        "example.com",
        "mailto:a@example.com",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://",
        "",
    ] {
        let err =
            commonplace_core::import::fetch_page(typed, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotAWebAddress, "{typed}: {err}");
        assert!(err.to_string().contains("http://"), "{err}");
    }
}
