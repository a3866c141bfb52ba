//! HTTP GET for what an import fetches (a page, a page's images): a timeout, a redirect
//! limit, a size cap and a user agent of our own; errors name the address and say why.

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt;

use crate::error::{Error, Result};

/// Redirects followed before giving up.
const MAX_REDIRECTS: u32 = 5;
const USER_AGENT: &str = concat!(
    "Commonplace/",
    env!("CARGO_PKG_VERSION"),
    " (+a local clippings library)"
);

/// Fetches an image of a page being imported: its bytes, whatever the server calls them
/// (they are checked to be an image before they are kept).
pub(crate) fn image(url: &str, timeout: Duration, limit: u64) -> Result<Vec<u8>> {
    Ok(get(url, "image/avif,image/webp,image/*;q=0.8", timeout, limit)?.bytes)
}

/// What a GET brought back: the address after redirects, its content type, its bytes.
pub(crate) struct Fetched {
    pub final_url: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// GETs `url`, accepting `accept`, within `timeout`, refusing more than `limit` bytes.
pub(crate) fn get(url: &str, accept: &str, timeout: Duration, limit: u64) -> Result<Fetched> {
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
