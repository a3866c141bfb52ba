//! What a source says of itself when its document does not: its address in canonical
//! form, the site's name from its host, a title from its file name.

use std::path::Path;

/// The canonical form of an article's address: an absolute http or https URL without its
/// fragment and without tracking parameters. `None` for anything else.
pub fn canonical_url(input: &str) -> Option<String> {
    let mut url = url::Url::parse(input.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !matches!(k.as_ref(), "fbclid" | "gclid"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else if url
        .query()
        .is_some_and(|q| q.split('&').count() != kept.len())
    {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.into())
}

/// The name a site goes by when nothing better is known: its host without `www.`.
pub(crate) fn site_name_of(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_owned();
    Some(host.strip_prefix("www.").map(str::to_owned).unwrap_or(host))
}

/// The title a document without one gets: its file name, words separated by spaces.
pub(crate) fn title_from_path(path: &Path) -> String {
    path.file_stem()
        .map(|s| {
            s.to_string_lossy()
                .replace(['_', '-'], " ")
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Untitled".to_owned())
}
