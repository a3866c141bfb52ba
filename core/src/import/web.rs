//! Fetching a web page to import it: one GET with a timeout, a redirect limit, a size cap
//! and a user agent, accepting only HTML. What comes back is imported like a saved page,
//! with the final address (after redirects) as its source when the page names none.

use crate::error::{Error, Result};
use std::time::Duration;

/// Whether an import argument is an address to fetch rather than a file.
pub fn is_web_address(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url`: the final address and the page's bytes.
pub(crate) fn fetch(url: &str, timeout: Duration, limit: u64) -> Result<(String, Vec<u8>)> {
    let response = crate::fetch::get(
        url,
        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        timeout,
        limit,
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
