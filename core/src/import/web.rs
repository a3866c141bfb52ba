//! Fetching a web page to import it: one GET with a timeout, a redirect limit, a size cap
//! and a user agent, accepting only HTML. What comes back is imported like a saved page,
//! with the final address (after redirects) as its source when the page names none.

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt;

use crate::error::{Error, Result};
use crate::import::ImportOptions;

/// Redirects followed before giving up.
const MAX_REDIRECTS: u32 = 5;
const USER_AGENT: &str = concat!(
    "Commonplace/",
    env!("CARGO_PKG_VERSION"),
    " (+a local clippings library)"
);

/// Whether an import argument is an address to fetch rather than a file.
pub fn is_web_address(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url`: the final address and the page's bytes.
pub(crate) fn fetch(url: &str, options: &ImportOptions) -> Result<(String, Vec<u8>)> {
    let response = get(
        url,
        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        options.fetch_timeout,
        options.max_document_bytes,
    )?;
    let content_type = response.content_type.to_ascii_lowercase();
    if !(content_type.is_empty() || content_type.contains("html")) {
        return Err(Error::NotAWebPage {
            url: url.to_owned(),
            content_type,
        });
    }
    Ok((response.final_url, response.bytes))
}

/// Fetches an image of a page being imported: its bytes, whatever the server calls them
/// (they are checked to be an image before they are kept).
pub(crate) fn fetch_image(url: &str, timeout: Duration, limit: u64) -> Result<Vec<u8>> {
    Ok(get(url, "image/avif,image/webp,image/*;q=0.8", timeout, limit)?.bytes)
}

struct Fetched {
    final_url: String,
    content_type: String,
    bytes: Vec<u8>,
}

fn get(url: &str, accept: &str, timeout: Duration, limit: u64) -> Result<Fetched> {
    let failed = |reason: String| Error::Fetch {
        url: url.to_owned(),
        reason,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header("Accept", accept)
        .call()
        .map_err(|e| failed(describe(&e)))?;
    let status = response.status().as_u16();
    if status >= 400 {
        return Err(Error::HttpStatus {
            url: url.to_owned(),
            status,
        });
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let final_url = response.get_uri().to_string();
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| failed(format!("the page stopped arriving: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(failed(format!(
            "the page is larger than the limit of {limit} bytes"
        )));
    }
    Ok(Fetched {
        final_url,
        content_type,
        bytes,
    })
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "the server did not answer in time".to_owned(),
        ureq::Error::TooManyRedirects => format!("it redirected more than {MAX_REDIRECTS} times"),
        ureq::Error::HostNotFound => "there is no such host".to_owned(),
        ureq::Error::ConnectionFailed => "the server could not be reached".to_owned(),
        other => other.to_string(),
    }
}
