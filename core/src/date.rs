//! Publication dates: as precise as the source gives them (a bare day, or a moment in time),
//! read from the many ways articles write them.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

/// When a piece was published: a calendar day, or an exact moment when the source says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PublishedAt {
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
}

impl fmt::Display for PublishedAt {
    /// ISO 8601: `2026-02-11` or `2026-02-11T09:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishedAt::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            PublishedAt::DateTime(t) => f.write_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        }
    }
}

impl Serialize for PublishedAt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Formats a moment the way the library stores and shows it: RFC 3339 in UTC, to the second.
pub fn format_timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a stored timestamp back; `None` if the text is not RFC 3339.
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Month names (and their common abbreviations) in the languages articles arrive in.
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Russian (genitive, as dates write them)
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
];

/// Words that may stand around a date without changing it: weekdays and fillers.
const IGNORED_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "of",
    "the",
    "de",
    "del",
    "den",
    "le",
    "el",
    "il",
    "published",
    "updated",
    "on",
    "года",
    "г",
];

/// Reads a publication date written as a whole line: ISO 8601 (`2026-02-11`,
/// `2026-02-11T09:30:00Z`), `February 11, 2026`, `11 February 2026`, `Feb. 11, 2026`,
/// `Wednesday, February 11, 2026`, month names in several European languages, and
/// `2026年2月11日`. Returns `None` for anything else, including impossible dates.
pub fn parse_published(input: &str) -> Option<PublishedAt> {
    let s = input.trim().trim_end_matches('.');
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let zoned = DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_rfc2822(s).ok())
        .or_else(|| {
            // Offsets without a colon (`+0100`), and a space for the `T`.
            [
                "%Y-%m-%dT%H:%M:%S%.f%z",
                "%Y-%m-%d %H:%M:%S%.f%z",
                "%Y-%m-%d %H:%M:%S%.f %z",
                "%Y-%m-%dT%H:%M%z",
            ]
            .iter()
            .find_map(|format| DateTime::parse_from_str(s, format).ok())
        });
    if let Some(t) = zoned {
        return Some(PublishedAt::DateTime(t.with_timezone(&Utc))).filter(in_calendar);
    }
    // No zone given (fractional seconds too): read as UTC.
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(PublishedAt::DateTime(t.and_utc())).filter(in_calendar);
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return Some(PublishedAt::Date(d)).filter(in_calendar);
        }
    }
    parse_cjk(s)
        .or_else(|| parse_words(s, true))
        .map(PublishedAt::Date)
        .filter(in_calendar)
}

/// Whether a date is one a person could mean: years 1000 to 9999. (A year such as 99999
/// would be stored as `+99999-01-01`, which nothing reads back as a date.)
fn in_calendar(date: &PublishedAt) -> bool {
    let year = match date {
        PublishedAt::Date(d) => d.year(),
        PublishedAt::DateTime(t) => t.year(),
    };
    (1000..=9999).contains(&year)
}

/// Finds a calendar date inside running text such as Kindle's `Added on Sunday, March 1,
/// 2020` or `Hinzugefügt am Sonntag, 1. März 2020`: words it does not know are skipped.
pub fn parse_date_in_text(input: &str) -> Option<NaiveDate> {
    parse_cjk_inside(input).or_else(|| parse_words(input, false))
}

/// `...2020年3月1日...` anywhere in the text.
fn parse_cjk_inside(s: &str) -> Option<NaiveDate> {
    let (before, rest) = s.split_once('年')?;
    let year: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let (month, rest) = rest.split_once('月')?;
    let (day, _) = rest.split_once('日')?;
    NaiveDate::from_ymd_opt(
        year.parse().ok()?,
        month.trim().parse().ok()?,
        day.trim().parse().ok()?,
    )
}

/// `2026年2月11日`
fn parse_cjk(s: &str) -> Option<NaiveDate> {
    let (year, rest) = s.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.trim().strip_suffix('日')?;
    NaiveDate::from_ymd_opt(
        year.trim().parse().ok()?,
        month.trim().parse().ok()?,
        day.trim().parse().ok()?,
    )
}

/// A day, a month name and a year in any order that articles use, with weekdays, commas,
/// periods and ordinal suffixes around them. `strict`: nothing else may stand there.
fn parse_words(s: &str, strict: bool) -> Option<NaiveDate> {
    let (mut day, mut month, mut year) = (None, None, None);
    let lower = s.to_lowercase();
    let words = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '/'))
        .filter(|w| !w.is_empty());
    for word in words {
        let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let suffix = &word[digits.len()..];
            if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er" | "e") {
                if strict {
                    return None;
                }
                continue;
            }
            let n: u32 = digits.parse().ok()?;
            if digits.len() == 4 && year.is_none() {
                year = Some(n as i32);
            } else if digits.len() <= 2 && day.is_none() {
                day = Some(n);
            } else if strict {
                return None;
            }
        } else if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == word) {
            if month.replace(m).is_some() && strict {
                return None;
            }
        } else if strict && !IGNORED_WORDS.contains(&word) {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(year?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<PublishedAt> {
        NaiveDate::from_ymd_opt(y, m, d).map(PublishedAt::Date)
    }

    #[test]
    fn reads_the_ways_articles_write_dates() {
        let cases = [
            ("February 11, 2026", date(2026, 2, 11)),
            ("Feb. 11, 2026", date(2026, 2, 11)),
            ("11 February 2026", date(2026, 2, 11)),
            ("Wednesday, February 11, 2026", date(2026, 2, 11)),
            ("March 3rd, 2025", date(2025, 3, 3)),
            ("2026-02-11", date(2026, 2, 11)),
            ("11. Februar 2026", date(2026, 2, 11)),
            ("11 février 2026", date(2026, 2, 11)),
            ("11 de febrero de 2026", date(2026, 2, 11)),
            ("11 февраля 2026 г.", date(2026, 2, 11)),
            ("2026年2月11日", date(2026, 2, 11)),
            ("February 30, 2026", None),
            ("February 2026", None),
            ("By February 11, 2026 people knew", None),
            ("12345", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_published(input), expected, "{input}");
        }
    }

    #[test]
    fn reads_offsets_without_a_colon_and_fractional_seconds() {
        let moment = |s: &str| parse_published(s).map(|p| p.to_string());
        for (input, expected) in [
            ("2021-11-01T10:52:50+0100", "2021-11-01T09:52:50Z"),
            ("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00Z"),
            ("2017-11-24T18:42:20.314667", "2017-11-24T18:42:20Z"),
            ("2017-11-24T18:42:20.314+02:00", "2017-11-24T16:42:20Z"),
            ("2017-11-24 18:42:20 +0000", "2017-11-24T18:42:20Z"),
            ("Fri, 03 Nov 2017 03:01:00 +0100", "2017-11-03T02:01:00Z"),
        ] {
            assert_eq!(moment(input).as_deref(), Some(expected), "{input}");
        }
    }

    #[test]
    fn a_year_outside_1000_to_9999_is_no_date() {
        assert_eq!(parse_published("99999年1月1日"), None);
        assert_eq!(parse_published("+99999-01-01"), None);
        assert_eq!(parse_published("0999-01-01"), None);
        assert_eq!(parse_published("January 1, 12000"), None);
    }

    #[test]
    fn keeps_the_moment_when_the_source_has_one() {
        let parsed = parse_published("2026-02-11T09:30:00+01:00");
        assert_eq!(
            parsed.map(|p| p.to_string()).as_deref(),
            Some("2026-02-11T08:30:00Z")
        );
    }
}
