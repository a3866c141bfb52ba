//! A clipping's body: untrusted HTML made safe, and the plain text that highlights anchor to.
//!
//! **Invariant**: [`Body::text`] is exactly the `textContent` of [`Body::html`] once a browser
//! has parsed it, because highlight positions are offsets into that text. Both are derived
//! here: the sanitizer's output is what is stored, and the text is the concatenation of the
//! text nodes of that very markup parsed by a spec-compliant HTML parser (the algorithm the
//! reader's webview runs). Serialising a parsed tree and parsing it again is not always the
//! identity (a `<pre>` loses a leading newline each time), so the text is never derived from
//! any tree but the parse of the stored string.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ammonia::{Builder, UrlRelative};

use crate::image::{Image, ImageSource, hex_sha256};

mod breaks;
mod embeds;
mod scan;

pub use scan::{Lean, lean, nesting_depth};

pub(crate) use embeds::with_sources_from_srcset;

/// Sanitized HTML and its derived plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Safe HTML: only the allow-listed tags and attributes, links to http, https and mailto,
    /// images only as `cpimage:<hash>` references to [`Body::images`].
    pub html: String,
    /// The `textContent` of `html`.
    pub text: String,
    /// SHA-256 of `html`, lowercase hex: what tells two versions of a clipping apart.
    pub content_hash: String,
    /// The images `html` shows, to be stored with the clipping.
    pub images: Vec<Image>,
}

/// Elements whose content is dropped along with them: nothing in them is readable text.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "audio",
    "video",
    "select",
    "textarea",
    "annotation",
    "annotation-xml",
];

/// MathML presentation elements, kept so that a formula keeps its content (`x=2`); the
/// sanitizer checks their namespace, and they carry no attributes but `display` and
/// `mathvariant`. A formula's annotations (its TeX source, say) are no reading text and go.
const MATHML: &[&str] = &[
    "math",
    "semantics",
    "mrow",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];

/// Allowed by default but not kept: image maps are links drawn over a picture.
const NOT_ALLOWED: &[&str] = &["area", "map"];

/// Schemes a link may have.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

thread_local! {
    /// The images of the document being sanitized on this thread: `src` as written, and
    /// the reference it becomes. Read by the sanitizer's attribute filter, which must be
    /// `'static` and so cannot borrow them.
    static IMAGE_REFERENCES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The last word on every attribute the allow-list kept. An image's `src` becomes the
/// reference of the stored image or goes (the alt text then stands in); every other URL
/// attribute must be an absolute link of an allowed scheme.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if element == "img" && attribute == "src" {
        return IMAGE_REFERENCES.with(|refs| refs.borrow().get(value).cloned().map(Cow::Owned));
    }
    if matches!(attribute, "href" | "src" | "xlink:href" | "cite") {
        let url = url::Url::parse(value.trim()).ok()?;
        return (LINK_SCHEMES.contains(&url.scheme()) && !is_inward(&url))
            .then_some(Cow::Borrowed(value));
    }
    if attribute == "class" {
        return code_language(value).map(Cow::Owned);
    }
    if element == "img" && matches!(attribute, "width" | "height") {
        // A size in pixels within reason; anything else goes and the image keeps its own.
        let pixels: u32 = value.trim().trim_end_matches("px").parse().ok()?;
        return Some(Cow::Owned(pixels.clamp(1, MAX_IMAGE_SIDE).to_string()));
    }
    Some(Cow::Borrowed(value))
}

/// The language a code block is in, as the one class it keeps (`language-rust`): highlight.js
/// and Prism write `language-*`, some sites `lang-*`. Every other class goes.
fn code_language(classes: &str) -> Option<String> {
    let language = classes.split_ascii_whitespace().find_map(|class| {
        class
            .strip_prefix("language-")
            .or_else(|| class.strip_prefix("lang-"))
    })?;
    let safe = !language.is_empty()
        && language.len() <= 32
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '_' | '.'));
    safe.then(|| format!("language-{}", language.to_ascii_lowercase()))
}

/// The largest width or height an image may ask for.
const MAX_IMAGE_SIDE: u32 = 4096;

/// Whether a link points into the reader's own machine or network (loopback, private and
/// link-local addresses, `localhost`, `.local` names) or carries a user name or password:
/// a clipped page has no business sending the person there, so such a link is kept as
/// plain text.
fn is_inward(url: &url::Url) -> bool {
    if !url.username().is_empty() || url.password().is_some() {
        return true;
    }
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost"
                || name.ends_with(".localhost")
                || name.ends_with(".local")
                || name.ends_with(".internal")
        }
        Some(url::Host::Ipv4(ip)) => {
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
        }
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_unique_local()
                || ip.is_unicast_link_local()
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_private() || v4.is_link_local())
        }
        None => false,
    }
}

fn sanitizer() -> &'static Builder<'static> {
    static SANITIZER: OnceLock<Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            .rm_tags(NOT_ALLOWED.iter().copied())
            .add_tags(MATHML.iter().copied())
            .add_tag_attributes("math", ["display"])
            .add_tag_attributes("mi", ["mathvariant"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("pre", ["class"])
            .rm_tag_attributes("img", ["srcset", "sizes"])
            .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect::<HashSet<_>>())
            // Image sources of every form reach the filter, which decides.
            .url_schemes(["http", "https", "mailto", "data"].into_iter().collect())
            .url_relative(UrlRelative::PassThrough)
            .attribute_filter(filter_attribute)
            .link_rel(Some("noopener noreferrer nofollow"))
            .add_generic_attributes(["dir"]);
        builder
    })
}

/// Text made safe to write into markup, as text or as a double-quoted attribute's value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The `textContent` of `html` as a browser parses it: read from the markup when it is of
/// the sanitizer's making (nearly always), else from a parse.
fn text_content(html: &str) -> String {
    scan::serialized_text(html).unwrap_or_else(|| parsed_text_content(html))
}

/// The `textContent` of `html` from the tree the HTML parser builds of it.
fn parsed_text_content(html: &str) -> String {
    scraper::Html::parse_fragment(html)
        .root_element()
        .text()
        .collect()
}

/// A stored body's markup and text as an import today makes them from the same sanitized
/// markup, when that differs from what is stored: bodies stored before their blocks were
/// set apart get the white space between them (see [`breaks`]). Only white space is added,
/// so every character of the stored text is in the new one, in order.
pub(crate) fn rederived(html: &str) -> Option<(String, String, String)> {
    match breaks::with_breaks(html) {
        Cow::Borrowed(_) => None,
        Cow::Owned(html) => {
            let text = text_content(&html);
            let hash = hex_sha256(html.as_bytes());
            Some((html, text, hash))
        }
    }
}

impl Body {
    /// Makes a body from untrusted HTML (from any source: a web page, rendered Markdown).
    /// Only images in `data:` URIs are kept.
    pub fn from_untrusted_html(untrusted: &str) -> Body {
        Body::with_images(untrusted, &ImageSource::DataOnly)
    }

    /// Makes a body from untrusted HTML, taking its images from `images`.
    pub(crate) fn with_images(untrusted: &str, images: &ImageSource) -> Body {
        let untrusted = embeds::prepared(untrusted);
        let found = images.resolve(&image_sources(&untrusted));
        IMAGE_REFERENCES.with(|refs| {
            let mut refs = refs.borrow_mut();
            refs.clear();
            refs.extend(
                found
                    .iter()
                    .map(|(src, image)| (src.clone(), image.reference())),
            );
        });
        let sanitized = sanitizer().clean(&untrusted).to_string();
        IMAGE_REFERENCES.with(|refs| refs.borrow_mut().clear());
        let html = match breaks::with_breaks(&sanitized) {
            Cow::Borrowed(_) => sanitized,
            Cow::Owned(html) => html,
        };
        let text = text_content(&html);
        let content_hash = hex_sha256(html.as_bytes());
        // Only the images the sanitized markup still shows.
        let mut images: Vec<Image> = Vec::new();
        for (_, image) in found {
            if html.contains(&image.reference()) && !images.iter().any(|i| i.hash == image.hash) {
                images.push(image);
            }
        }
        Body {
            html,
            text,
            content_hash,
            images,
        }
    }
}

/// The `src` of every `<img>` in `html`, in the order written: read from the markup when it
/// can be (see [`scan::image_sources`]), else from a parse.
fn image_sources(html: &str) -> Vec<String> {
    scan::image_sources(html).unwrap_or_else(|| parsed_image_sources(html))
}

/// The `src` of every `<img>` in the tree the HTML parser builds of `html`.
fn parsed_image_sources(html: &str) -> Vec<String> {
    if !html
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img"))
    {
        return Vec::new();
    }
    let fragment = scraper::Html::parse_fragment(html);
    let Ok(selector) = scraper::Selector::parse("img[src]") else {
        return Vec::new();
    };
    fragment
        .select(&selector)
        .filter_map(|e| e.value().attr("src").map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of untrusted markup, awkward ones included: tables with stray text, a `<pre>`
    /// opening with line breaks, escapes, links in links, MathML, raw text, forms.
    fn piece() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec![
            "p",
            "div",
            "b",
            "i",
            "a",
            "span",
            "li",
            "ul",
            "pre",
            "table",
            "tr",
            "td",
            "th",
            "tbody",
            "caption",
            "colgroup",
            "col",
            "br",
            "img",
            "h2",
            "blockquote",
            "section",
            "math",
            "mi",
            "textarea",
            "select",
            "option",
            "button",
            "form",
            "script",
            "style",
            "code",
            "ruby",
            "rt",
            "dd",
            "dt",
            "hr",
            "P",
            "Td",
        ]);
        prop_oneof![
            name.clone().prop_map(|n| format!("<{n}>")),
            name.clone().prop_map(|n| format!(
                "<{n} href=\"https://example.com/?a=1&amp;b=<2>\" title='x\"y'>"
            )),
            name.clone().prop_map(|n| format!("<{n}/>")),
            name.prop_map(|n| format!("</{n}>")),
            prop::sample::select(vec![
                "words",
                " ",
                "\n",
                "\n\n",
                "\t",
                "a &amp; b",
                "&lt;tag&gt;",
                "&nbsp;",
                "&copy;",
                "&#169;",
                "&#x27;",
                "&quot;",
                "caf\u{e9}",
                "\r\n",
                "\u{0}",
                "<!-- note -->",
                "<",
                ">",
                "&",
                "\u{202e}",
                "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"a\">",
            ])
            .prop_map(str::to_owned),
        ]
    }

    proptest! {
        /// Read from the markup or from a parse, the text is the stored markup's
        /// `textContent`.
        #[test]
        fn the_text_read_from_the_markup_is_its_text_content(
            pieces in prop::collection::vec(piece(), 0..30)
        ) {
            let body = Body::from_untrusted_html(&pieces.concat());
            prop_assert_eq!(&body.text, &parsed_text_content(&body.html), "{}", body.html);
        }
    }

    /// Pieces of markup around images: sources written every way, in places where the
    /// parser reads no tags.
    fn image_piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "<img src=\"a.png\">",
            "<IMG SRC='b.png'>",
            "<img alt=x src=c.png>",
            "<img src = \"d.png?x=1&amp;y=2\" src=\"e.png\">",
            "<img data-src=\"f.png\" src=\"g.png\"/>",
            "<image src=\"h.png\">",
            "<img alt=\"src=i.png\">",
            "<img src=\"j&copy;.png\">",
            "<img src=\"k&quot;.png\">",
            "<img src>",
            "<p>",
            "</p>",
            "<table>",
            "<tr><td>",
            "<select>",
            "</select>",
            "<textarea>",
            "</textarea>",
            "<noscript>",
            "</noscript>",
            "<!-- <img src=\"l.png\"> -->",
            "<script>",
            "</script>",
            "<svg>",
            "text",
            "<",
        ])
        .prop_map(str::to_owned)
    }

    proptest! {
        /// Every image a parse finds, reading the markup finds too.
        #[test]
        fn the_images_read_from_the_markup_are_those_a_parse_finds(
            pieces in prop::collection::vec(image_piece(), 0..20)
        ) {
            let html = pieces.concat();
            if let Some(read) = scan::image_sources(&html) {
                for src in parsed_image_sources(&html) {
                    prop_assert!(read.contains(&src), "{} in {}: {:?}", src, html, read);
                }
            }
        }
    }

    #[test]
    fn image_sources_are_read_from_the_markup_with_their_escapes_undone() {
        let html = concat!(
            "<p><img src=\"a.png?x=1&amp;y=2\" src=\"no.png\"><IMG alt='src=no' SRC=b.png>",
            "<textarea><img src=\"no.png\"></textarea><image src=\"c.png\"></p>"
        );
        assert_eq!(
            scan::image_sources(html),
            Some(vec![
                "a.png?x=1&y=2".to_owned(),
                "b.png".to_owned(),
                "c.png".to_owned()
            ])
        );
        assert_eq!(scan::image_sources(html), Some(parsed_image_sources(html)));
        assert_eq!(scan::image_sources("<img src=\"a&copy;.png\">"), None);
    }

    #[test]
    fn an_articles_text_is_read_from_its_markup_without_a_parse() {
        let body = Body::from_untrusted_html(concat!(
            "<h1>Fares</h1><p>Caf\u{e9} &amp; bar, a&nbsp;b, 3 &lt; 4</p>\n<pre>\n\nfn main() {}</pre>",
            "<table><caption>Prices</caption><tr><th>Route</th><th>Fare</th></tr>",
            "<tr><td>A</td><td><b>2</b> &euro;</td></tr></table>",
            "<ul><li><a href=\"https://example.com/\">one</a></li><li>two<br>three</li></ul>",
            "<figure><img src=\"data:image/png;base64,iVBORw0KGgo=\"><figcaption>A</figcaption></figure>",
        ));
        let text = scan::serialized_text(&body.html);
        assert!(text.is_some(), "{}", body.html);
        assert_eq!(
            text.as_deref(),
            Some(parsed_text_content(&body.html).as_str())
        );
        assert!(
            body.text
                .contains("Caf\u{e9} & bar, a\u{a0}b, 3 < 4\nfn main() {}"),
            "{}",
            body.text
        );
        // What the parser would rearrange is left to it.
        for html in [
            "<table>stray<tr><td>x</td></tr></table>",
            "<a>1<a>2</a></a>",
            "<p>&copy;</p>",
            "<div>",
        ] {
            assert_eq!(scan::serialized_text(html), None, "{html}");
        }
    }

    #[test]
    fn text_is_the_text_content_of_the_stored_html() {
        // The sanitizer's parse drops the newline that opens a <pre>; its output then opens
        // with the second one, which the reader's parse drops in turn. The text must follow
        // the reader, not the first parse.
        let body = Body::from_untrusted_html("<p>One <b>two</b></p>\n<pre>\n\nthree</pre>");
        assert_eq!(body.html, "<p>One <b>two</b></p>\n<pre>\nthree</pre>");
        assert_eq!(body.text, "One two\nthree");
    }

    #[test]
    fn links_into_the_readers_own_network_or_with_a_password_become_plain_text() {
        for inward in [
            "http://127.0.0.1:8080/admin",
            "http://localhost/",
            "http://router.local/setup",
            "http://192.168.1.1/",
            "http://10.0.0.2/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "https://user:secret@example.org/",
        ] {
            let body = Body::from_untrusted_html(&format!(r#"<p><a href="{inward}">here</a></p>"#));
            assert!(!body.html.contains("href"), "{inward}: {}", body.html);
            assert_eq!(body.text, "here");
        }
        let body = Body::from_untrusted_html(r#"<p><a href="https://example.org/a">out</a></p>"#);
        assert!(
            body.html.contains(r#"href="https://example.org/a""#),
            "{}",
            body.html
        );
    }

    #[test]
    fn image_sizes_are_clamped_and_bidi_controls_leave_link_text() {
        let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        let body = Body::from_untrusted_html(&format!(
            r#"<p><img src="{png}" width="999999" height="0" alt="dot"><img src="{png}" width="20%" alt="b"></p>"#
        ));
        assert!(body.html.contains(r#"width="4096""#), "{}", body.html);
        assert!(body.html.contains(r#"height="1""#), "{}", body.html);
        assert!(!body.html.contains("20%"), "{}", body.html);
        let body = Body::from_untrusted_html(
            "<p>Pay at <a href=\"https://example.org/\">example.org\u{202e}gpj.exe</a>, \u{202b}שלום\u{202c}.</p>",
        );
        assert!(body.text.contains("example.orggpj.exe"), "{}", body.text);
        assert!(
            body.text.contains("\u{202b}שלום\u{202c}"),
            "text outside links is kept"
        );
    }

    #[test]
    fn mathml_keeps_its_content_and_loses_its_annotations() {
        let body = Body::from_untrusted_html(
            r#"<p>The formula <math display="inline" onclick="x()"><semantics><mrow><mi>x</mi><mo>=</mo><mn>2</mn></mrow><annotation encoding="application/x-tex">x=2</annotation></semantics></math> holds.</p>
               <p><math><mtext><img src=x onerror=alert(1)><mglyph></mglyph></mtext><annotation-xml encoding="text/html"><p>hidden</p></annotation-xml></math></p>"#,
        );
        assert!(
            body.text.starts_with("The formula x=2 holds."),
            "{}",
            body.text
        );
        assert!(
            body.html
                .contains("<math display=\"inline\"><semantics><mrow><mi>x</mi>"),
            "{}",
            body.html
        );
        assert!(
            !body.html.contains("onclick") && !body.html.contains("onerror"),
            "{}",
            body.html
        );
        assert!(!body.html.contains("annotation"), "{}", body.html);
    }

    #[test]
    fn scripts_handlers_and_dangerous_urls_are_removed() {
        let body = Body::from_untrusted_html(
            r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(2)">b</a>
               <img src=x onerror="alert(3)"><svg onload="alert(4)"><text>c</text></svg>
               <iframe srcdoc="<script>alert(5)</script>"></iframe><a href="/rel">d</a></p>"#,
        );
        for bad in [
            "script",
            "onclick",
            "onerror",
            "javascript",
            "svg",
            "iframe",
            "alert",
            "href=\"/rel\"",
        ] {
            assert!(!body.html.contains(bad), "{bad} survived in {}", body.html);
        }
        assert!(body.text.contains('a') && body.text.contains('d'));
    }
}
