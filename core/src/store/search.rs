//! The full-text index: `clipping_search` and `highlight_search` (FTS5, contentless), kept
//! current from `search_pending`, which triggers fill on every change (schema version 9).

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, Transaction, params_from_iter};

use crate::error::Result;
use crate::model::{Color, HitKind};
use crate::query::{Days, Has, Is, Node, Query, Scope, SearchSort, Term, TextField};
use crate::store::filter::{Filter, Subtree};

/// Brings the search index up to date with what `search_pending` says changed, in rowid
/// order, and empties it (see `V9_SQL` in [`super::schema`]). Every write runs it before it commits; so does the
/// migration to version 9, which indexes the whole library this way.
pub(crate) fn index_pending(tx: &Transaction<'_>) -> Result<()> {
    let pending: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM search_pending)", [], |r| {
        r.get(0)
    })?;
    if !pending {
        return Ok(());
    }
    index_form_function(tx)?;
    if !progress::wanted() {
        tx.execute_batch(&format!("{INDEX_SQL} DELETE FROM search_pending;"))?;
        return Ok(());
    }
    // Someone watches (a migration indexing the whole library as it opens): a part at a
    // time, in the pending rows' order, saying how far it is after each.
    let total: i64 = tx.query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_all_pending AS SELECT * FROM search_pending WHERE 0;
         DELETE FROM temp.search_all_pending;
         INSERT INTO temp.search_all_pending SELECT * FROM search_pending ORDER BY kind, id;
         DELETE FROM search_pending;",
    )?;
    let mut done = 0;
    progress::report(0, total as u64);
    while done < total {
        tx.execute(
            "INSERT INTO search_pending SELECT * FROM temp.search_all_pending
             WHERE rowid > ?1 AND rowid <= ?2",
            [done, done + INDEX_PART],
        )?;
        tx.execute_batch(&format!("{INDEX_SQL} DELETE FROM search_pending;"))?;
        done = (done + INDEX_PART).min(total);
        progress::report(done as u64, total as u64);
    }
    tx.execute_batch("DROP TABLE temp.search_all_pending;")?;
    Ok(())
}

/// How many rows a part of a watched indexing has.
const INDEX_PART: i64 = 5_000;

/// Indexes what `search_pending` names (it is emptied after).
const INDEX_SQL: &str = "DELETE FROM clipping_search WHERE rowid IN
       (SELECT id FROM search_pending WHERE kind = 'clipping' AND NOT new);
     INSERT INTO clipping_search (rowid, title, author, site_name, text, note, pairs)
     SELECT c.id, cp_index_form(c.title), cp_index_form(coalesce(c.author, '')),
            cp_index_form(coalesce(c.site_name, '')), cp_index_form(coalesce(v.text, '')),
            cp_index_form(c.note),
            cp_own_words(c.title, coalesce(c.author, ''), coalesce(c.site_name, ''),
                         coalesce(v.text, ''), c.note)
     FROM search_pending p JOIN clipping c ON c.id = p.id
     -- The current version, joined once: its text is read for two columns.
     LEFT JOIN clipping_version v ON v.id = (SELECT max(w.id) FROM clipping_version w
                                             WHERE w.clipping_id = c.id)
     WHERE p.kind = 'clipping' ORDER BY c.id;
     DELETE FROM highlight_search WHERE rowid IN
       (SELECT id FROM search_pending WHERE kind = 'highlight' AND NOT new);
     INSERT INTO highlight_search (rowid, exact, note, pairs)
     SELECT h.id, cp_index_form(h.exact), cp_index_form(h.note), cp_pairs(h.exact, h.note)
     FROM search_pending p JOIN highlight h ON h.id = p.id
     WHERE p.kind = 'highlight' ORDER BY h.id;";

/// Who watches a long indexing on this thread: set by [`crate::Library::open_reporting`]
/// around the migrations it runs, which index the whole library at once.
pub(crate) mod progress {
    use std::cell::RefCell;

    type Report = Box<dyn FnMut(u64, u64)>;

    thread_local! {
        static WATCHER: RefCell<Option<Report>> = const { RefCell::new(None) };
    }

    /// Runs `f` with `report` told of each part of an indexing (done, of total rows).
    pub(crate) fn watching<T>(report: Report, f: impl FnOnce() -> T) -> T {
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                WATCHER.with(|w| w.borrow_mut().take());
            }
        }
        WATCHER.with(|w| *w.borrow_mut() = Some(report));
        let _reset = Reset;
        f()
    }

    pub(crate) fn wanted() -> bool {
        WATCHER.with(|w| w.borrow().is_some())
    }

    pub(crate) fn report(done: u64, total: u64) {
        WATCHER.with(|w| {
            if let Some(report) = w.borrow_mut().as_mut() {
                report(done, total);
            }
        });
    }
}

/// `cp_index_form(text)`: a text as the index takes it ([`crate::words::index_form`]),
/// `cp_pairs(text, ...)`, a highlight's column `pairs` ([`crate::words::pairs`]), and
/// `cp_own_words(title, author, site, text, note)`, a clipping's ([`own_words`]), for the
/// statements that index rows. Defined on the connection
/// each time it indexes: any connection may be the one that writes.
fn index_form_function(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("cp_index_form", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|t| crate::words::index_form(&t).into_owned()))
    })?;
    conn.create_scalar_function("cp_own_words", 5, flags, |ctx| {
        let column = |i| -> rusqlite::Result<String> {
            Ok(ctx.get::<Option<String>>(i)?.unwrap_or_default())
        };
        let [title, author, site, text, note] = [0, 1, 2, 3, 4].map(column);
        Ok(own_words(&title?, &author?, &site?, &text?, &note?))
    })?;
    conn.create_scalar_function("cp_pairs", -1, flags, |ctx| {
        let texts = (0..ctx.len())
            .map(|i| ctx.get::<Option<String>>(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let texts: Vec<&str> = texts.iter().flatten().map(String::as_str).collect();
        Ok(crate::words::pairs(&texts))
    })?;
    Ok(())
}

/// A clipping's column `pairs`: the words of its title, author and site, each marked as
/// its field's ([`crate::words::field_words`]), then the pairs of common words of all its
/// columns.
pub(crate) fn own_words(title: &str, author: &str, site: &str, text: &str, note: &str) -> String {
    use crate::words::{AUTHOR_MARK, SITE_MARK, TITLE_MARK, field_words, pairs};
    let mut out = field_words(TITLE_MARK, title);
    out.push_str(&field_words(AUTHOR_MARK, author));
    out.push_str(&field_words(SITE_MARK, site));
    out.push_str(&pairs(&[title, author, site, text, note]));
    out
}

/// Notes every clipping and highlight for the index, as rows it does not hold yet.
const NOTE_EVERY_ROW: &str = "DELETE FROM search_pending;
     INSERT INTO search_pending (kind, id, new) SELECT 'clipping', id, 1 FROM clipping;
     INSERT INTO search_pending (kind, id, new) SELECT 'highlight', id, 1 FROM highlight;";

/// Schema version 10: the index again, with Chinese, Japanese and Korean text as pairs
/// of characters (see [`crate::words`]), so that two of its characters find it. Every row
/// is noted for the index; [`index_with_pairs`] (version 14), which always runs after it,
/// writes the index of today once.
pub(crate) fn index_again(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(&format!(
        "INSERT INTO clipping_search (clipping_search) VALUES ('delete-all');
         INSERT INTO highlight_search (highlight_search) VALUES ('delete-all');
         {NOTE_EVERY_ROW}"
    ))?;
    Ok(())
}

/// Schema version 14: both indexes made again with the column `pairs`, the pairs of common
/// words that stand together ([`crate::words::pairs`]), so that a phrase of common words
/// is found as the phrase of its pairs, not by checking the positions of its words in
/// every clipping; then every row indexed, a part at a time when someone watches.
///
/// A clipping's text is its index's first column: FTS5 writes the column of each word's
/// positions in a document before them unless it is the first, two bytes for every word of
/// every text when the title came first. The index is a quarter smaller this way (265 MB
/// instead of 369 MB for the bench's 500 MB of text, before the pairs).
pub(crate) fn index_with_pairs(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(&format!(
        "DROP TABLE clipping_search;
         DROP TABLE highlight_search;
         CREATE VIRTUAL TABLE clipping_search USING fts5 (
             text, title, author, site_name, note, pairs,
             content = '', contentless_delete = 1,
             tokenize = 'unicode61 remove_diacritics 2'
         );
         CREATE VIRTUAL TABLE highlight_search USING fts5 (
             exact, note, pairs,
             content = '', contentless_delete = 1,
             tokenize = 'unicode61 remove_diacritics 2'
         );
         INSERT INTO clipping_search (clipping_search, rank) VALUES ('hashsize', 16777216);
         INSERT INTO highlight_search (highlight_search, rank) VALUES ('hashsize', 16777216);
         {NOTE_EVERY_ROW}"
    ))?;
    index_pending(tx)
}

/// Which index a part of a query is run over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Clippings,
    Highlights,
}

/// What the search found, before its snippets: a clipping or a highlight, its score (higher
/// is better) and what its snippet is made from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub kind: HitKind,
    pub clipping_id: i64,
    pub highlight_id: Option<i64>,
    pub score: f64,
    pub title: String,
    /// The clipping's text, or the highlight's words.
    pub text: String,
    pub color: Option<Color>,
    pub note: String,
    /// What a sorted search orders by: the time clipped (or highlighted), or the title.
    pub sort_key: String,
}

/// How many of a query's matches, the newest, are ranked by relevance at most.
const RANKED: u32 = 2_000;

/// A clipping's relevance: BM25 with its columns weighed, in the index's order: the text
/// 1, the title 10, the author 3, the site 2, the note 2, the pairs of common words 1.
const CLIPPING_SCORE: &str = "-bm25(clipping_search, 1.0, 10.0, 3.0, 2.0, 2.0, 1.0)";

/// How the highlights' relevance is weighed against the clippings': above the body.
const HIGHLIGHT_WEIGHT: f64 = 1.5;

/// The columns of `clipping_search` a word with no field is looked for in, by scope, as an
/// FTS5 column filter; `None` for all of them (a filter naming every column only costs).
fn clipping_columns(scope: Option<Scope>) -> Option<&'static str> {
    match scope {
        Some(Scope::Notes) => Some("{note}"),
        Some(Scope::Clippings) => Some("{title author site_name text}"),
        _ => None,
    }
}

fn highlight_columns(scope: Option<Scope>) -> Option<&'static str> {
    match scope {
        Some(Scope::Notes) => Some("{note}"),
        Some(Scope::Highlights) => Some("{exact}"),
        _ => None,
    }
}

/// A term in FTS5's syntax: each word a string (so that no word is an operator), a prefix
/// `*` after it, a phrase as one string.
fn fts_term(term: &Term) -> String {
    // CJK words as the index has them: their pairs of characters, a phrase.
    let quote = |s: &str| {
        let form = crate::words::index_form(s);
        format!("\"{}\"", form.trim().replace('"', "\"\""))
    };
    match term {
        Term::Word { text, prefix } => {
            if *prefix && !text.chars().any(crate::words::is_cjk) {
                format!("{} *", quote(text))
            } else {
                quote(text)
            }
        }
        Term::Phrase(text) => quote(text),
    }
}

/// `term` looked for in a field of the clipping, as FTS5 takes it: the phrase of its words
/// each marked as the field's, as the column `pairs` keeps them (see
/// [`crate::words::field_words`]); the field's own column for a term of no word.
fn fielded(field: TextField, term: &Term) -> String {
    use crate::words::{AUTHOR_MARK, SITE_MARK, TITLE_MARK, field_words, is_cjk};
    let (mark, column) = match field {
        TextField::Title => (TITLE_MARK, "title"),
        TextField::Author => (AUTHOR_MARK, "author"),
        TextField::Site => (SITE_MARK, "site_name"),
    };
    let (text, prefix) = match term {
        Term::Word { text, prefix } => (text, *prefix && !text.chars().any(is_cjk)),
        Term::Phrase(text) => (text, false),
    };
    let marked = field_words(mark, text);
    if marked.is_empty() {
        return format!("{{{column}}} : {}", fts_term(term));
    }
    let marked = format!("\"{}\"", marked.trim_end().replace('"', "\"\""));
    if prefix {
        format!("{{pairs}} : {marked} *")
    } else {
        format!("{{pairs}} : {marked}")
    }
}

/// `term` as a phrase of pairs in the column `pairs`, when it is two or more words (a
/// phrase, or a word the index cuts in two, `it's`) and all of them are common.
fn common_phrase(term: &Term) -> Option<String> {
    match term {
        Term::Phrase(text)
        | Term::Word {
            text,
            prefix: false,
        } => crate::words::common_phrase(text),
        Term::Word { prefix: true, .. } => None,
    }
}

/// What a query is made of, for choosing which indexes to run it over.
#[derive(Debug, Default)]
struct Shape {
    scope: Option<Scope>,
    unfielded: bool,
    fielded: bool,
    highlight_filter: bool,
    trashed: bool,
}

fn shape(node: &Node, s: &mut Shape) {
    match node {
        Node::Text { field: None, .. } => s.unfielded = true,
        Node::Text { field: Some(_), .. } => s.fielded = true,
        Node::In(scope) => s.scope = Some(*scope),
        Node::Color(_) | Node::Is(Is::Orphaned) => s.highlight_filter = true,
        Node::Is(Is::Trashed) => s.trashed = true,
        Node::Not(inner) => shape(inner, s),
        Node::All(nodes) | Node::Any(nodes) => nodes.iter().for_each(|n| shape(n, s)),
        _ => {}
    }
}

/// A query made SQL for one index: the FTS5 expression that drives it (and ranks its
/// rows), when the query's words can be put in one, and the conditions on each row.
struct Plan {
    matching: Option<String>,
    /// When `matching` has phrases: its words that must be there, phrases as their words,
    /// to rank its matches by (see [`ranked_clippings`]).
    ranking: Option<String>,
    /// Whether `ranking` has every word of the phrases (none of them common, none left out).
    ranking_whole: bool,
    filter: Filter,
}

impl Plan {
    fn new(root: Option<&Node>, side: Side, scope: Option<Scope>) -> Result<Plan> {
        let mut plan = Plan {
            matching: None,
            ranking: None,
            ranking_whole: false,
            filter: Filter::default(),
        };
        let Some(root) = root else {
            return Ok(plan);
        };
        let children: Vec<&Node> = match root {
            Node::All(nodes) => nodes.iter().collect(),
            other => vec![other],
        };
        let (mut positive, mut negative) = (Vec::new(), Vec::new());
        for child in children {
            match child {
                Node::Not(inner) if fts(inner, side, scope).is_some() => {
                    negative.extend(fts(inner, side, scope));
                }
                other => match fts(other, side, scope) {
                    Some(expression) => positive.push(expression),
                    None => {
                        let condition = plan.condition(other, side, scope)?;
                        plan.filter.require(condition);
                    }
                },
            }
        }
        if positive.is_empty() {
            // Words only to leave out: each is a condition.
            for n in negative {
                let inside = plan.in_index(side, &n);
                plan.filter.require(format!("NOT {inside}"));
            }
        } else {
            let mut expression = positive
                .iter()
                .map(|p| format!("({p})"))
                .collect::<Vec<_>>()
                .join(" AND ");
            let (ranking, whole) = phrases_as_words(&expression);
            if ranking != expression {
                plan.ranking = Some(ranking);
                plan.ranking_whole = whole;
            }
            for n in negative {
                expression.push_str(&format!(" NOT ({n})"));
            }
            plan.matching = Some(expression);
        }
        Ok(plan)
    }

    /// `id IN` the rows of `side`'s index that `expression` matches.
    fn in_index(&mut self, side: Side, expression: &str) -> String {
        let p = self.filter.bind(expression.to_owned());
        match side {
            Side::Clippings => format!(
                "c.id IN (SELECT rowid FROM clipping_search WHERE clipping_search MATCH {p})"
            ),
            Side::Highlights => format!(
                "h.id IN (SELECT rowid FROM highlight_search WHERE highlight_search MATCH {p})"
            ),
        }
    }

    /// The SQL condition a row of `side` meets when `node` holds for it.
    fn condition(&mut self, node: &Node, side: Side, scope: Option<Scope>) -> Result<String> {
        if let Some(expression) = fts(node, side, scope) {
            return Ok(self.in_index(side, &expression));
        }
        Ok(match node {
            Node::Text { term, field } => {
                // A field of the clipping, asked of a highlight: its clipping's.
                let Some(field) = field else {
                    return Ok("0".to_owned());
                };
                let p = self.filter.bind(fielded(*field, term));
                format!(
                    "c.id IN (SELECT rowid FROM clipping_search WHERE clipping_search MATCH {p})"
                )
            }
            Node::Tag(name) => {
                let within = Subtree::of(name)?.condition("t.key", &mut self.filter);
                let on_clipping = format!(
                    "EXISTS (SELECT 1 FROM clipping_tag ct JOIN tag t ON t.id = ct.tag_id
                             WHERE ct.clipping_id = c.id AND {within})"
                );
                match side {
                    Side::Clippings => on_clipping,
                    Side::Highlights => {
                        let within = Subtree::of(name)?.condition("t.key", &mut self.filter);
                        format!(
                            "({on_clipping} OR EXISTS (SELECT 1 FROM highlight_tag ht
                               JOIN tag t ON t.id = ht.tag_id
                               WHERE ht.highlight_id = h.id AND {within}))"
                        )
                    }
                }
            }
            Node::Color(color) => {
                let p = self.filter.bind(color.as_str().to_owned());
                match side {
                    Side::Highlights => format!("h.color = {p}"),
                    Side::Clippings => format!(
                        "EXISTS (SELECT 1 FROM highlight x WHERE x.clipping_id = c.id
                                 AND x.deleted_at IS NULL AND x.color = {p})"
                    ),
                }
            }
            Node::Kind(kind) => {
                let p = self.filter.bind(kind.as_str().to_owned());
                format!("c.kind = {p}")
            }
            // Where the words are looked for: already in the plan's columns.
            Node::In(_) => "1".to_owned(),
            Node::Has(Has::Highlights) => match side {
                Side::Highlights => "1".to_owned(),
                Side::Clippings => "EXISTS (SELECT 1 FROM highlight x WHERE x.clipping_id = c.id
                                      AND x.deleted_at IS NULL)"
                    .to_owned(),
            },
            Node::Has(Has::Note) => match side {
                Side::Highlights => "h.note <> ''".to_owned(),
                Side::Clippings => "c.note <> ''".to_owned(),
            },
            Node::Is(Is::Orphaned) => match side {
                Side::Highlights => "h.status = 'orphaned'".to_owned(),
                Side::Clippings => "EXISTS (SELECT 1 FROM highlight x WHERE x.clipping_id = c.id
                                     AND x.deleted_at IS NULL AND x.status = 'orphaned')"
                    .to_owned(),
            },
            Node::Is(Is::Trashed) => "c.deleted_at IS NOT NULL".to_owned(),
            Node::Clipped(days) => self.days("c.clipped_at", days),
            Node::Published(days) => {
                format!(
                    "(c.published_at IS NOT NULL AND {})",
                    self.days("c.published_at", days)
                )
            }
            Node::Not(inner) => format!("NOT ({})", self.condition(inner, side, scope)?),
            Node::All(nodes) => {
                let parts = nodes
                    .iter()
                    .map(|n| self.condition(n, side, scope))
                    .collect::<Result<Vec<_>>>()?;
                format!("({})", parts.join(" AND "))
            }
            Node::Any(nodes) => {
                let parts = nodes
                    .iter()
                    .map(|n| self.condition(n, side, scope))
                    .collect::<Result<Vec<_>>>()?;
                format!("({})", parts.join(" OR "))
            }
        })
    }

    /// `column` (an ISO date or date-time) within `days`, each day included.
    fn days(&mut self, column: &str, days: &Days) -> String {
        let mut parts = vec!["1".to_owned()];
        if let Some(from) = days.from {
            let p = self.filter.bind(from.format("%Y-%m-%d").to_string());
            parts.push(format!("substr({column}, 1, 10) >= {p}"));
        }
        if let Some(to) = days.to {
            let p = self.filter.bind(to.format("%Y-%m-%d").to_string());
            parts.push(format!("substr({column}, 1, 10) <= {p}"));
        }
        format!("({})", parts.join(" AND "))
    }
}

/// An FTS5 expression with each string of several words (a phrase) made those words, all
/// of which must be there, the common ones left out when there are others: `"night
/// ferry"` is `("night" "ferry")`, `"the night ferry"` the same.
fn phrases_as_words(expression: &str) -> (String, bool) {
    let mut whole = true;
    let mut out = String::with_capacity(expression.len() + 16);
    let mut rest = expression;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        // The string's end: a quote not doubled.
        let body = &rest[open + 1..];
        let mut end = 0;
        let bytes = body.as_bytes();
        while end < bytes.len() {
            if bytes[end] == b'"' {
                if bytes.get(end + 1) == Some(&b'"') {
                    end += 2;
                    continue;
                }
                break;
            }
            end += 1;
        }
        let text = body[..end.min(body.len())].replace("\"\"", "\"");
        let mut words: Vec<&str> = text.split_whitespace().collect();
        // Common words weigh next to nothing in BM25, and counting the clippings that hold
        // one (as BM25 does first) reads its whole list: a phrase with other words is
        // ranked by those.
        let uncommon: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| {
                let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
                !crate::words::is_common(&crate::words::fold(bare))
            })
            .collect();
        let dropped = !uncommon.is_empty() && uncommon.len() < words.len();
        whole &= uncommon.len() == words.len();
        if dropped {
            words = uncommon;
        }
        if words.len() == 1 && dropped {
            out.push_str(&format!("\"{}\"", words[0].replace('"', "\"\"")));
        } else if words.len() > 1 {
            let quoted: Vec<String> = words
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect();
            out.push_str(&format!("({})", quoted.join(" ")));
        } else {
            out.push_str(&rest[open..(open + 1 + end + 1).min(rest.len())]);
        }
        rest = &rest[(open + 1 + end + 1).min(rest.len())..];
    }
    out.push_str(rest);
    (out, whole)
}

/// `node` as one FTS5 expression over `side`'s index, when it can be one: words, phrases
/// and prefixes, with AND and OR among them (FTS5's NOT needs something before it, so a
/// `-word` stands apart).
fn fts(node: &Node, side: Side, scope: Option<Scope>) -> Option<String> {
    match node {
        Node::Text { term, field: None } => Some(
            match match side {
                Side::Clippings => clipping_columns(scope),
                Side::Highlights => highlight_columns(scope),
            } {
                Some(columns) => format!("{columns} : {}", fts_term(term)),
                // Words that are all common, found in any column: the phrase of their
                // pairs, which the column `pairs` holds for every column.
                None => match common_phrase(term) {
                    Some(pairs) => format!("{{pairs}} : \"{pairs}\""),
                    None => fts_term(term),
                },
            },
        ),
        Node::Text {
            term,
            field: Some(field),
        } if side == Side::Clippings => Some(fielded(*field, term)),
        Node::All(nodes) | Node::Any(nodes) => {
            let parts: Option<Vec<String>> = nodes.iter().map(|n| fts(n, side, scope)).collect();
            let joiner = if matches!(node, Node::All(_)) {
                " AND "
            } else {
                " OR "
            };
            Some(
                parts?
                    .iter()
                    .map(|p| format!("({p})"))
                    .collect::<Vec<_>>()
                    .join(joiner),
            )
        }
        _ => None,
    }
}

/// What `query` is made of, and the indexes it runs over: `color:` and `is:orphaned` are
/// highlights', a field of the clipping alone (`title:`) clippings', `in:` says; a query of
/// no words but fields lists clippings, or highlights for a highlight's field.
fn sides(query: &Query) -> (Shape, Vec<Side>) {
    let mut s = Shape::default();
    if let Some(root) = &query.root {
        shape(root, &mut s);
    }
    let any_text = s.unfielded || s.fielded;
    let clippings = s.scope != Some(Scope::Highlights) && !s.highlight_filter;
    let highlights = s.scope != Some(Scope::Clippings)
        && (s.unfielded
            || (!any_text && (s.highlight_filter || s.scope == Some(Scope::Highlights))));
    let sides = [(Side::Clippings, clippings), (Side::Highlights, highlights)]
        .into_iter()
        .filter_map(|(side, wanted)| wanted.then_some(side))
        .collect();
    (s, sides)
}

/// Runs `query` over the index: up to `limit` hits, best first (or in the query's order),
/// clippings and highlights together; trashed clippings and their highlights only for
/// `is:trashed`, deleted highlights never.
pub(crate) fn find(conn: &Connection, query: &Query, limit: u32) -> Result<Vec<Found>> {
    let (s, sides) = sides(query);
    let mut found = Vec::new();
    for side in sides {
        found.extend(run(conn, query, side, &s, limit)?);
    }
    match query.sort {
        // Ties broken as each side's statement breaks them (by id, newest first), so that
        // every page is cut from one order.
        SearchSort::Relevance => found.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| {
                    let id = |f: &Found| f.highlight_id.unwrap_or(f.clipping_id);
                    id(b).cmp(&id(a))
                })
        }),
        SearchSort::Newest => found.sort_by(|a, b| b.sort_key.cmp(&a.sort_key)),
        SearchSort::Oldest | SearchSort::Title => found.sort_by(|a, b| a.sort_key.cmp(&b.sort_key)),
    }
    if query.sort != SearchSort::Relevance {
        // The place in the order is the score.
        let n = found.len() as f64;
        for (i, f) in found.iter_mut().enumerate() {
            f.score = n - i as f64;
        }
    }
    found.truncate(limit as usize);
    Ok(found)
}

fn run(conn: &Connection, query: &Query, side: Side, s: &Shape, limit: u32) -> Result<Vec<Found>> {
    let mut plan = Plan::new(query.root.as_ref(), side, s.scope)?;
    if query.sort == SearchSort::Relevance
        && plan.filter.is_empty()
        && !s.trashed
        && let Some(expression) = &plan.matching
    {
        // A phrase of uncommon words alone that is rare: ranked by FTS5 as a phrase (see
        // [`rare`]).
        let ranking = match plan.ranking.as_deref() {
            Some(_) if plan.ranking_whole && rare(conn, side, expression)? => None,
            other => other,
        };
        return match side {
            Side::Clippings => ranked_clippings(conn, expression, ranking, limit),
            Side::Highlights => ranked_highlights(conn, expression, ranking, limit),
        };
    }
    if !s.trashed {
        plan.filter.require("c.deleted_at IS NULL");
    }
    let (from, score, keys) = match (side, &plan.matching) {
        (Side::Clippings, Some(_)) => (
            "clipping_search JOIN clipping c ON c.id = clipping_search.rowid",
            CLIPPING_SCORE.to_owned(),
            (
                "c.clipped_at || printf('%012d', c.id)",
                "lower(c.title) || printf('%012d', c.id)",
            ),
        ),
        (Side::Clippings, None) => (
            "clipping c",
            "0.0".to_owned(),
            (
                "c.clipped_at || printf('%012d', c.id)",
                "lower(c.title) || printf('%012d', c.id)",
            ),
        ),
        (Side::Highlights, Some(_)) => (
            "highlight_search JOIN highlight h ON h.id = highlight_search.rowid
             JOIN clipping c ON c.id = h.clipping_id",
            format!("-bm25(highlight_search, 1.0, 1.0) * {HIGHLIGHT_WEIGHT}"),
            (
                "h.created_at || printf('%012d', h.id)",
                "lower(c.title) || printf('%012d', h.id)",
            ),
        ),
        (Side::Highlights, None) => (
            "highlight h JOIN clipping c ON c.id = h.clipping_id",
            "0.0".to_owned(),
            (
                "h.created_at || printf('%012d', h.id)",
                "lower(c.title) || printf('%012d', h.id)",
            ),
        ),
    };
    if side == Side::Highlights {
        plan.filter.require("h.deleted_at IS NULL");
    }
    if let Some(expression) = plan.matching.clone() {
        let p = plan.filter.bind(expression);
        let table = match side {
            Side::Clippings => "clipping_search",
            Side::Highlights => "highlight_search",
        };
        plan.filter.require(format!("{table} MATCH {p}"));
    }
    let (order, key) = match query.sort {
        // Ties by id, newest first, as `find` breaks them.
        SearchSort::Relevance if plan.matching.is_some() => (
            match side {
                Side::Clippings => "score DESC, clipping_id DESC".to_owned(),
                Side::Highlights => "score DESC, highlight_id DESC".to_owned(),
            },
            keys.0,
        ),
        SearchSort::Relevance | SearchSort::Newest => ("sort_key DESC".to_owned(), keys.0),
        SearchSort::Oldest => ("sort_key ASC".to_owned(), keys.0),
        SearchSort::Title => ("sort_key ASC".to_owned(), keys.1),
    };
    let (columns, text) = match side {
        Side::Clippings => (
            "'clipping' AS kind, c.id AS clipping_id, NULL AS highlight_id, NULL AS color,
             c.note AS note, NULL AS exact",
            // Read for the page's hits only, after the sort: a text is kilobytes.
            "(SELECT v.text FROM clipping_version v WHERE v.clipping_id = m.clipping_id
              ORDER BY v.id DESC LIMIT 1)",
        ),
        Side::Highlights => (
            "'highlight' AS kind, c.id AS clipping_id, h.id AS highlight_id, h.color AS color,
             h.note AS note, h.exact AS exact",
            "m.exact",
        ),
    };
    // Ranked by relevance, the newest RANKED matches are ranked, no more: FTS5 reads
    // matches newest first and stops there, where ranking all of a word found in most
    // clippings would score 100,000 rows for a page of 50. (Fewer matches: all ranked.)
    let ranked_newest = query.sort == SearchSort::Relevance && plan.matching.is_some();
    let table = match side {
        Side::Clippings => "clipping_search",
        Side::Highlights => "highlight_search",
    };
    let inner = format!(
        "SELECT {columns}, c.title AS title, {score} AS score, {key} AS sort_key
         FROM {from} WHERE {} {}",
        plan.filter.sql(),
        if ranked_newest {
            format!("ORDER BY {table}.rowid DESC LIMIT {RANKED}")
        } else {
            String::new()
        }
    );
    let sql =
        format!("SELECT m.*, {text} AS text FROM ({inner}) AS m ORDER BY {order} LIMIT {limit}");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(plan.filter.values()), found_row)?;
    let mut found: Vec<Found> = rows.collect::<rusqlite::Result<_>>()?;
    if plan.matching.is_none() && query.sort == SearchSort::Relevance {
        // Nothing to rank by: newest first, the place in that order the score.
        let n = found.len() as f64;
        for (i, f) in found.iter_mut().enumerate() {
            f.score = n - i as f64;
        }
    }
    Ok(found)
}

/// A row of a search's statement as what it found.
fn found_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Found> {
    Ok(Found {
        kind: if r.get::<_, String>("kind")? == "clipping" {
            HitKind::Clipping
        } else {
            HitKind::Highlight
        },
        clipping_id: r.get("clipping_id")?,
        highlight_id: r.get("highlight_id")?,
        score: r.get("score")?,
        title: r.get("title")?,
        text: r.get::<_, Option<String>>("text")?.unwrap_or_default(),
        color: r.get("color")?,
        note: r.get("note")?,
        sort_key: r.get("sort_key")?,
    })
}

/// The clippings that the FTS5 `expression` alone decides, by relevance: the commonest
/// search. Ranked from the index alone (the trash left out by its few ids, through its
/// index), and only the page's clippings read, where joining every match to its clipping
/// to ask whether it is in the trash cost half as much again as ranking them.
///
/// With phrases (`ranking` given), ranking the newest matches cost FTS5 the scan of every
/// clipping that holds the phrase's words (BM25 first counts the documents that hold each
/// phrase; 0.2 s for two common words): the newest matches are found without ranking, and
/// ranked by the words alone, all of which they hold, whose counts the index keeps. So
/// are all the matches of a phrase rarer than that.
fn ranked_clippings(
    conn: &Connection,
    expression: &str,
    ranking: Option<&str>,
    limit: u32,
) -> Result<Vec<Found>> {
    const NOT_TRASHED: &str = "rowid NOT IN (SELECT id FROM clipping WHERE deleted_at IS NOT NULL)";
    if let Some(words) = ranking {
        let newest = newest_matches(conn, "clipping_search", NOT_TRASHED, expression)?;
        return ranked_by_words(conn, &newest, words, limit);
    }
    let candidates = format!("AND {NOT_TRASHED} ORDER BY rowid DESC LIMIT {RANKED}");
    let sql = format!(
        "SELECT 'clipping' AS kind, c.id AS clipping_id, NULL AS highlight_id, NULL AS color,
                c.note AS note, c.title AS title, r.score AS score,
                c.clipped_at || printf('%012d', c.id) AS sort_key,
                (SELECT v.text FROM clipping_version v WHERE v.clipping_id = c.id
                 ORDER BY v.id DESC LIMIT 1) AS text
         FROM (SELECT id, score FROM
                 (SELECT rowid AS id, {CLIPPING_SCORE} AS score
                  FROM clipping_search WHERE clipping_search MATCH ?1 {candidates})
               ORDER BY score DESC, id DESC LIMIT {limit}) AS r
         JOIN clipping c ON c.id = r.id
         ORDER BY r.score DESC, r.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([expression], found_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The highlights that the FTS5 `expression` alone decides, by relevance, as
/// [`ranked_clippings`] ranks clippings: from the index alone, the deleted ones and those of
/// clippings in the trash left out by their ids (each kind through its partial index), and
/// only the page's highlights read. Joining every match to its highlight and clipping read
/// a page of the highlights' table for nearly every match (a word in 900 highlights took
/// 15-40 ms that way; the index alone answers in one).
fn ranked_highlights(
    conn: &Connection,
    expression: &str,
    ranking: Option<&str>,
    limit: u32,
) -> Result<Vec<Found>> {
    const SHOWN: &str = "rowid NOT IN (SELECT id FROM highlight WHERE deleted_at IS NOT NULL)
        AND rowid NOT IN (SELECT h.id FROM clipping t JOIN highlight h ON h.clipping_id = t.id
                          WHERE t.deleted_at IS NOT NULL)";
    let score = format!("-bm25(highlight_search, 1.0, 1.0) * {HIGHLIGHT_WEIGHT}");
    // With phrases, as for clippings: the newest matches found without ranking, then
    // ranked by their words (see [`ranked_by_words`]).
    let (matches, values): (String, Vec<rusqlite::types::Value>) = match ranking {
        None => (
            format!(
                "SELECT rowid AS id, {score} AS score FROM highlight_search
                 WHERE highlight_search MATCH ?1 AND {SHOWN} ORDER BY rowid DESC LIMIT {RANKED}"
            ),
            vec![expression.to_owned().into()],
        ),
        Some(words) => {
            let newest = newest_matches(conn, "highlight_search", SHOWN, expression)?;
            let Some(&oldest) = newest.last() else {
                return Ok(Vec::new());
            };
            let ids = serde_json::to_string(&newest).unwrap_or_else(|_| "[]".to_owned());
            (
                format!(
                    "SELECT rowid AS id, {score} AS score FROM highlight_search
                     WHERE highlight_search MATCH ?1 AND rowid >= ?2
                       AND +rowid IN (SELECT value FROM json_each(?3))"
                ),
                vec![words.to_owned().into(), oldest.into(), ids.into()],
            )
        }
    };
    let sql = format!(
        "SELECT 'highlight' AS kind, c.id AS clipping_id, h.id AS highlight_id, h.color AS color,
                h.note AS note, c.title AS title, r.score AS score,
                h.created_at || printf('%012d', h.id) AS sort_key, h.exact AS text
         FROM (SELECT id, score FROM ({matches}) ORDER BY score DESC, id DESC LIMIT {limit}) AS r
         JOIN highlight h ON h.id = r.id JOIN clipping c ON c.id = h.clipping_id
         ORDER BY r.score DESC, r.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), found_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the phrase of `expression` is so rare in `side`'s index that FTS5 had best rank
/// all its matches by the phrase itself, as it would alone: judged by how many of the
/// newest [`SAMPLED`] rows hold it. FTS5 ranking a phrase reads the positions of its words
/// twice, counting the rows that hold it and then ranking them; finding its newest matches
/// and ranking those by their words reads them once, then the words' lists again, which
/// for a phrase with few matches costs more (10 ms, not 7.5, for a phrase in 70 of
/// 100,000 clippings whose words are each in half of them). A phrase judged rare that is
/// not (common only long ago) costs what FTS5 alone costs.
fn rare(conn: &Connection, side: Side, expression: &str) -> Result<bool> {
    let (table, rows) = match side {
        Side::Clippings => ("clipping_search", "clipping"),
        Side::Highlights => ("highlight_search", "highlight"),
    };
    let newest: i64 = conn
        .prepare_cached(&format!("SELECT coalesce(max(id), 0) FROM {rows}"))?
        .query_row([], |r| r.get(0))?;
    let sampled = newest.min(SAMPLED);
    // Rare: at this rate, the whole index holds fewer than a quarter of RANKED matches.
    let enough = (i64::from(RANKED) / 4 * sampled / newest.max(1)).max(1);
    let found: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT rowid FROM {table}
             WHERE {table} MATCH ?1 AND rowid > ?2 LIMIT ?3)"
        ))?
        .query_row(
            rusqlite::params![expression, newest - sampled, enough],
            |r| r.get(0),
        )?;
    Ok(found < enough)
}

/// How many of the newest rows of an index [`rare`] looks in.
const SAMPLED: i64 = 2_000;

/// The newest [`RANKED`] rows of index `table` that `expression` matches and that meet
/// `shown`, newest first, found without ranking them.
fn newest_matches(
    conn: &Connection,
    table: &str,
    shown: &str,
    expression: &str,
) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid FROM {table} WHERE {table} MATCH ?1 AND {shown}
         ORDER BY rowid DESC LIMIT {RANKED}"
    ))?;
    let newest = stmt.query_map([expression], |r| r.get(0))?;
    Ok(newest.collect::<rusqlite::Result<_>>()?)
}

/// The clippings `newest` (the newest matches of a phrase, newest first), ranked by BM25 of
/// `words` (the phrase's words, which each of them holds): the best `limit`.
fn ranked_by_words(
    conn: &Connection,
    newest: &[i64],
    words: &str,
    limit: u32,
) -> Result<Vec<Found>> {
    let Some(oldest) = newest.last() else {
        return Ok(Vec::new());
    };
    // The words' matches from the oldest of them on (FTS5 reads no further back), those
    // that hold the phrase kept before they are scored: `+rowid` keeps the list from
    // becoming a lookup of each id, which would make FTS5 count each word's documents
    // again for every one. Only the phrase's matches are scored, however many clippings
    // hold its words.
    let ids = serde_json::to_string(newest).unwrap_or_else(|_| "[]".to_owned());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, {CLIPPING_SCORE}
         FROM clipping_search WHERE clipping_search MATCH ?1 AND rowid >= ?2
           AND +rowid IN (SELECT value FROM json_each(?3))"
    ))?;
    let mut scored: Vec<(i64, f64)> = stmt
        .query_map(rusqlite::params![words, oldest, ids], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    scored.truncate(limit as usize);
    let mut row = conn.prepare_cached(
        "SELECT 'clipping' AS kind, c.id AS clipping_id, NULL AS highlight_id, NULL AS color,
                c.note AS note, c.title AS title, ?2 AS score,
                c.clipped_at || printf('%012d', c.id) AS sort_key,
                (SELECT v.text FROM clipping_version v WHERE v.clipping_id = c.id
                 ORDER BY v.id DESC LIMIT 1) AS text
         FROM clipping c WHERE c.id = ?1",
    )?;
    scored
        .iter()
        .map(|(id, score)| Ok(row.query_row(rusqlite::params![id, score], found_row)?))
        .collect()
}

/// How many clippings and highlights `query` finds, all of them (no page, no cap).
pub(crate) fn count(conn: &Connection, query: &Query) -> Result<i64> {
    let (s, sides) = sides(query);
    let mut total = 0;
    for side in sides {
        let mut plan = Plan::new(query.root.as_ref(), side, s.scope)?;
        if !s.trashed {
            plan.filter.require("c.deleted_at IS NULL");
        }
        let (table, from) = match side {
            Side::Clippings => (
                "clipping_search",
                "clipping_search JOIN clipping c ON c.id = clipping_search.rowid",
            ),
            Side::Highlights => (
                "highlight_search",
                "highlight_search JOIN highlight h ON h.id = highlight_search.rowid
                 JOIN clipping c ON c.id = h.clipping_id",
            ),
        };
        let from = match (&plan.matching, side) {
            (Some(_), _) => from,
            (None, Side::Clippings) => "clipping c",
            (None, Side::Highlights) => "highlight h JOIN clipping c ON c.id = h.clipping_id",
        };
        if side == Side::Highlights {
            plan.filter.require("h.deleted_at IS NULL");
        }
        if let Some(expression) = plan.matching.clone() {
            let p = plan.filter.bind(expression);
            plan.filter.require(format!("{table} MATCH {p}"));
        }
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {from} WHERE {}", plan.filter.sql()),
            params_from_iter(plan.filter.values()),
            |r| r.get(0),
        )?;
        total += n;
    }
    Ok(total)
}

/// A saved search as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Saved {
    pub name: String,
    pub query: String,
}

/// Every saved search, in the person's order.
pub(crate) fn saved(conn: &Connection) -> Result<Vec<Saved>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, query FROM saved_search ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Saved {
            name: r.get("name")?,
            query: r.get("query")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Saves `query` as `name` (with its key `key`): a new search goes last; one of that name
/// takes the new query and the new spelling.
pub(crate) fn save(
    tx: &Transaction<'_>,
    name: &str,
    key: &str,
    query: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO saved_search (name, key, query, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM saved_search), ?4, ?4)
         ON CONFLICT (key) DO UPDATE SET name = ?1, query = ?3, updated_at = ?4",
        rusqlite::params![name, key, query, now],
    )?;
    Ok(())
}

/// Renames the search whose key is `key`; whether there is one.
pub(crate) fn rename(
    tx: &Transaction<'_>,
    key: &str,
    name: &str,
    new_key: &str,
    now: &str,
) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE saved_search SET name = ?2, key = ?3, updated_at = ?4 WHERE key = ?1",
        rusqlite::params![key, name, new_key, now],
    )? > 0)
}

/// Deletes the search whose key is `key`; whether there was one.
pub(crate) fn delete(tx: &Transaction<'_>, key: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM saved_search WHERE key = ?1", [key])? > 0)
}

/// Puts the searches in the order of `keys` (those not named keep theirs, after them).
pub(crate) fn reorder(tx: &Transaction<'_>, keys: &[String]) -> Result<()> {
    let ids: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, key FROM saved_search ORDER BY position, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get("id")?, r.get("key")?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut ordered: Vec<i64> = keys
        .iter()
        .filter_map(|k| ids.iter().find(|(_, key)| key == k).map(|(id, _)| *id))
        .collect();
    let rest: Vec<i64> = ids
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !ordered.contains(id))
        .collect();
    ordered.extend(rest);
    for (position, id) in ordered.iter().enumerate() {
        tx.execute(
            "UPDATE saved_search SET position = ?2 WHERE id = ?1",
            rusqlite::params![id, position as i64 + 1],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{own_words, phrases_as_words};

    #[test]
    fn a_clippings_own_words_are_its_fields_words_then_its_pairs() {
        // As the app's search benchmark writes them by hand for its library.
        assert_eq!(
            own_words(
                "Volume 000001",
                "Writer 5",
                "",
                "Words about the lantern near the pier, with notes on topic7 and the long walk home.",
                "",
            ),
            "\u{E001}Volume \u{E001}000001 \u{E002}Writer \u{E002}5 \
             \u{E000}about\u{E000}the \u{E000}and\u{E000}the "
        );
    }

    #[test]
    fn phrases_become_their_words_and_the_rest_stays() {
        assert_eq!(
            phrases_as_words(r#"("night ferry") AND ({title} : "bay") AND ("ferr" *)"#).0,
            r#"(("night" "ferry")) AND ({title} : "bay") AND ("ferr" *)"#
        );
        assert_eq!(
            phrases_as_words(r#"("say ""hi"" now")"#).0,
            r#"(("say" """hi"""))"#
        );
        assert_eq!(phrases_as_words(r#""図書 書館""#).0, r#"("図書" "書館")"#);
        assert_eq!(
            phrases_as_words(r#"("the night, of ferries")"#).0,
            r#"(("night," "ferries"))"#
        );
        assert_eq!(phrases_as_words(r#"("The night")"#).0, r#"("night")"#);
        assert_eq!(
            phrases_as_words(r#"({note} : "of the")"#).0,
            r#"({note} : ("of" "the"))"#
        );
        // Whether the ranking keeps every word: not when common ones are left out.
        assert!(phrases_as_words(r#"("night ferry") AND ("bay")"#).1);
        assert!(!phrases_as_words(r#"("the night")"#).1);
        assert!(!phrases_as_words(r#"({note} : "of the")"#).1);
    }
}
