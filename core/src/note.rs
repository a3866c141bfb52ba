//! Notes are Markdown, written by the person. They are shown rendered, safely: raw HTML in
//! a note is shown as the text it is, never as markup, and what the renderer makes is
//! sanitized as well (links only to the web and mail, no images).

use std::sync::OnceLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Options, Parser};

fn sanitizer() -> &'static Builder<'static> {
    static SANITIZER: OnceLock<Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            .rm_tags(["img", "area", "map"])
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(UrlRelative::Deny)
            .link_rel(Some("noopener noreferrer nofollow"));
        builder
    })
}

/// A note's Markdown as safe HTML.
pub fn render(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    sanitizer().clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered_and_raw_html_is_shown_as_text() {
        assert_eq!(
            render("Check the *vote* and [the fares](https://example.org)."),
            "<p>Check the <em>vote</em> and <a href=\"https://example.org\" rel=\"noopener noreferrer nofollow\">the fares</a>.</p>\n"
        );
        let hostile = render(
            "<img src=x onerror=alert(1)> [x](javascript:alert(2)) ![i](https://e.example/i.png)",
        );
        assert!(
            hostile.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{hostile}"
        );
        assert!(
            !hostile.contains("<img") && !hostile.contains("javascript"),
            "{hostile}"
        );
        assert_eq!(render("  "), "");
    }
}
