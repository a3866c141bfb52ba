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

pub(crate) fn export(
    items: impl Iterator<Item = Result<Item>>,
    report: &mut ExportReport,
) -> Result<String> {
    let mut annotations = Vec::new();
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
            annotations.push(annotation(&source, h));
        }
    }
    let collection = json!({
        "@context": CONTEXT,
        "id": "urn:commonplace:annotations",
        "type": "AnnotationCollection",
        "label": "Highlights and notes from Commonplace",
        "total": annotations.len(),
        "first": {
            "id": "urn:commonplace:annotations:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": annotations,
        },
    });
    let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
    text.push('\n');
    Ok(text)
}
