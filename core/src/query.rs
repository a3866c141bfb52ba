//! The search query language, parsed into a [`Query`]: words (all must match, in any
//! order), `word*` prefixes, `"exact phrases"`, `-` to exclude, `OR`, parentheses, and
//! fields (`title:`, `author:`, `site:`, `tag:`, `color:`, `kind:`, `in:`, `has:`, `is:`,
//! `after:`, `before:`, `published:`, `sort:`). One language for the app and the CLI. A
//! query that cannot be read is an [`Error::InvalidQuery`] that says what is wrong and at
//! which character, never an empty result.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{ClippingKind, Color};

/// Words to find, as the person wrote them (folding is the index's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// One word; `prefix` for `word*`.
    Word { text: String, prefix: bool },
    /// `"an exact phrase"`: its words, in this order, next to each other.
    Phrase(String),
}

/// Which part of a clipping a word must be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Title,
    Author,
    Site,
}

/// `in:`: where the words must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A clipping's own words: title, author, site, text.
    Clippings,
    /// Highlights' words.
    Highlights,
    /// Notes: a clipping's and its highlights'.
    Notes,
}

/// `has:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Has {
    Highlights,
    Note,
}

/// `is:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    Orphaned,
    Trashed,
}

/// `sort:`; without it, hits are ranked by relevance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SearchSort {
    #[default]
    Relevance,
    Newest,
    Oldest,
    Title,
}

impl std::str::FromStr for SearchSort {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "relevance" => Ok(SearchSort::Relevance),
            "newest" => Ok(SearchSort::Newest),
            "oldest" => Ok(SearchSort::Oldest),
            "title" => Ok(SearchSort::Title),
            other => Err(format!(
                "{other:?} is not a sort (relevance, newest, oldest or title)"
            )),
        }
    }
}

/// A range of days, each end included; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One condition of a query, and how conditions combine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Words anywhere searchable, or in one field of a clipping.
    Text {
        term: Term,
        field: Option<TextField>,
    },
    /// Tag `name` or one beneath it, on the clipping or the highlight.
    Tag(String),
    Color(Color),
    Kind(ClippingKind),
    In(Scope),
    Has(Has),
    Is(Is),
    /// The day clipped (`after:`/`before:`, each day included).
    Clipped(Days),
    /// The day published (`published:2024`, `published:2024-03`, `published:2020..2022`).
    Published(Days),
    Not(Box<Node>),
    /// Every one must hold.
    All(Vec<Node>),
    /// At least one must hold.
    Any(Vec<Node>),
}

/// A parsed query: its conditions (`None` when it has none, such as `sort:newest` alone)
/// and its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub root: Option<Node>,
    pub sort: SearchSort,
}

/// Reads `input` as a query.
pub fn parse(input: &str) -> Result<Query> {
    let tokens = tokens(input)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        sort: None,
    };
    let root = parser.any()?;
    if let Some(token) = parser.tokens.get(parser.at) {
        // Only a `)` can stop the top level early.
        return Err(invalid("a “)” that closes nothing", token.position));
    }
    Ok(Query {
        root,
        sort: parser.sort.unwrap_or_default(),
    })
}

fn invalid(message: &str, position: usize) -> Error {
    Error::InvalidQuery {
        message: message.to_owned(),
        position: position + 1,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Or,
    /// `-`, right before what it excludes.
    Minus,
    /// A word (`field:` when `field` is set), or a phrase when `quoted`.
    Word {
        field: Option<(String, usize)>,
        text: String,
        quoted: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: Kind,
    /// The character (from 0) where it starts.
    position: usize,
}

/// Splits a query into its tokens: parentheses, `OR`, `-`, words and phrases, each with
/// where it starts (in characters).
fn tokens(input: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        match c {
            '(' => {
                out.push(Token {
                    kind: Kind::Open,
                    position: i,
                });
                i += 1;
            }
            ')' => {
                out.push(Token {
                    kind: Kind::Close,
                    position: i,
                });
                i += 1;
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != ')') =>
            {
                out.push(Token {
                    kind: Kind::Minus,
                    position: i,
                });
                i += 1;
            }
            '"' => {
                let (text, next) = quoted(&chars, i)?;
                out.push(Token {
                    kind: Kind::Word {
                        field: None,
                        text,
                        quoted: true,
                    },
                    position: start,
                });
                i = next;
            }
            _ => {
                let mut word = String::new();
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"')
                {
                    word.push(chars[i]);
                    i += 1;
                }
                // `field:value` or `field:"a phrase"`.
                if let Some((field, rest)) = word.split_once(':')
                    && !field.is_empty()
                    && field.chars().all(|c| c.is_ascii_alphabetic())
                {
                    let field = (field.to_lowercase(), start);
                    if rest.is_empty() && chars.get(i) == Some(&'"') {
                        let (text, next) = quoted(&chars, i)?;
                        out.push(Token {
                            kind: Kind::Word {
                                field: Some(field),
                                text,
                                quoted: true,
                            },
                            position: start,
                        });
                        i = next;
                        continue;
                    }
                    if rest.is_empty() {
                        return Err(invalid(
                            &format!("“{}:” needs a value after it", field.0),
                            start,
                        ));
                    }
                    out.push(Token {
                        kind: Kind::Word {
                            field: Some(field),
                            text: rest.to_owned(),
                            quoted: false,
                        },
                        position: start,
                    });
                    continue;
                }
                let kind = if word == "OR" {
                    Kind::Or
                } else {
                    Kind::Word {
                        field: None,
                        text: word,
                        quoted: false,
                    }
                };
                out.push(Token {
                    kind,
                    position: start,
                });
            }
        }
    }
    Ok(out)
}

/// The phrase that starts with the quote at `open`, and where after it to go on.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize)> {
    let close = chars[open + 1..]
        .iter()
        .position(|c| *c == '"')
        .map(|p| open + 1 + p)
        .ok_or_else(|| invalid("a quote that is never closed", open))?;
    Ok((chars[open + 1..close].iter().collect(), close + 1))
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    sort: Option<SearchSort>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    /// `a OR b OR c`, each side a run of conditions that all must hold.
    fn any(&mut self) -> Result<Option<Node>> {
        let mut sides = Vec::new();
        let mut or_at = None;
        loop {
            let side = self.all()?;
            match side {
                Some(node) => sides.push(node),
                None => {
                    if let Some(at) = or_at {
                        return Err(invalid("“OR” needs something on both sides", at));
                    }
                }
            }
            let or = match self.peek() {
                Some(Token {
                    kind: Kind::Or,
                    position,
                }) => *position,
                _ => break,
            };
            if sides.is_empty() {
                return Err(invalid("“OR” needs something on both sides", or));
            }
            or_at = Some(or);
            self.at += 1;
            if self
                .peek()
                .is_none_or(|t| t.kind == Kind::Close || t.kind == Kind::Or)
            {
                return Err(invalid("“OR” needs something on both sides", or));
            }
        }
        Ok(match sides.len() {
            0 => None,
            1 => sides.pop(),
            _ => Some(Node::Any(sides)),
        })
    }

    /// Conditions side by side: every one must hold.
    fn all(&mut self) -> Result<Option<Node>> {
        let mut nodes = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                Kind::Or | Kind::Close => break,
                _ => {
                    if let Some(node) = self.unary()? {
                        nodes.push(node);
                    }
                }
            }
        }
        Ok(match nodes.len() {
            0 => None,
            1 => nodes.pop(),
            _ => Some(Node::All(nodes)),
        })
    }

    fn unary(&mut self) -> Result<Option<Node>> {
        let Some(token) = self.peek().cloned() else {
            return Ok(None);
        };
        if token.kind == Kind::Minus {
            self.at += 1;
            return match self.atom()? {
                Some(node) => Ok(Some(Node::Not(Box::new(node)))),
                None => Err(invalid("“-” needs something to leave out", token.position)),
            };
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Option<Node>> {
        let Some(token) = self.peek().cloned() else {
            return Ok(None);
        };
        self.at += 1;
        match token.kind {
            Kind::Open => {
                let inner = self.any()?;
                match self.peek() {
                    Some(Token {
                        kind: Kind::Close, ..
                    }) => self.at += 1,
                    _ => return Err(invalid("a “(” that is never closed", token.position)),
                }
                match inner {
                    Some(node) => Ok(Some(node)),
                    None => Err(invalid("“()” holds nothing to search for", token.position)),
                }
            }
            Kind::Close => Err(invalid("a “)” that closes nothing", token.position)),
            Kind::Or => Err(invalid(
                "“OR” needs something on both sides",
                token.position,
            )),
            Kind::Minus => Err(invalid("“-” needs something to leave out", token.position)),
            Kind::Word {
                field,
                text,
                quoted,
            } => match field {
                None => Ok(text_node(&text, quoted, None, token.position)?),
                Some((name, at)) => self.field(&name, at, &text, quoted),
            },
        }
    }

    /// `name:value`.
    fn field(&mut self, name: &str, at: usize, value: &str, quoted: bool) -> Result<Option<Node>> {
        let value_at = at + name.chars().count() + 1;
        let bad = |what: &str| invalid(what, value_at);
        let one_of = |options: &str| {
            bad(&format!(
                "“{value}” is no value of “{name}:” (it takes {options})"
            ))
        };
        let lower = value.to_lowercase();
        Ok(Some(match name {
            "title" => return text_node(value, quoted, Some(TextField::Title), value_at),
            "author" => {
                return text_node(value, quoted, Some(TextField::Author), value_at);
            }
            "site" => return text_node(value, quoted, Some(TextField::Site), value_at),
            "tag" => {
                if crate::model::normalize_tag_name(value).is_none() {
                    return Err(bad("“tag:” needs a tag name"));
                }
                Node::Tag(value.to_owned())
            }
            "color" | "colour" => Node::Color(
                Color::ALL
                    .into_iter()
                    .find(|c| c.as_str() == lower)
                    .ok_or_else(|| one_of("yellow, green, blue, pink or purple"))?,
            ),
            "kind" => Node::Kind(match lower.as_str() {
                "article" => ClippingKind::Article,
                "book" => ClippingKind::Book,
                "note" => ClippingKind::Note,
                _ => return Err(one_of("article, book or note")),
            }),
            "in" => Node::In(match lower.as_str() {
                "clippings" | "clipping" => Scope::Clippings,
                "highlights" | "highlight" => Scope::Highlights,
                "notes" | "note" => Scope::Notes,
                _ => return Err(one_of("clippings, highlights or notes")),
            }),
            "has" => Node::Has(match lower.as_str() {
                "highlights" | "highlight" => Has::Highlights,
                "note" | "notes" => Has::Note,
                _ => return Err(one_of("highlights or note")),
            }),
            "is" => Node::Is(match lower.as_str() {
                "orphaned" | "orphan" => Is::Orphaned,
                "trashed" | "trash" => Is::Trashed,
                _ => return Err(one_of("orphaned or trashed")),
            }),
            "after" => Node::Clipped(Days {
                from: Some(day(value).ok_or_else(|| bad(&no_day(value)))?),
                to: None,
            }),
            "before" => Node::Clipped(Days {
                from: None,
                to: Some(day(value).ok_or_else(|| bad(&no_day(value)))?),
            }),
            "published" => Node::Published(published(value).ok_or_else(|| {
                bad(&format!(
                    "“{value}” is no date or range of “published:” \
                     (2024, 2024-03, 2024-03-05, 2020..2022)"
                ))
            })?),
            "sort" => {
                let sort = lower.parse::<SearchSort>().map_err(|e| bad(&e))?;
                self.sort = Some(sort);
                return Ok(None);
            }
            _ => {
                return Err(invalid(
                    &format!(
                        "“{name}:” is no field (title, author, site, tag, color, kind, in, has, \
                         is, after, before, published, sort)"
                    ),
                    at,
                ));
            }
        }))
    }
}

fn no_day(value: &str) -> String {
    format!("“{value}” is no day: write it as YYYY-MM-DD")
}

/// A word or phrase, or nothing for one that holds no letters or digits (a lone `*`).
fn text_node(
    text: &str,
    quoted: bool,
    field: Option<TextField>,
    position: usize,
) -> Result<Option<Node>> {
    let term = if quoted {
        if !text.chars().any(char::is_alphanumeric) {
            return Err(invalid("the phrase holds no words", position));
        }
        Term::Phrase(text.to_owned())
    } else {
        let (word, prefix) = match text.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (text, false),
        };
        if word.contains('*') {
            return Err(invalid(
                "“*” goes at the end of a word, for a prefix",
                position,
            ));
        }
        if !word.chars().any(char::is_alphanumeric) {
            return Err(invalid(
                &format!("“{text}” holds no letters or digits to search for"),
                position,
            ));
        }
        Term::Word {
            text: word.to_owned(),
            prefix,
        }
    };
    Ok(Some(Node::Text { term, field }))
}

/// `YYYY-MM-DD`.
fn day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|d| (1000..=9999).contains(&chrono::Datelike::year(d)))
}

/// `2024`, `2024-03`, `2024-03-05`, or a range of them `A..B` (either end may be left out).
fn published(value: &str) -> Option<Days> {
    let (from, to) = match value.split_once("..") {
        Some((a, b)) => (a, b),
        None => (value, value),
    };
    let from = if from.is_empty() {
        None
    } else {
        Some(period(from)?.0)
    };
    let to = if to.is_empty() {
        None
    } else {
        Some(period(to)?.1)
    };
    if from.is_none() && to.is_none() {
        return None;
    }
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return None;
    }
    Some(Days { from, to })
}

/// The first and last day of a year, a month or a day.
fn period(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = value.split('-').collect();
    let number = |s: &str, digits: usize| -> Option<u32> {
        (s.len() == digits && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => {
            let y = number(y, 4)? as i32;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        [y, m] => {
            let (y, m) = (number(y, 4)? as i32, number(m, 2)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        [_, _, _] => {
            let d = day(value)?;
            Some((d, d))
        }
        _ => None,
    }
    .filter(|(a, _)| (1000..=9999).contains(&chrono::Datelike::year(a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Node {
        Node::Text {
            term: Term::Word {
                text: text.into(),
                prefix: false,
            },
            field: None,
        }
    }

    fn root(input: &str) -> Node {
        parse(input).unwrap().root.unwrap()
    }

    /// The message and the (1-based) character of the error `input` gives.
    fn error(input: &str) -> (String, usize) {
        match parse(input) {
            Err(Error::InvalidQuery { message, position }) => (message, position),
            other => panic!("{input:?} gave {other:?}"),
        }
    }

    #[test]
    fn words_side_by_side_must_all_match() {
        assert_eq!(
            root("night ferry"),
            Node::All(vec![word("night"), word("ferry")])
        );
        assert_eq!(root("  ferry  "), word("ferry"));
        assert_eq!(parse("").unwrap().root, None);
    }

    #[test]
    fn prefixes_phrases_and_exclusions() {
        assert_eq!(
            root("ferr* \"night ferry\" -bus -\"late crossing\""),
            Node::All(vec![
                Node::Text {
                    term: Term::Word {
                        text: "ferr".into(),
                        prefix: true
                    },
                    field: None
                },
                Node::Text {
                    term: Term::Phrase("night ferry".into()),
                    field: None
                },
                Node::Not(Box::new(word("bus"))),
                Node::Not(Box::new(Node::Text {
                    term: Term::Phrase("late crossing".into()),
                    field: None
                })),
            ])
        );
        // A hyphen inside a word is part of it.
        assert_eq!(root("late-night"), word("late-night"));
    }

    #[test]
    fn or_binds_looser_than_words_side_by_side_and_parentheses_group() {
        assert_eq!(
            root("ferry night OR bus"),
            Node::Any(vec![
                Node::All(vec![word("ferry"), word("night")]),
                word("bus")
            ])
        );
        assert_eq!(
            root("ferry (night OR bus)"),
            Node::All(vec![
                word("ferry"),
                Node::Any(vec![word("night"), word("bus")])
            ])
        );
        assert_eq!(
            root("-(bus OR tram)"),
            Node::Not(Box::new(Node::Any(vec![word("bus"), word("tram")])))
        );
        // Lower-case `or` is a word.
        assert_eq!(
            root("this or that"),
            Node::All(vec![word("this"), word("or"), word("that")])
        );
    }

    #[test]
    fn fields_read_their_values() {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            root("title:\"night ferry\" author:okafor site:harbor*"),
            Node::All(vec![
                Node::Text {
                    term: Term::Phrase("night ferry".into()),
                    field: Some(TextField::Title)
                },
                Node::Text {
                    term: Term::Word {
                        text: "okafor".into(),
                        prefix: false
                    },
                    field: Some(TextField::Author)
                },
                Node::Text {
                    term: Term::Word {
                        text: "harbor".into(),
                        prefix: true
                    },
                    field: Some(TextField::Site)
                },
            ])
        );
        assert_eq!(
            root("tag:politics/europe -tag:draft color:Yellow kind:book"),
            Node::All(vec![
                Node::Tag("politics/europe".into()),
                Node::Not(Box::new(Node::Tag("draft".into()))),
                Node::Color(Color::Yellow),
                Node::Kind(ClippingKind::Book),
            ])
        );
        assert_eq!(
            root("in:highlights has:note is:trashed is:orphaned has:highlights in:notes"),
            Node::All(vec![
                Node::In(Scope::Highlights),
                Node::Has(Has::Note),
                Node::Is(Is::Trashed),
                Node::Is(Is::Orphaned),
                Node::Has(Has::Highlights),
                Node::In(Scope::Notes),
            ])
        );
        assert_eq!(
            root("after:2025-01-01 before:2025-06-30"),
            Node::All(vec![
                Node::Clipped(Days {
                    from: Some(date("2025-01-01")),
                    to: None
                }),
                Node::Clipped(Days {
                    from: None,
                    to: Some(date("2025-06-30"))
                }),
            ])
        );
        assert_eq!(
            root("published:2024"),
            Node::Published(Days {
                from: Some(date("2024-01-01")),
                to: Some(date("2024-12-31"))
            })
        );
        assert_eq!(
            root("published:2024-02"),
            Node::Published(Days {
                from: Some(date("2024-02-01")),
                to: Some(date("2024-02-29"))
            })
        );
        assert_eq!(
            root("published:2020..2022-06"),
            Node::Published(Days {
                from: Some(date("2020-01-01")),
                to: Some(date("2022-06-30"))
            })
        );
        assert_eq!(
            root("published:..2020"),
            Node::Published(Days {
                from: None,
                to: Some(date("2020-12-31"))
            })
        );
    }

    #[test]
    fn sort_is_an_order_not_a_condition() {
        let query = parse("ferry sort:newest").unwrap();
        assert_eq!(query.sort, SearchSort::Newest);
        assert_eq!(query.root, Some(word("ferry")));
        let alone = parse("sort:title").unwrap();
        assert_eq!((alone.root, alone.sort), (None, SearchSort::Title));
        assert_eq!(parse("ferry").unwrap().sort, SearchSort::Relevance);
    }

    #[test]
    fn a_malformed_query_says_what_is_wrong_and_where() {
        let cases: &[(&str, &str, usize)] = &[
            ("night \"ferry", "never closed", 7),
            ("(night ferry", "never closed", 1),
            ("night ferry)", "closes nothing", 12),
            ("colour:mauve", "no value of “colour:”", 8),
            ("size:large", "no field", 1),
            ("ferry after:2025-13-01", "no day", 13),
            ("before:yesterday", "no day", 8),
            ("published:20x4", "no date or range", 11),
            ("published:2022..2020", "no date or range", 11),
            ("ferry OR", "both sides", 7),
            ("OR ferry", "both sides", 1),
            ("night OR OR ferry", "both sides", 7),
            ("ferry -", "", 0),
            ("fer*ry", "at the end of a word", 1),
            ("()", "holds nothing", 1),
            ("tag:", "needs a value", 1),
            ("sort:random", "not a sort", 6),
            ("kind:video", "no value of “kind:”", 6),
            ("\"  \"", "no words", 1),
        ];
        for (input, expected, position) in cases {
            if expected.is_empty() {
                // A lone `-` at the end is a word of no letters.
                let (message, _) = error(input);
                assert!(message.contains("no letters"), "{input}: {message}");
                continue;
            }
            let (message, at) = error(input);
            assert!(message.contains(expected), "{input}: {message}");
            assert_eq!(at, *position, "{input}: {message}");
        }
    }
}
