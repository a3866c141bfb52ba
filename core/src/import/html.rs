//! The web page importer: a saved page (`.html`, `.htm`) becomes an article. The readable
//! part is found the way Firefox's Reader View finds it (the dom_smoothie crate follows
//! readability.js), which drops navigation, banners, related stories and footers; the
//! metadata comes from `<meta>` (OpenGraph, `article:*`), JSON-LD and `<link rel=canonical>`.
//! What is kept is then sanitized like any untrusted HTML.

use std::path::Path;

use dom_smoothie::{Config, ParsePolicy, Readability};
use encoding_rs::Encoding;

use crate::body::Body;
use crate::date::{PublishedAt, parse_published};
use crate::image::ImageSource;
use crate::import::source::{canonical_url, site_name_of, title_from_path};
use crate::model::{ClippingKind, NewClipping};

/// How far into a page to look for its `<meta charset>`, as browsers do.
const CHARSET_PRESCAN: usize = 4096;
/// Readability gives up on pages with more elements than this, rather than take too long.
const MAX_ELEMENTS: usize = 200_000;

/// Decodes a page as browsers do: a byte-order mark wins, then the charset the page
/// declares. But a page whose bytes are valid UTF-8 with some beyond ASCII is UTF-8 whatever
/// it declares (a legacy charset would turn it into mojibake: the declaration is a template's
/// leftover, the bytes were saved as UTF-8). A page that declares nothing is UTF-8 when its
/// bytes are, else what Firefox's detector (chardetng) finds them to be.
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let declared = declared_charset(&bytes[..bytes.len().min(CHARSET_PRESCAN)]);
    let encoding = match declared {
        _ if utf8 && !bytes.is_ascii() => encoding_rs::UTF_8,
        Some(e) => e,
        None if utf8 => encoding_rs::UTF_8,
        None => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// `<meta charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">`.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = text.find("charset=")?;
    let rest = text[at + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let encoding = Encoding::for_label(&rest.as_bytes()[..end])?;
    // A page that was decoded to find this cannot really be UTF-16.
    Some(
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        },
    )
}

/// Parses a decoded page, given as [`crate::body::lean`] leaves it: without the scripts,
/// styles and comments that no reader reads, so they are not parsed at all. `path` gives the
/// title when the page has none; `images` is where its images can be had.
pub(crate) fn parse(lean: &str, path: &Path, images: &ImageSource) -> NewClipping {
    // One parse of the page serves the metadata, the clean-up and the extraction.
    let document = dom_query::Document::from(lean);
    let canonical = attr_of(&document, "link[rel~=canonical]", "href")
        .or_else(|| attr_of(&document, "meta[property='og:url']", "content"))
        .and_then(|u| canonical_url(&u));
    let time = attr_of(
        &document,
        "meta[property='article:published_time']",
        "content",
    )
    .or_else(|| attr_of(&document, "time[datetime]", "datetime"));
    let linked = LinkedData::of(lean);
    // The page's own byline, should the extractor find none. It stays in the page: the
    // extractor reads it there, and what it takes from it is removed from its output.
    let byline_seen = first_byline(&document);
    with_pictures_shown(&document);
    // The extractor makes image paths absolute against the canonical address; a saved
    // page's pictures are still the files beside it.
    let images = &images.saved_from(canonical.as_deref());

    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        // The extractor drops every class but these: a code block's language stays.
        classes_to_preserve: code_languages(&document),
        ..Config::default()
    };
    // Most pages give their story at the extractor's first, strictest attempt, which works on
    // the document itself. Only when that finds too little are its gentler attempts run, on
    // a fresh parse: each of those starts from a copy of the whole page.
    let threshold = config.char_threshold;
    let first = Readability::with_document(document, canonical.as_deref(), Some(config.clone()))
        .and_then(|mut r| r.parse_with_policy(ParsePolicy::Strict));
    let article = match first {
        Ok(article) if normalized_chars(&article.text_content) >= threshold => Ok(article),
        _ => {
            let document = dom_query::Document::from(lean);
            with_pictures_shown(&document);
            Readability::with_document(document, canonical.as_deref(), Some(config))
                .and_then(|mut r| r.parse())
        }
    };
    let (title, author, site, published, mut content, meta_url, lead_image) = match article {
        Ok(a) => (
            a.title,
            a.byline,
            a.site_name,
            a.published_time,
            a.content.to_string(),
            a.url,
            a.image,
        ),
        // Not an article (an index page, a form): keep the whole body rather than nothing.
        Err(_) => {
            let document = scraper::Html::parse_document(lean);
            let body = first_inner_html(&document, "body").unwrap_or_default();
            let title = first_text(&document, "title").unwrap_or_default();
            (title, None, None, None, body, None, None)
        }
    };
    // A story fetched from the web whose text has no picture opens with its lead image.
    if let (ImageSource::Web { .. }, Some(lead)) = (images, lead_image) {
        if !content.to_ascii_lowercase().contains("<img") {
            let src = crate::body::escape(&lead);
            content = format!("<figure><img src=\"{src}\" alt=\"\"></figure>{content}");
        }
    }
    let source_url = canonical
        .or_else(|| meta_url.and_then(|u| canonical_url(&u)))
        .or_else(|| linked.url.as_deref().and_then(canonical_url));
    let published_at: Option<PublishedAt> = published
        .or(time)
        .or(linked.published)
        .and_then(|t| parse_published(&t));
    let author = author.or(linked.author).or(byline_seen);
    let content = without_byline_and_dateline(&content, author.as_deref(), published_at);
    let site = site.filter(|s| !s.trim().is_empty()).or(linked.publisher);
    let title = Some(title.trim().to_owned())
        .filter(|t| !t.is_empty())
        .or(linked.headline)
        .map(|t| without_site_suffix(&t, site.as_deref()))
        .unwrap_or_else(|| title_from_path(path));
    NewClipping {
        kind: ClippingKind::Article,
        title,
        author: author
            .map(|a| a.trim().trim_start_matches("By ").trim().to_owned())
            .filter(|a| !a.is_empty()),
        site_name: site
            .filter(|s| !s.trim().is_empty())
            .or_else(|| source_url.as_deref().and_then(site_name_of)),
        source_url,
        published_at,
        tags: Vec::new(),
        body: Body::with_images(&content, images),
    }
}

/// How many characters a text has with each run of white space counted as one and none at
/// its ends, as the extractor counts them to judge an attempt.
fn normalized_chars(text: &str) -> usize {
    let mut count = 0;
    for (i, word) in text.split_whitespace().enumerate() {
        count += word.chars().count() + usize::from(i > 0);
    }
    count
}

/// Pictures made visible to the extractor: a lone `<noscript>` of pictures unwrapped, an
/// image given only by `srcset` with a `src`.
fn with_pictures_shown(document: &dom_query::Document) {
    with_noscript_images(document);
    crate::body::with_sources_from_srcset(document);
}

/// The `language-*` and `lang-*` classes of a page's code, for the extractor to keep (the
/// sanitizer keeps one per code block).
fn code_languages(document: &dom_query::Document) -> Vec<String> {
    let mut classes: Vec<String> = Vec::new();
    for node in document.select("pre[class], code[class]").nodes() {
        if let Some(value) = node.attr("class") {
            for class in value.split_ascii_whitespace() {
                if (class.starts_with("language-") || class.starts_with("lang-"))
                    && !classes.iter().any(|c| c == class)
                {
                    classes.push(class.to_owned());
                }
            }
        }
    }
    classes
}

/// News sites put their real pictures in `<noscript>`, for readers without scripts, beside
/// an image that scripts fill in. The extractor swaps one for the other when they stand
/// together; a `<noscript>` with pictures standing alone is unwrapped here, so that its
/// images (and their alt text) reach the article. Tracking pixels stay out.
fn with_noscript_images(document: &dom_query::Document) {
    for noscript in document.select("body noscript").nodes() {
        if noscript
            .prev_element_sibling()
            .is_some_and(|s| s.node_name().is_some_and(|n| n.eq_ignore_ascii_case("img")))
        {
            continue;
        }
        // Markup to a parser without scripts (as here), text to one with them.
        let inner = if noscript.element_children().is_empty() {
            noscript.text()
        } else {
            noscript.inner_html()
        };
        if !inner.to_ascii_lowercase().contains("<img") {
            continue;
        }
        let content = dom_query::Document::fragment(inner.to_string());
        let pictures: Vec<String> = content
            .select("img[src]")
            .nodes()
            .iter()
            .filter(|img| {
                let side = |a: &str| {
                    img.attr(a)
                        .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
                };
                !matches!(
                    (side("width"), side("height")),
                    (Some(0..=2), _) | (_, Some(0..=2))
                )
            })
            .map(|img| img.html().to_string())
            .collect();
        if !pictures.is_empty() {
            noscript.replace_with_html(pictures.concat());
        }
    }
}

/// Separators pages put between a story's title and the site's name.
const TITLE_SEPARATORS: &[&str] = &[" | ", " · ", " — ", " – ", " - ", " :: ", " » "];

/// `Story · Site` becomes `Story` when `Site` is the site's name.
fn without_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        for separator in TITLE_SEPARATORS {
            if let Some(story) = title
                .strip_suffix(site)
                .and_then(|t| t.strip_suffix(separator))
            {
                if !story.trim().is_empty() {
                    return story.trim().to_owned();
                }
            }
        }
    }
    title.to_owned()
}

/// What a page's JSON-LD says of the article it holds (schema.org `Article` and its
/// kinds, alone, in a list or in an `@graph`).
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "SocialMediaPosting",
    "LiveBlogPosting",
];

impl LinkedData {
    fn of(page: &str) -> LinkedData {
        let lower = page.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find("application/ld+json") {
            let start = from + at;
            let Some(open_end) = lower[start..].find('>').map(|i| start + i + 1) else {
                break;
            };
            let Some(close) = lower[open_end..].find("</script").map(|i| open_end + i) else {
                break;
            };
            from = close;
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&page[open_end..close])
            else {
                continue;
            };
            if let Some(article) = find_article(&value) {
                return LinkedData::from_article(article);
            }
        }
        LinkedData::default()
    }

    fn from_article(article: &serde_json::Value) -> LinkedData {
        let text = |v: &serde_json::Value| -> Option<String> {
            match v {
                serde_json::Value::String(s) => Some(s.trim().to_owned()),
                serde_json::Value::Object(o) => o
                    .get("name")
                    .or_else(|| o.get("@id"))
                    .and_then(|n| n.as_str())
                    .map(|s| s.trim().to_owned()),
                _ => None,
            }
            .filter(|s| !s.is_empty())
        };
        let author = article.get("author").and_then(|a| match a {
            serde_json::Value::Array(list) => {
                let names: Vec<String> = list.iter().filter_map(text).collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            other => text(other),
        });
        LinkedData {
            headline: article
                .get("headline")
                .or_else(|| article.get("name"))
                .and_then(text),
            author,
            published: article.get("datePublished").and_then(text),
            publisher: article.get("publisher").and_then(text),
            url: article
                .get("mainEntityOfPage")
                .or_else(|| article.get("url"))
                .and_then(text),
        }
    }
}

fn find_article(value: &serde_json::Value) -> Option<&serde_json::Value> {
    match value {
        serde_json::Value::Array(list) => list.iter().find_map(find_article),
        serde_json::Value::Object(object) => {
            let is_article = match object.get("@type") {
                Some(serde_json::Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(serde_json::Value::Array(types)) => types
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                _ => false,
            };
            if is_article {
                Some(value)
            } else {
                object.get("@graph").and_then(find_article)
            }
        }
        _ => None,
    }
}

fn selector(css: &str) -> Option<scraper::Selector> {
    scraper::Selector::parse(css).ok()
}

/// The first non-empty value of `attribute` on an element matching `css`.
fn attr_of(document: &dom_query::Document, css: &str, attribute: &str) -> Option<String> {
    document.select(css).iter().find_map(|e| {
        e.attr(attribute)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    })
}

/// Elements that carry a story's byline by their class, id or role.
const BYLINE_SELECTOR: &str = "[rel=author], [itemprop~=author], [class*=byline], \
     [id*=byline], [class*=dateline], [class*=p-author], [class~=author], [class*=writtenby]";
/// A byline or dateline is short; a longer element that says "author" is a biography.
const MAX_BYLINE_CHARS: usize = 100;

/// Takes the byline ("By …") and the publication date out of the story's text: the reader
/// shows them above the article, from the metadata. Only elements that stand alone go (a
/// byline block, a `<time>` of the publication date on a line of its own), never words in
/// a sentence. Returns the byline's text, the author's name when nothing else gives it.
/// The first byline of a page that stands as a line of its own.
fn first_byline(document: &dom_query::Document) -> Option<String> {
    document
        .select(BYLINE_SELECTOR)
        .nodes()
        .iter()
        .find_map(|node| {
            let text = node.text();
            let text = text.trim();
            (!text.is_empty() && text.chars().count() <= MAX_BYLINE_CHARS && stands_alone(node))
                .then(|| text.to_owned())
        })
}

/// The extracted article without its byline and dateline lines (they are the clipping's
/// author and date already): an element that stands as a line of its own and says only
/// the author (`By Rosa Lind`) or only the day published. The same words inside a sentence
/// stay. (The extractor drops the classes that mark a byline, so its words tell.)
fn without_byline_and_dateline(
    content: &str,
    author: Option<&str>,
    published: Option<PublishedAt>,
) -> String {
    if author.is_none() && published.is_none() {
        return content.to_owned();
    }
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let author = author.map(|a| fold(a.trim().trim_start_matches("By ")));
    let day = |t: PublishedAt| t.to_string().chars().take(10).collect::<String>();
    let is_byline = |text: &str| {
        let text = fold(text);
        let name = ["by ", "von ", "par ", "por ", "di "]
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .unwrap_or(&text);
        author
            .as_deref()
            .is_some_and(|a| !a.is_empty() && name == a)
    };
    let is_dateline = |text: &str, node: &dom_query::NodeRef<'_>| {
        let when = node
            .attr("datetime")
            .map_or_else(|| text.to_owned(), |d| d.to_string());
        published.is_some_and(|p| parse_published(&when).is_some_and(|t| day(t) == day(p)))
    };
    let fragment = dom_query::Document::fragment(content);
    let mut removed = false;
    for node in fragment
        .select("p, div, span, address, time, a, small, em, strong, b, i, h4, h5, h6")
        .nodes()
    {
        let text = node.text();
        let text = text.trim();
        if text.is_empty() || text.chars().count() > MAX_BYLINE_CHARS || !stands_alone(node) {
            continue;
        }
        if is_byline(text) || is_dateline(text, node) {
            node.remove_from_parent();
            removed = true;
        }
    }
    if removed {
        fragment.html_root().inner_html().to_string()
    } else {
        content.to_owned()
    }
}

/// Whether an element is a line of its own: no words of a sentence right before or after it.
fn stands_alone(node: &dom_query::NodeRef<'_>) -> bool {
    let is_words = |sibling: Option<dom_query::NodeRef<'_>>| {
        sibling.is_some_and(|s| s.is_text() && !s.text().trim().is_empty())
    };
    !is_words(node.prev_sibling()) && !is_words(node.next_sibling())
}

fn first_text(document: &scraper::Html, css: &str) -> Option<String> {
    let selector = selector(css)?;
    document
        .select(&selector)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_owned())
}

fn first_inner_html(document: &scraper::Html, css: &str) -> Option<String> {
    let selector = selector(css)?;
    document.select(&selector).next().map(|e| e.inner_html())
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn pages_are_decoded_as_browsers_do() {
        assert_eq!(decode(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>"), "<p>café</p>");
        assert_eq!(
            decode(b"<meta charset=\"windows-1252\"><p>caf\xe9</p>"),
            "<meta charset=\"windows-1252\"><p>café</p>"
        );
        assert_eq!(
            decode(b"<p>caf\xe9 without a charset</p>"),
            "<p>café without a charset</p>"
        );
        let sjis = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>\x93\xfa\x96\x7b</p>";
        assert!(decode(sjis).ends_with("<p>日本</p>"));
    }

    #[test]
    fn utf8_bytes_under_a_legacy_declaration_are_utf8() {
        let page = "<meta charset=\"gb2312\"><title>人工智能迈上新台阶</title><p>新电脑已可利用记忆自学</p>";
        assert_eq!(decode(page.as_bytes()), page);
    }

    #[test]
    fn an_undeclared_legacy_page_is_detected() {
        let text =
            "<p>人工智能迈上新台阶。新电脑已可利用记忆自学，研究人员表示这是一个重要的进展。</p>";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk), text);
        let text = "<p>日本語の文章です。東京の図書館は毎日開館しています。</p>";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(decode(&sjis), text);
    }

    #[test]
    fn a_titles_suffix_goes_only_when_it_is_the_sites_name() {
        use super::without_site_suffix as strip;
        assert_eq!(
            strip("How to Build a Terrarium | eHow", Some("eHow")),
            "How to Build a Terrarium"
        );
        assert_eq!(
            strip("Storm Week – Bay Chronicle", Some("Bay Chronicle")),
            "Storm Week"
        );
        // A subtitle, or a site the page does not name, stays.
        assert_eq!(
            strip("Rust 2024 - What Changed", Some("The Rust Blog")),
            "Rust 2024 - What Changed"
        );
        assert_eq!(strip("Notes | Part Two", None), "Notes | Part Two");
        // A title that is only the site's name keeps it.
        assert_eq!(strip("eHow", Some("eHow")), "eHow");
    }

    #[test]
    fn a_byline_and_dateline_of_their_own_go_but_words_in_a_sentence_stay() {
        let page = r#"<html><head><title>Council Votes</title>
            <meta property="article:published_time" content="2025-09-14T08:00:00Z"></head>
            <body><article><h1>Council Votes</h1>
            <div class="byline">By <a rel="author" href="https://example.com/a">Rosa Lind</a></div>
            <time datetime="2025-09-14T08:00:00Z">14 September 2025</time>
            <p>The council met on <time datetime="2025-09-14">Sunday</time> and voted to keep the
            library open late, after a long debate about the cost of heating the reading room.</p>
            <p>Neighbours had written letters for months, and many of them came to hear the vote.</p>
            <div class="author">Rosa Lind has covered the council for the paper since 2009 and
            writes about libraries, schools, parks and everything else the city runs for its people.</div>
            </article></body></html>"#;
        let clipping = super::parse(
            page,
            std::path::Path::new("p.html"),
            &crate::image::ImageSource::DataOnly,
        );
        let text = clipping.body.text;
        assert_eq!(clipping.author.as_deref(), Some("Rosa Lind"));
        assert!(
            !text.contains("By Rosa Lind") && !text.contains("14 September 2025"),
            "{text}"
        );
        assert!(text.contains("met on Sunday and voted"), "{text}");
        assert!(text.contains("has covered the council"), "{text}");
    }

    #[test]
    fn the_byline_is_read_before_it_is_removed_so_no_other_line_stands_in_for_it() {
        let page = r#"<html><head><title>Harbour Plans Approved</title></head>
            <body><article><h1>Harbour Plans Approved</h1>
            <div class="byline">By <a rel="author" href="https://example.com/erin">Erin Hale</a></div>
            <div class="social"><a class="author-follow" href="https://social.example/erinhale">Follow @erinhale</a></div>
            <p>The port authority approved the plans for the new harbour wall on Tuesday, after a
            year of hearings in which fishermen, ferry operators and residents all had their say.</p>
            <p>Work on the wall will begin in the spring and take three years, the authority said,
            and the ferry will keep running while it is built.</p>
            </article></body></html>"#;
        let clipping = super::parse(
            page,
            std::path::Path::new("p.html"),
            &crate::image::ImageSource::DataOnly,
        );
        assert_eq!(clipping.author.as_deref(), Some("Erin Hale"));
        assert!(
            !clipping.body.text.contains("By Erin Hale"),
            "{}",
            clipping.body.text
        );
    }
}
