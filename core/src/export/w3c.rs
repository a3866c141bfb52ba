//! W3C Web Annotations: one `AnnotationCollection` in JSON-LD whose annotations are the
//! highlights. Each targets the clipping's source (its address, else a `urn:` of ours)
//! with a `TextQuoteSelector` and, where the highlight is placed in the text, a
//! `TextPositionSelector`; a note is a `TextualBody` (`text/markdown`, `commenting`), each
//! tag a `tagging` body, the colour a `classifying` one.

use serde_json::{Value, json};

use crate::error::Result;
use crate::export::{ExportReport, Item};
use crate::model::Highlight;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

fn annotation(source: &str, h: &Highlight) -> Value {
    let mut body = Vec::new();
    if !h.note.trim().is_empty() {
        body.push(json!({
            "type": "TextualBody",
            "value": h.note,
            "format": "text/markdown",
            "purpose": "commenting",
        }));
    }
    for tag in &h.tags {
        body.push(json!({ "type": "TextualBody", "value": tag, "purpose": "tagging" }));
    }
    body.push(json!({
        "type": "TextualBody",
        "value": format!("{:?}", h.color).to_lowercase(),
        "purpose": "classifying",
    }));
    let mut quote = json!({ "type": "TextQuoteSelector", "exact": h.text });
    if !h.prefix.is_empty() {
        quote["prefix"] = json!(h.prefix);
    }
    if !h.suffix.is_empty() {
        quote["suffix"] = json!(h.suffix);
    }
    let mut selectors = vec![quote];
    if let (Some(start), Some(end)) = (h.start, h.end) {
        selectors.push(json!({ "type": "TextPositionSelector", "start": start, "end": end }));
    }
    json!({
        "id": format!("urn:commonplace:highlight:{}", h.id),
        "type": "Annotation",
        "motivation": if h.note.trim().is_empty() { "highlighting" } else { "commenting" },
        "created": crate::date::format_timestamp(h.created_at),
        "body": body,
        "target": {
            "source": source,
            "selector": if selectors.len() == 1 { selectors.remove(0) } else { Value::Array(selectors) },
        },
    })
}

/// The collection, written one annotation at a time (a library's million highlights, each
/// a JSON value, would take gigabytes at once): the same text as the whole collection
/// pretty-printed as one JSON value, its keys in order.
pub(crate) fn export(
    items: impl Iterator<Item = Result<Item>>,
    report: &mut ExportReport,
) -> Result<String> {
    let mut text = format!(
        "{{\n  \"@context\": {},\n  \"first\": {{\n    \"id\": \"urn:commonplace:annotations:page:1\",\n    \"items\": [",
        json!(CONTEXT)
    );
    let mut total = 0_usize;
    for item in items {
        let item = item?;
        report.clippings += 1;
        let c = &item.clipping.summary;
        let source = c
            .source_url
            .clone()
            .unwrap_or_else(|| format!("urn:commonplace:clipping:{}", c.id));
        for h in &item.highlights {
            report.highlights += 1;
            text.push_str(if total == 0 { "\n" } else { ",\n" });
            total += 1;
            let one = serde_json::to_string_pretty(&annotation(&source, h)).unwrap_or_default();
            // Its lines at the depth of the collection's items (JSON text holds no line
            // breaks of its own inside a value: they are escaped).
            for (i, line) in one.split('\n').enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str("      ");
                text.push_str(line);
            }
        }
    }
    text.push_str(if total == 0 { "]" } else { "\n    ]" });
    text.push_str(&format!(
        ",\n    \"startIndex\": 0,\n    \"type\": \"AnnotationPage\"\n  }},\n  \
         \"id\": \"urn:commonplace:annotations\",\n  \
         \"label\": \"Highlights and notes from Commonplace\",\n  \"total\": {total},\n  \
         \"type\": \"AnnotationCollection\"\n}}\n"
    ));
    Ok(text)
}
