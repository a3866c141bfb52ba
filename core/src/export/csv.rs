//! Readwise's CSV: one row per highlight under Readwise's own header, so that Readwise (and
//! any spreadsheet) reads it as it is.

use crate::error::Result;
use crate::export::{ExportReport, Item};
use crate::model::ClippingKind;

/// The header of Readwise's CSV export, which its importer reads.
pub const HEADER: &str = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags";

/// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line end.
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The first number of a location or page (`214` of `214-215`): Readwise's is one number.
fn first_number(place: &str) -> Option<&str> {
    let digits = place.trim().split(|c: char| !c.is_ascii_digit()).next()?;
    (!digits.is_empty()).then_some(digits)
}

pub(crate) fn export(
    items: impl Iterator<Item = Result<Item>>,
    report: &mut ExportReport,
) -> Result<String> {
    let mut out = String::from(HEADER);
    out.push_str("\r\n");
    for item in items {
        let item = item?;
        report.clippings += 1;
        let c = &item.clipping.summary;
        let document_tags = c.tags.join(", ");
        for (order, h) in item.highlights.iter().enumerate() {
            report.highlights += 1;
            let (kind, place) = match (&h.location, &h.page) {
                (Some(location), _) => ("location", first_number(location).map(str::to_owned)),
                (None, Some(page)) => ("page", first_number(page).map(str::to_owned)),
                // An article's highlights have no place but their order in it.
                _ if c.kind != ClippingKind::Book => ("order", Some((order + 1).to_string())),
                _ => ("", None),
            };
            let color = format!("{:?}", h.color).to_lowercase();
            let row = [
                field(&h.text),
                field(&c.title),
                field(c.author.as_deref().unwrap_or("")),
                String::new(),
                field(&h.note),
                field(&color),
                field(&h.tags.join(", ")),
                kind.to_owned(),
                place.unwrap_or_default(),
                h.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                field(&document_tags),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"so\""), "\"say \"\"so\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(first_number("214-215"), Some("214"));
        assert_eq!(first_number("xv"), None);
    }
}
