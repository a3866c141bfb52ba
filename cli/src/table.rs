//! Human-readable output: the clipping table and a clipping's page.

use std::fmt::Write;

use commonplace_core::{Clipping, ClippingSummary, Highlight};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const TITLE_WIDTH: usize = 48;
const NAME_WIDTH: usize = 22;

/// The clippings as an aligned table with a header row.
pub fn clippings(rows: &[ClippingSummary]) -> String {
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|c| {
            [
                c.id.to_string(),
                cut(&c.title, TITLE_WIDTH),
                cut(c.author.as_deref().unwrap_or("—"), NAME_WIDTH),
                cut(c.site_name.as_deref().unwrap_or("—"), NAME_WIDTH),
                c.published_at.map_or("—".to_owned(), |p| {
                    p.to_string().chars().take(10).collect()
                }),
                c.clipped_at.format("%Y-%m-%d %H:%M").to_string(),
            ]
        })
        .collect();
    let header = ["ID", "TITLE", "AUTHOR", "SITE", "PUBLISHED", "CLIPPED"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.width());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&cells) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.width())))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    out
}

/// One clipping: its details, then its plain text.
pub fn clipping(c: &Clipping) -> String {
    let s = &c.summary;
    let mut out = format!("{}\n", s.title);
    let details = [
        ("By", s.author.clone()),
        ("Site", s.site_name.clone()),
        ("Published", s.published_at.map(|p| p.to_string())),
        ("URL", s.source_url.clone()),
        (
            "Tags",
            (!c.summary.tags.is_empty()).then(|| c.summary.tags.join(", ")),
        ),
    ];
    for (label, value) in details {
        if let Some(value) = value {
            let _ = writeln!(out, "{label}: {value}");
        }
    }
    let _ = writeln!(out, "\n{}", c.text.trim());
    out
}

/// `text` cut to at most `width` terminal columns, with an ellipsis when cut.
/// Highlights as quotes, each with where it is and its note.
pub fn highlights(rows: &[Highlight]) -> String {
    let mut out = String::new();
    for h in rows {
        let place = h.place().map(|p| format!(" · {p}")).unwrap_or_default();
        let status = match h.status {
            commonplace_core::Status::Anchored => "",
            commonplace_core::Status::Fuzzy => " · re-anchored to changed words",
            commonplace_core::Status::Orphaned => " · orphaned: no longer in the text",
        };
        let _ = writeln!(
            out,
            "#{} (clipping {}{place} · {}{status})",
            h.id,
            h.clipping_id,
            h.color.as_str()
        );
        for line in h.text.lines() {
            let _ = writeln!(out, "  > {line}");
        }
        if !h.note.is_empty() {
            let _ = writeln!(out, "  Note: {}", h.note);
        }
        let _ = writeln!(out);
    }
    out
}

fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        kept.push(c);
    }
    format!("{}…", kept.trim_end())
}

/// Tags with their counts, one a line, children indented under their parents.
pub fn tags(rows: &[commonplace_core::TagCount]) -> String {
    let mut out = String::new();
    for t in rows {
        let depth = t.name.matches('/').count();
        let leaf = t.name.rsplit('/').next().unwrap_or(&t.name);
        let _ = writeln!(
            out,
            "{}{leaf}  ({} clipping{}, {} highlight{})",
            "  ".repeat(depth),
            t.clipping_count,
            if t.clipping_count == 1 { "" } else { "s" },
            t.highlight_count,
            if t.highlight_count == 1 { "" } else { "s" },
        );
    }
    out
}

/// Search hits, one to a line: the clipping's title (and the highlight's colour), then the
/// snippet, its matches in bold on a terminal.
pub fn hits(rows: &[commonplace_core::Hit], terminal: bool) -> String {
    let mut out = String::new();
    for hit in rows {
        let what = match (hit.kind, hit.color) {
            (commonplace_core::HitKind::Highlight, Some(color)) => {
                format!(
                    "highlight {} ({})",
                    hit.highlight_id.unwrap_or_default(),
                    color.as_str()
                )
            }
            _ => format!("clipping {}", hit.clipping_id),
        };
        let (bold, plain) = if terminal {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("", "")
        };
        let snippet = hit
            .snippet
            .replace("<mark>", bold)
            .replace("</mark>", plain)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.push_str(&format!("{}  [{what}]\n    {snippet}\n", hit.title));
    }
    out
}
