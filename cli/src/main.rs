//! `commonplace`: the command line over a Commonplace library, the same file the desktop app
//! opens. Output for people by default; `--json` gives stable shapes for scripts.

mod table;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use commonplace_core::{
    ClippingKind, Color, ImportOptions, Imported, Library, ListQuery, SaveOutcome, Sort, Target,
    resolve_library_path,
};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, Parser)]
#[command(
    name = "commonplace",
    version,
    about = "Your clippings, highlights and notes, in one local library"
)]
struct Cli {
    /// The library file (default: the app's library in your data folder).
    #[arg(long, global = true, env = commonplace_core::LIBRARY_ENV, value_name = "PATH")]
    library: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import files into the library: Markdown, web pages, plain text, Kindle clippings,
    /// Readwise's CSV, Hypothesis or W3C annotations, Omnivore's zip, Kobo's
    /// KoboReader.sqlite, Commonplace's own JSON export; a folder imports the documents in it.
    Import {
        #[arg(required = true, value_name = "FILE|FOLDER")]
        files: Vec<PathBuf>,
        /// Print {"imported", "unchanged", "updated", "inTrash", "failed", "warnings"} as JSON.
        #[arg(long, conflicts_with = "jsonl")]
        json: bool,
        /// Print one JSON object per file as soon as it is stored (its transaction has
        /// committed), then one for the whole import: {"summary": {...}}, as --json prints.
        #[arg(long)]
        jsonl: bool,
    },
    /// List the clippings, newest first.
    List {
        /// Only clippings with this tag (or one beneath it); repeat for several, all of which
        /// must match.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// article, book or note.
        #[arg(long)]
        kind: Option<String>,
        /// clipped (newest first), published (newest first), title or author (A to Z).
        #[arg(long, default_value = "clipped")]
        sort: Sort,
        #[arg(long)]
        json: bool,
    },
    /// List highlights: of one clipping (in reading order), or of the whole library
    /// (newest first).
    Highlights {
        /// Only the highlights of this clipping.
        #[arg(long, value_name = "ID")]
        clipping: Option<i64>,
        /// Only highlights with this tag (or one beneath it).
        #[arg(long)]
        tag: Option<String>,
        /// Only highlights of this colour.
        #[arg(long)]
        color: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the tags, with how many clippings and highlights carry each.
    Tags {
        #[arg(long)]
        json: bool,
    },
    /// Tag a clipping, or untag it; rename, merge or delete a tag.
    #[command(subcommand)]
    Tag(TagCommand),
    /// Move a clipping to the trash (with its highlights and notes).
    Delete { clipping: i64 },
    /// Bring a clipping back from the trash (an id), or restore the library from a backup
    /// (a backup's path, with --yes): the library as it is now is backed up first, then
    /// replaced; a backup that does not verify is refused.
    Restore {
        #[arg(value_name = "CLIPPING|BACKUP")]
        what: String,
        /// Yes, replace the library with the backup.
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
    /// Back the library up now (verified) into backups/ beside it, or to --to PATH.
    Backup {
        #[arg(long, value_name = "PATH")]
        to: Option<PathBuf>,
        /// Print {"path", "createdAt", "bytes", "clippings", "highlights", "notes", "verified"}.
        #[arg(long)]
        json: bool,
    },
    /// Export clippings and their highlights: markdown (a file per clipping, into a folder,
    /// updated in place on the next export), json (everything, losslessly; `import` reads
    /// it back), csv (Readwise's) or w3c (Web Annotations).
    Export {
        /// markdown, json, csv or w3c.
        #[arg(long)]
        format: String,
        /// A folder for markdown; a file for the others (`-` for standard output).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Only the hits of this search.
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
        /// Only this clipping (repeatable).
        #[arg(long = "clipping", value_name = "ID")]
        clippings: Vec<i64>,
        /// Markdown: the article's text after its highlights.
        #[arg(long)]
        with_body: bool,
        /// Print {"format", "path", "written", "updated", "unchanged", "clippings", "highlights"}.
        #[arg(long)]
        json: bool,
    },
    /// The library's backups, newest first.
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// List what is in the trash; `trash empty --yes` deletes it for good.
    Trash {
        #[command(subcommand)]
        action: Option<TrashCommand>,
        #[arg(long)]
        json: bool,
    },
    /// Show one clipping.
    Show {
        id: i64,
        /// Print the clipping as JSON, with its sanitized `html` and plain `text`.
        #[arg(long)]
        json: bool,
    },
    /// Make, change or delete a highlight.
    #[command(subcommand)]
    Highlight(HighlightCommand),
    /// A clipping's own note.
    #[command(subcommand)]
    Note(NoteCommand),
    /// Search the library: words (all must match), "a phrase", word* (a prefix), -word
    /// (leave out), a OR b, (groups), and fields: title: author: site: tag: color: kind:
    /// in:highlights|notes|clippings has:highlights|note is:orphaned|trashed after: before:
    /// published: sort:newest|oldest|title.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Search {
        #[command(subcommand)]
        action: Option<SearchCommand>,
        /// The query, in quotes when it has several words.
        #[arg(allow_hyphen_values = true, value_name = "QUERY", required = true)]
        query: Option<String>,
        /// At most this many hits (50 when not given).
        #[arg(long)]
        limit: Option<u32>,
        /// relevance (the default), newest, oldest or title; over the query's sort:.
        #[arg(long)]
        sort: Option<commonplace_core::SearchSort>,
        /// Print the hits as JSON, best first.
        #[arg(long)]
        json: bool,
    },
    /// The saved searches, in order, with how many hits each has.
    Searches {
        #[arg(long)]
        json: bool,
    },
    /// Print a highlight as a quotation: “quote” — Author, Title, Site (date). URL
    Quote {
        highlight: i64,
        /// A Markdown block quote instead.
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SearchCommand {
    /// Save QUERY as NAME (the same name again replaces its query).
    Save {
        name: String,
        #[arg(allow_hyphen_values = true)]
        query: String,
    },
    /// Rename a saved search.
    Rename { old: String, new: String },
    /// Delete a saved search.
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
enum HighlightCommand {
    /// Highlight a quote of a clipping's text; prints the new highlight's id.
    Add {
        clipping: i64,
        /// The words to highlight, exactly as they are in the clipping.
        #[arg(long)]
        quote: String,
        /// Which occurrence of the words, from 1.
        #[arg(long, default_value_t = 1)]
        occurrence: usize,
        /// yellow, green, blue, pink or purple.
        #[arg(long, default_value = "yellow")]
        color: String,
        /// A note on the highlight (Markdown).
        #[arg(long, default_value = "")]
        note: String,
        /// Print the highlight as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a highlight's colour, note or tags.
    Edit {
        id: i64,
        #[arg(long)]
        color: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Add this tag (repeatable).
        #[arg(long = "add-tag", value_name = "TAG")]
        add_tags: Vec<String>,
        /// Remove this tag (repeatable).
        #[arg(long = "remove-tag", value_name = "TAG")]
        remove_tags: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a highlight.
    Delete { id: i64 },
}

#[derive(Debug, Subcommand)]
enum TagCommand {
    /// Put a tag on a clipping (`/` makes a hierarchy: politics/europe).
    Add { clipping: i64, tag: String },
    /// Take a tag off a clipping.
    Remove { clipping: i64, tag: String },
    /// Rename a tag and those beneath it; renaming onto an existing tag merges them.
    Rename { old: String, new: String },
    /// Delete a tag (and those beneath it) from everything.
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
enum TrashCommand {
    /// Delete everything in the trash for good.
    Empty {
        /// Yes, delete it: this cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
enum NoteCommand {
    /// Set a clipping's note (Markdown); an empty text clears it.
    Set { clipping: i64, text: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let path = match resolve_library_path(cli.library.as_deref()) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("commonplace: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(cli, &path) {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A failure of the library file itself (a full disk, a read-only file) names
            // the file and says what to do.
            let message = match e.downcast::<commonplace_core::Error>() {
                Ok(e) => e.about_library(&path).to_string(),
                Err(e) => e.to_string(),
            };
            eprintln!("commonplace: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, path: &std::path::Path) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout();
    // Backups are listed and restored without opening the library: it may be damaged.
    match &cli.command {
        Command::Backups { json } => {
            let backups = commonplace_core::backup::list_backups(path)?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &backups)?;
                writeln!(out)?;
            } else if backups.is_empty() {
                writeln!(out, "No backups yet. Make one with: commonplace backup")?;
            } else {
                for info in &backups {
                    writeln!(out, "{}", backup_line(info))?;
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        Command::Restore { what, yes, json } if what.parse::<i64>().is_err() => {
            if !yes {
                anyhow::bail!(
                    "restoring replaces the library {} with the backup {what} (the library as it is \
                     now is backed up first); run again with --yes to do it",
                    path.display()
                );
            }
            let restored = commonplace_core::backup::restore(path, std::path::Path::new(what))?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &restored)?;
                writeln!(out)?;
            } else {
                writeln!(out, "Restored {}", backup_line(&restored.restored))?;
                if let Some(previous) = &restored.previous {
                    writeln!(
                        out,
                        "The library as it was is in {}",
                        previous.path.display()
                    )?;
                }
                if let Some(aside) = &restored.set_aside {
                    writeln!(out, "The damaged library was moved to {}", aside.display())?;
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let mut library = open_library(path)?;
    match cli.command {
        Command::Import { files, json, jsonl } => {
            let mut progress = Progress::new(!json && !jsonl);
            let mut lines_failed = None;
            let report = library.import_files(
                &files,
                &ImportOptions::default(),
                |index, total, path, result| {
                    progress.file_done(index, total, path, result);
                    if jsonl && lines_failed.is_none() {
                        // Written and flushed before the next file starts, so that a
                        // script killed meanwhile has heard of every file stored.
                        let line = serde_json::to_string(&file_line(path, result))
                            .map_err(anyhow::Error::from)
                            .and_then(|l| {
                                let mut out = std::io::stdout().lock();
                                writeln!(out, "{l}")?;
                                out.flush()?;
                                Ok(())
                            });
                        if let Err(e) = line {
                            lines_failed = Some(e);
                            return commonplace_core::Progress::Stop;
                        }
                    }
                    commonplace_core::Progress::Continue
                },
            );
            progress.finish();
            if let Some(e) = lines_failed {
                return Err(e);
            }
            if !json && !jsonl {
                // What was passed over without being a file's warning: not files, empty folders.
                for w in report
                    .warnings
                    .iter()
                    .filter(|w| w.entry == 0 && w.line == 0)
                {
                    if !report.failed.iter().any(|f| f.path == w.path) {
                        writeln!(out, "skipped   {}: {}", w.path, w.message)?;
                    }
                }
            }
            if jsonl {
                serde_json::to_writer(&mut out, &serde_json::json!({ "summary": &report }))?;
                writeln!(out)?;
            }
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            }
            return Ok(if report.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::List {
            tags,
            kind,
            sort,
            json,
        } => {
            let kind = kind
                .map(|k| {
                    ClippingKind::parse(&k).ok_or_else(|| {
                        anyhow::anyhow!("{k:?} is not a kind (article, book or note)")
                    })
                })
                .transpose()?;
            let query = ListQuery {
                tags,
                kind,
                sort,
                ..ListQuery::default()
            };
            let clippings = every_page(&library, query)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &clippings)?;
                writeln!(out)?;
            } else if clippings.is_empty() {
                writeln!(
                    out,
                    "The library is empty. Add an article with: commonplace import FILE.md"
                )?;
            } else {
                write!(out, "{}", table::clippings(&clippings))?;
            }
        }
        Command::Highlights {
            clipping,
            tag,
            color,
            json,
        } => {
            if let Some(id) = clipping {
                // A missing clipping is an error, not an empty list.
                library.clipping(id)?;
            }
            let color: Option<Color> = color.map(|c| c.parse()).transpose()?;
            let highlights = library.find_highlights(clipping, tag.as_deref(), color)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &highlights)?;
                writeln!(out)?;
            } else if highlights.is_empty() {
                writeln!(out, "No highlights yet.")?;
            } else {
                write!(out, "{}", table::highlights(&highlights))?;
            }
        }
        Command::Show { id, json } => {
            let clipping = library.clipping(id)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &clipping)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", table::clipping(&clipping))?;
            }
        }
        Command::Highlight(HighlightCommand::Add {
            clipping,
            quote,
            occurrence,
            color,
            note,
            json,
        }) => {
            let target = Target::Quote {
                exact: quote,
                occurrence,
            };
            let highlight = library.add_highlight(clipping, &target, color.parse()?, &note)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &highlight)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", highlight.id)?;
            }
        }
        Command::Highlight(HighlightCommand::Edit {
            id,
            color,
            note,
            add_tags,
            remove_tags,
            json,
        }) => {
            let color: Option<Color> = color.map(|c| c.parse()).transpose()?;
            let highlight =
                library.change_highlight(id, color, note.as_deref(), &add_tags, &remove_tags)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &highlight)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", table::highlights(&[highlight]))?;
            }
        }
        Command::Highlight(HighlightCommand::Delete { id }) => {
            library.delete_highlight(id)?;
            writeln!(out, "Deleted highlight {id}.")?;
        }
        Command::Tags { json } => {
            let tags = library.tags()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &tags)?;
                writeln!(out)?;
            } else if tags.is_empty() {
                writeln!(out, "No tags yet. Add one with: commonplace tag add ID TAG")?;
            } else {
                write!(out, "{}", table::tags(&tags))?;
            }
        }
        Command::Tag(TagCommand::Add { clipping, tag }) => {
            let tags = library.tag_clipping(clipping, &tag)?;
            writeln!(out, "{}", tags.join(", "))?;
        }
        Command::Tag(TagCommand::Remove { clipping, tag }) => {
            let tags = library.untag_clipping(clipping, &tag)?;
            writeln!(out, "{}", tags.join(", "))?;
        }
        Command::Tag(TagCommand::Rename { old, new }) => {
            library.rename_tag(&old, &new)?;
            writeln!(out, "Renamed {old} to {new}.")?;
        }
        Command::Tag(TagCommand::Delete { name }) => {
            library.delete_tag(&name)?;
            writeln!(out, "Deleted the tag {name}.")?;
        }
        Command::Delete { clipping } => {
            library.trash_clipping(clipping)?;
            writeln!(out, "Moved clipping {clipping} to the trash.")?;
        }
        Command::Restore { what, .. } => {
            let clipping: i64 = what.parse()?;
            library.restore_clipping(clipping)?;
            writeln!(out, "Restored clipping {clipping}.")?;
        }
        Command::Backup { to, json } => {
            let bar = Bar::new(!json, "Backing up");
            let info = library.backup(to.as_deref(), |done, total| bar.at(done, total))?;
            bar.finish();
            if json {
                serde_json::to_writer_pretty(&mut out, &info)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", backup_line(&info))?;
            }
        }
        Command::Backups { .. } => unreachable!("answered before the library opens"),
        Command::Export {
            format,
            out: to,
            query,
            clippings,
            with_body,
            json,
        } => {
            let format = commonplace_core::export::Format::parse(&format).ok_or_else(|| {
                anyhow::anyhow!(
                    "{format:?} is not a format to export to (markdown, json, csv or w3c)"
                )
            })?;
            let scope = commonplace_core::export::Scope { query, clippings };
            let options = commonplace_core::export::ExportOptions { with_body };
            let report = if to.as_os_str() == "-" {
                let (text, report) = library.export_text(format, &scope)?;
                out.write_all(text.as_bytes())?;
                report
            } else {
                let bar = Bar::new(!json, "Exporting");
                let report = library.export(format, &to, &scope, &options, |done, total| {
                    bar.at(done as u64, total as u64)
                })?;
                bar.finish();
                report
            };
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else if to.as_os_str() != "-" {
                writeln!(
                    out,
                    "Exported {} clippings and {} highlights to {}: {} written, {} updated, {} unchanged.",
                    report.clippings,
                    report.highlights,
                    report.path.display(),
                    report.written,
                    report.updated,
                    report.unchanged
                )?;
            }
        }
        Command::Trash {
            action: Some(TrashCommand::Empty { yes }),
            ..
        } => {
            if !yes {
                anyhow::bail!(
                    "emptying the trash deletes its clippings for good; run `commonplace trash empty --yes` to do it"
                );
            }
            let gone = library.empty_trash()?;
            writeln!(
                out,
                "Deleted {gone} clipping{} for good.",
                if gone == 1 { "" } else { "s" }
            )?;
        }
        Command::Trash { action: None, json } => {
            let query = ListQuery {
                trash: true,
                ..ListQuery::default()
            };
            let trashed = every_page(&library, query)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &trashed)?;
                writeln!(out)?;
            } else if trashed.is_empty() {
                writeln!(out, "The trash is empty.")?;
            } else {
                write!(out, "{}", table::clippings(&trashed))?;
            }
        }
        Command::Note(NoteCommand::Set { clipping, text }) => {
            library.set_clipping_note(clipping, &text)?;
        }
        Command::Search {
            action: Some(action),
            ..
        } => match action {
            SearchCommand::Save { name, query } => match library.save_search(&name, &query) {
                Err(commonplace_core::Error::InvalidQuery { message, position }) => {
                    eprintln!("commonplace: {message} (at character {position})");
                    return Ok(ExitCode::from(2));
                }
                other => other?,
            },
            SearchCommand::Rename { old, new } => library.rename_search(&old, &new)?,
            SearchCommand::Delete { name } => library.delete_search(&name)?,
        },
        Command::Searches { json } => {
            let saved = library.saved_searches()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &saved)?;
                writeln!(out)?;
            } else if saved.is_empty() {
                writeln!(
                    out,
                    "No saved searches. Save one with: commonplace search save NAME QUERY"
                )?;
            } else {
                for s in &saved {
                    writeln!(out, "{:<24} {:>7}  {}", s.name, s.count, s.query)?;
                }
            }
        }
        Command::Search {
            action: None,
            query,
            limit,
            sort,
            json,
        } => {
            let query = query.unwrap_or_default();
            let hits = match library.search(&query, sort, limit) {
                Ok(hits) => hits,
                Err(commonplace_core::Error::InvalidQuery { message, position }) => {
                    // A query that cannot be read is the person's to correct: status 2.
                    if json {
                        serde_json::to_writer_pretty(
                            &mut out,
                            &serde_json::json!({
                                "code": "invalid_query",
                                "message": message,
                                "position": position,
                            }),
                        )?;
                        writeln!(out)?;
                    }
                    eprintln!("commonplace: {message} (at character {position})");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                serde_json::to_writer_pretty(&mut out, &hits)?;
                writeln!(out)?;
            } else if hits.is_empty() {
                writeln!(out, "Nothing matches {query:?}.")?;
            } else {
                write!(out, "{}", table::hits(&hits, out.is_terminal()))?;
            }
        }
        Command::Quote {
            highlight,
            markdown,
        } => {
            let citation = library.citation(highlight)?;
            writeln!(out, "{}", citation.form(markdown))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every clipping a query lists, page after page.
fn every_page(
    library: &Library,
    mut query: ListQuery,
) -> anyhow::Result<Vec<commonplace_core::ClippingSummary>> {
    let mut all = Vec::new();
    query.limit = Some(1000);
    loop {
        let page = library.list(&query)?;
        all.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return Ok(all),
        }
    }
}

/// Opens the library; when opening it means indexing all of it for search (a library
/// from before the index, or from before it was made again), a progress bar on the
/// terminal says how far that is.
fn open_library(path: &std::path::Path) -> commonplace_core::Result<Library> {
    let bar: std::rc::Rc<std::cell::RefCell<Option<ProgressBar>>> = Default::default();
    let shown = bar.clone();
    let terminal = std::io::stderr().is_terminal();
    let library = Library::open_reporting(path, move |done, total| {
        if !terminal {
            return;
        }
        let mut shown = shown.borrow_mut();
        let bar = shown.get_or_insert_with(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "Indexing the library for search {bar:40.cyan/blue} {percent}%  {elapsed_precise}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        bar.set_position(done);
    });
    if let Some(bar) = bar.borrow_mut().take() {
        bar.finish_and_clear();
    }
    library
}

/// What `import` shows while it works: one line per file as it is done, and a progress bar
/// on the terminal for imports of more than a few files (never with `--json`, never when
/// the output goes to a file or a pipe).
struct Progress {
    lines: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Imports of fewer files than this finish too soon for a bar to help.
    const BAR_FROM: usize = 5;

    fn new(lines: bool) -> Self {
        Progress { lines, bar: None }
    }

    fn file_done(
        &mut self,
        index: usize,
        total: usize,
        path: &std::path::Path,
        result: &commonplace_core::Result<Imported>,
    ) {
        if self.lines
            && self.bar.is_none()
            && total >= Self::BAR_FROM
            && std::io::stderr().is_terminal()
        {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40.cyan/blue} {pos}/{len} files  {elapsed_precise}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            self.bar = Some(bar);
        }
        if self.lines {
            let line = import_line(path, result);
            match &self.bar {
                Some(bar) => bar.println(line),
                None => {
                    let _ = writeln!(std::io::stdout(), "{line}");
                }
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_position(index as u64 + 1);
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let kind = e
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind)
        .or_else(|| {
            e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
        });
    kind == Some(std::io::ErrorKind::BrokenPipe)
}

/// `, skipped 5 bookmarks, 1 clipped article`, or nothing.
fn skipped_text(skipped: &commonplace_core::Skipped) -> String {
    let kinds = [
        (skipped.bookmarks, "bookmark", "bookmarks"),
        (
            skipped.clipped_articles,
            "clipped article",
            "clipped articles",
        ),
        (
            skipped.limit_placeholders,
            "clipping-limit placeholder",
            "clipping-limit placeholders",
        ),
        (skipped.empty, "empty entry", "empty entries"),
        (
            skipped.fragments,
            "fragment of a cut-off entry",
            "fragments of cut-off entries",
        ),
        (skipped.unreadable, "unreadable entry", "unreadable entries"),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(", skipped {}", parts.join(", "))
    }
}

/// `entry 12 (line 57): `, `line 3: `, or nothing, before a warning's message.
fn warning_place(entry: usize, line: usize) -> String {
    match (entry, line) {
        (0, 0) => String::new(),
        (0, line) => format!("line {line}: "),
        (entry, line) => format!("entry {entry} (line {line}): "),
    }
}

/// `2026-12-02 15:50  1,204 clippings, 3,100 highlights, 410 notes  12.3 MB  PATH`
fn backup_line(info: &commonplace_core::BackupInfo) -> String {
    format!(
        "{}  {} clippings, {} highlights, {} notes  {:.1} MB{}  {}",
        info.created_at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M"),
        info.clippings,
        info.highlights,
        info.notes,
        info.bytes as f64 / 1e6,
        if info.verified {
            ""
        } else {
            "  (not verified)"
        },
        info.path.display()
    )
}

/// A progress bar on the terminal for one long step (never with --json, never into a pipe).
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new(shown: bool, what: &str) -> Self {
        if !shown || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::new(1);
        bar.set_style(
            ProgressStyle::with_template(&format!("{what} {{bar:40.cyan/blue}} {{percent}}%"))
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar(Some(bar))
    }

    fn at(&self, done: u64, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

/// What `import --jsonl` prints for one file: `{"path", "status", "clippings": [ids],
/// "title"}` with status imported, updated, unchanged, in_trash (or mixed, for a Kindle
/// file whose books fared differently), and for a failure `{"path", "status": "failed",
/// "code", "error"}`.
fn file_line(
    path: &std::path::Path,
    result: &commonplace_core::Result<Imported>,
) -> serde_json::Value {
    let shown = path.display().to_string();
    match result {
        Err(e) => serde_json::json!({
            "path": shown, "status": "failed", "code": e.code(), "error": e.to_string(),
        }),
        Ok(imported) => {
            let status = |o: &SaveOutcome| match o {
                SaveOutcome::Imported(_) => "imported",
                SaveOutcome::Updated(_) => "updated",
                SaveOutcome::Unchanged(_) => "unchanged",
                SaveOutcome::InTrash(_) => "in_trash",
            };
            let mut statuses: Vec<&str> = imported.clippings.iter().map(status).collect();
            statuses.sort_unstable();
            statuses.dedup();
            let status = match statuses.as_slice() {
                [] => "unchanged",
                [one] => one,
                _ => "mixed",
            };
            let ids: Vec<i64> = imported.clippings.iter().map(|o| o.id()).collect();
            let mut line = serde_json::json!({
                "path": shown, "status": status, "clippings": ids, "title": imported.title,
            });
            if let Some(counts) = imported.highlights {
                line["highlights"] = serde_json::to_value(counts).unwrap_or_default();
            }
            if !imported.warnings.is_empty() {
                line["warnings"] = imported
                    .warnings
                    .iter()
                    .map(|w| serde_json::json!({"entry": w.entry, "line": w.line, "message": w.message}))
                    .collect();
            }
            line
        }
    }
}

fn import_line(path: &std::path::Path, result: &commonplace_core::Result<Imported>) -> String {
    let shown = path.display();
    let imported = match result {
        Ok(imported) => imported,
        // The message names the file already.
        Err(e) => return format!("failed    {e}"),
    };
    if let Some(counts) = imported.highlights {
        let books = imported.clippings.len();
        let new_books = imported
            .clippings
            .iter()
            .filter(|o| matches!(o, SaveOutcome::Imported(_)))
            .count();
        let word = if counts.added + counts.merged > 0 || new_books > 0 {
            "imported "
        } else {
            "unchanged"
        };
        let in_trash = imported
            .clippings
            .iter()
            .filter(|o| matches!(o, SaveOutcome::InTrash(_)))
            .count();
        // A Kindle or Readwise file holds books; our own export, any clippings.
        let noun = if imported.title.starts_with("Commonplace export") {
            "clipping"
        } else if imported.title.starts_with("Annotations") {
            "page"
        } else {
            "book"
        };
        let mut line = format!(
            "{word} {shown}  {books} {noun}{} ({new_books} new): {} highlights added, {} merged{}{}",
            if books == 1 { "" } else { "s" },
            counts.added,
            counts.merged,
            skipped_text(&counts.skipped),
            match in_trash {
                0 => String::new(),
                1 => ", 1 book left in the trash".to_owned(),
                n => format!(", {n} books left in the trash"),
            }
        );
        for w in &imported.warnings {
            line.push_str(&format!("\n  warning: {}", warning_place(w.entry, w.line)));
            line.push_str(&w.message);
        }
        return line;
    }
    let Some(outcome) = imported.clippings.first() else {
        return format!("unchanged {shown}");
    };
    let (word, id) = match outcome {
        SaveOutcome::Imported(id) => ("imported ", id),
        SaveOutcome::Unchanged(id) => ("unchanged", id),
        SaveOutcome::Updated(id) => ("updated  ", id),
        SaveOutcome::InTrash(id) => {
            return format!(
                "in trash  #{id:<5} {shown}  “{}”: left in the trash (commonplace restore {id} brings it back)",
                imported.title
            );
        }
    };
    format!("{word} #{id:<5} {shown}  “{}”", imported.title)
}
