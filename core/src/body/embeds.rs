//! What untrusted markup shows that the sanitizer cannot keep as it is, turned into what it
//! can: an embedded video, audio, frame or titled drawing becomes a visible placeholder (its
//! kind, its title and a link to its source), an image given only by `srcset` gets the `src`
//! of its best candidate, and link text loses the bidirectional controls that could make it
//! read as another address. Runs before the sanitizer, which still has the last word on
//! every element, attribute and link this leaves.

use std::borrow::Cow;

use dom_query::{Document, NodeRef};

use super::escape;

/// Elements that show something from elsewhere; each becomes a placeholder.
const EMBEDS: &[&str] = &["iframe", "video", "audio", "embed", "object", "svg"];

/// Characters that reorder the text around them (bidirectional embeddings, overrides and
/// isolates): in a link's text they can make it read as another address.
const BIDI_CONTROLS: &[char] = &[
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// Sites whose frames are videos.
const VIDEO_HOSTS: &[&str] = &[
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "twitch.tv",
    "ted.com",
];

/// `html` with its embeds, `srcset`-only images and link text made fit for the sanitizer;
/// borrowed when there is nothing of the kind (most markup), so that it is not parsed twice.
pub(crate) fn prepared(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    let has_embed = EMBEDS.iter().any(|name| {
        memchr::memmem::find_iter(lower.as_bytes(), format!("<{name}").as_bytes())
            .next()
            .is_some()
    });
    let has_srcset = lower.contains("srcset") && super::scan::has_image_without_source(html);
    let has_bidi = html.contains(BIDI_CONTROLS);
    if !(has_embed || has_srcset || has_bidi) {
        return Cow::Borrowed(html);
    }
    let fragment = Document::fragment(html);
    if has_bidi {
        without_bidi_in_links(&fragment);
    }
    if has_srcset {
        with_sources_from_srcset(&fragment);
    }
    if has_embed {
        with_placeholders(&fragment);
    }
    Cow::Owned(fragment.html_root().inner_html().to_string())
}

fn without_bidi_in_links(fragment: &Document) {
    for link in fragment.select("a").nodes() {
        for node in link.descendants() {
            if node.is_text() {
                let text = node.text();
                if text.contains(BIDI_CONTROLS) {
                    node.set_text(text.replace(BIDI_CONTROLS, ""));
                }
            }
        }
    }
}

/// An `<img>` without a `src` takes the best candidate of its `srcset` (or `data-srcset`,
/// where lazy loading keeps it), or of the `<source>`s of its `<picture>`.
pub(crate) fn with_sources_from_srcset(fragment: &Document) {
    for img in fragment.select("img").nodes() {
        if img.attr("src").is_some_and(|s| !s.trim().is_empty()) {
            continue;
        }
        let mut sets: Vec<String> = ["srcset", "data-srcset"]
            .iter()
            .filter_map(|a| img.attr(a).map(|s| s.to_string()))
            .collect();
        if let Some(picture) = img.parent().filter(|p| name_of(p) == "picture") {
            sets.extend(
                picture
                    .element_children()
                    .iter()
                    .filter(|c| name_of(c) == "source")
                    .filter_map(|c| c.attr("srcset").map(|s| s.to_string())),
            );
        }
        if let Some(best) = sets.iter().find_map(|set| best_candidate(set)) {
            img.set_attr("src", &best);
        }
    }
}

/// The widest (or densest) image of a `srcset`: `a.jpg 480w, b.jpg 960w` gives `b.jpg`.
/// Read as the HTML standard reads it: a URL runs to white space (so a `data:` URL keeps
/// its commas), then its descriptors run to the next comma.
fn best_candidate(srcset: &str) -> Option<String> {
    let mut best: Option<(&str, f64)> = None;
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let url_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (mut url, after) = rest.split_at(url_end);
        let descriptors;
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
            descriptors = "";
            rest = after;
        } else {
            let end = after.find(',').unwrap_or(after.len());
            descriptors = &after[..end];
            rest = &after[end..];
        }
        let size = descriptors
            .split_whitespace()
            .find_map(|d| d.get(..d.len().saturating_sub(1))?.parse::<f64>().ok())
            .unwrap_or(1.0);
        if !url.is_empty() && best.is_none_or(|(_, s)| size > s) {
            best = Some((url, size));
        }
    }
    best.map(|(url, _)| url.to_owned())
}

/// Each embed (the outermost, when they nest) becomes a placeholder: `Video: Title`, then a
/// link to its source when that is a web address. A drawing without a title is an icon and
/// goes without one.
fn with_placeholders(fragment: &Document) {
    let selector = EMBEDS.join(", ");
    for node in fragment.select(&selector).nodes() {
        let nested = node
            .ancestors_it(None)
            .any(|a| EMBEDS.contains(&name_of(&a).as_str()));
        if nested {
            continue;
        }
        match placeholder(node) {
            Some(html) => node.replace_with_html(html),
            None => node.remove_from_parent(),
        }
    }
}

fn placeholder(node: &NodeRef<'_>) -> Option<String> {
    let name = name_of(node);
    let source = match name.as_str() {
        "object" => node.attr("data").map(|s| s.to_string()),
        "svg" => None,
        _ => node.attr("src").map(|s| s.to_string()).or_else(|| {
            node.descendants()
                .iter()
                .filter(|d| name_of(d) == "source")
                .find_map(|d| d.attr("src").map(|s| s.to_string()))
        }),
    };
    let link = source
        .as_deref()
        .and_then(|s| url::Url::parse(s.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(watch_page);
    let title = ["title", "aria-label"]
        .iter()
        .find_map(|a| node.attr(a).map(|t| t.trim().to_owned()))
        .or_else(|| {
            (name == "svg").then(|| {
                node.descendants()
                    .iter()
                    .find(|d| name_of(d) == "title")
                    .map(|t| t.text().trim().to_owned())
            })?
        })
        .filter(|t| !t.is_empty());
    let kind = match name.as_str() {
        "video" => "Video",
        "audio" => "Audio",
        "svg" => "Drawing",
        _ if link.as_ref().is_some_and(is_video_site) => "Video",
        _ => "Embedded content",
    };
    // A frame or drawing that says nothing of itself and leads nowhere leaves no trace
    // worth reading (an icon, an advert); a video or audio says what it was.
    if title.is_none() && (name == "svg" || (link.is_none() && !matches!(kind, "Video" | "Audio")))
    {
        return None;
    }
    let mut html = String::from("<figure><figcaption>");
    html.push_str(kind);
    if let Some(title) = &title {
        html.push_str(": ");
        html.push_str(&escape(title));
    }
    if let Some(link) = &link {
        // The site's name shows where the link goes; the address is the whole of it.
        let href = escape(link.as_str());
        let host = link.host_str().unwrap_or_default();
        let site = escape(host.strip_prefix("www.").unwrap_or(host));
        html.push_str(&format!(" <a href=\"{href}\">{site}</a>"));
    }
    html.push_str("</figcaption></figure>");
    Some(html)
}

/// A video player's frame address as the page that shows the video: a person following the
/// link wants the video's page, not a bare player.
fn watch_page(url: url::Url) -> url::Url {
    let host = url.host_str().unwrap_or_default();
    let mut path = url.path_segments().into_iter().flatten();
    let page = match (host, path.next(), path.next()) {
        (
            "www.youtube.com" | "youtube.com" | "www.youtube-nocookie.com",
            Some("embed"),
            Some(id),
        ) if !id.is_empty() => {
            format!("https://www.youtube.com/watch?v={id}")
        }
        ("player.vimeo.com", Some("video"), Some(id)) if !id.is_empty() => {
            format!("https://vimeo.com/{id}")
        }
        _ => return url,
    };
    url::Url::parse(&page).unwrap_or(url)
}

fn is_video_site(url: &url::Url) -> bool {
    url.host_str().is_some_and(|host| {
        VIDEO_HOSTS
            .iter()
            .any(|site| host == *site || host.ends_with(&format!(".{site}")))
    })
}

/// An element's local name, lowercase (empty for what is no element).
fn name_of(node: &NodeRef<'_>) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{best_candidate, prepared};

    #[test]
    fn embeds_become_placeholders_with_their_title_and_a_link() {
        let html = prepared(
            r#"<p>Before.</p><iframe src="https://www.youtube.com/embed/abc" title="Storm footage"></iframe><video title="The storm"><source src="https://example.org/storm.mp4"></video><audio src="javascript:alert(1)"></audio><svg><title>Map of the bay</title><path d="M0"/></svg><svg><path d="M1"/></svg><iframe src="javascript:alert(2)"></iframe>"#,
        );
        assert_eq!(
            html,
            "<p>Before.</p>\
             <figure><figcaption>Video: Storm footage <a href=\"https://www.youtube.com/watch?v=abc\">youtube.com</a></figcaption></figure>\
             <figure><figcaption>Video: The storm <a href=\"https://example.org/storm.mp4\">example.org</a></figcaption></figure>\
             <figure><figcaption>Audio</figcaption></figure>\
             <figure><figcaption>Drawing: Map of the bay</figcaption></figure>"
        );
    }

    #[test]
    fn an_image_given_only_by_srcset_takes_its_best_candidate() {
        assert_eq!(
            best_candidate("a.jpg 480w, b.jpg 960w, c.jpg 640w").as_deref(),
            Some("b.jpg")
        );
        assert_eq!(best_candidate("a.jpg, b.jpg 2x").as_deref(), Some("b.jpg"));
        assert_eq!(
            best_candidate("data:image/png;base64,AAA= 1x, data:image/png;base64,BBB= 2x")
                .as_deref(),
            Some("data:image/png;base64,BBB=")
        );
        let html = prepared(r#"<img data-srcset="small.png 1x, large.png 2x" alt="bay">"#);
        assert_eq!(
            html,
            r#"<img data-srcset="small.png 1x, large.png 2x" alt="bay" src="large.png">"#
        );
        let html =
            prepared(r#"<picture><source srcset="wide.webp 1200w"><img alt="bay"></picture>"#);
        assert!(
            html.contains(r#"<img alt="bay" src="wide.webp">"#),
            "{html}"
        );
    }

    #[test]
    fn markup_without_any_of_it_is_not_parsed() {
        let html = "<p>Plain <b>words</b></p>";
        assert!(matches!(prepared(html), std::borrow::Cow::Borrowed(_)));
        // An image with both a source and a `srcset` has what the sanitizer keeps.
        let html = r#"<p><img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x"></p>"#;
        assert!(matches!(prepared(html), std::borrow::Cow::Borrowed(_)));
        let html = r#"<p><img src=" " srcset="a.jpg 1x, b.jpg 2x"></p>"#;
        assert!(
            prepared(html).contains(r#"src="b.jpg""#),
            "{}",
            prepared(html)
        );
    }
}
