//! The core's layers, as ARCHITECTURE.md draws them, read from its source: each module uses
//! only modules of its own layer or those below, and no module uses one that uses it back.
//! A module here is a file of `src/` (a folder's files are one module, but `store/` and
//! `import/` count each of theirs apart); what it uses is every `crate::…` and `super::…`
//! path outside comments and tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "error", "date", "model", "query", "words", "anchor", "note", "fetch", "image", "body",
        ],
    ),
    ("store", &["store"]),
    (
        "domain",
        &["clipping", "highlight", "tag", "list", "search", "backup"],
    ),
    ("export", &["export"]),
    ("import", &["import"]),
];

/// The layer of a module (by its first name), `None` for the crate root.
fn layer(module: &str) -> Option<usize> {
    let first = module.split("::").next().unwrap_or(module);
    LAYERS.iter().position(|(_, names)| names.contains(&first))
}

/// The module a path names, at the grain this test counts (`store::tags`, `import::html`,
/// `body` for `body::scan`), of the `modules` there are: `import::canonical_url` is
/// `import`.
fn unit(path: &[&str], modules: &BTreeSet<String>) -> String {
    match path {
        [first @ ("store" | "import"), second, ..]
            if modules.contains(&format!("{first}::{second}")) =>
        {
            format!("{first}::{second}")
        }
        [first, ..] => (*first).to_owned(),
        [] => String::new(),
    }
}

/// The module path of a source file: `store/tags.rs` is `store::tags`, `import/mod.rs` is
/// `import`, `lib.rs` the root (empty).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn source_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The code of a file without its comments and its test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path `code` names from `crate::` or `super::` (`super` relative to
/// `module`), with each name of a `{…}` group its own path.
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        for (at, _) in code.match_indices(prefix) {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            let mut path = base.clone();
            let mut rest = rest;
            loop {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    path.push(name.clone());
                    rest = &rest[name.len()..];
                    if let Some(next) = rest.strip_prefix("::") {
                        rest = next;
                        continue;
                    }
                    found.push(path);
                    break;
                }
                if let Some(group) = rest.strip_prefix('{') {
                    // Names at the group's top level, each a path of its own.
                    let mut depth = 0;
                    let mut item = String::new();
                    for c in group.chars() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => break,
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                push_item(&path, &item, &mut found);
                                item.clear();
                                continue;
                            }
                            _ => {}
                        }
                        if depth == 0 {
                            item.push(c);
                        }
                    }
                    push_item(&path, &item, &mut found);
                }
                break;
            }
        }
    }
    found
}

fn push_item(base: &[String], item: &str, found: &mut Vec<Vec<String>>) {
    let mut path = base.to_vec();
    for name in item.trim().split("::") {
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name == "self" {
            break;
        }
        path.push(name);
    }
    found.push(path);
}

/// Each module and the modules it uses.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let modules: Vec<(Vec<String>, PathBuf)> = files
        .into_iter()
        .map(|file| (module_of(&src, &file), file))
        .filter(|(m, _)| !m.is_empty() && m.last().is_some_and(|m| m != "tests"))
        .collect();
    let known: BTreeSet<String> = modules.iter().map(|(m, _)| m.join("::")).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in modules {
        let names: Vec<&str> = module.iter().map(String::as_str).collect();
        let me = unit(&names, &known);
        let text = std::fs::read_to_string(&file).unwrap();
        let used = graph.entry(me.clone()).or_default();
        for path in paths(&code(&text), &module) {
            let names: Vec<&str> = path.iter().map(String::as_str).collect();
            let other = unit(&names, &known);
            // Names at the root (re-exports, `crate::Library`) are no module of their own.
            if other != me && layer(&other).is_some() {
                used.insert(other);
            }
        }
    }
    graph
}

#[test]
fn each_module_uses_only_its_own_layer_and_those_below() {
    let graph = uses();
    assert!(graph.contains_key("store::tags") && graph.contains_key("import::html"));
    let unplaced: Vec<&String> = graph.keys().filter(|m| layer(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "modules in no layer (add them to LAYERS): {unplaced:?}"
    );
    let mut upward = Vec::new();
    for (module, used) in &graph {
        for other in used {
            if layer(other) > layer(module) {
                upward.push(format!("{module} uses {other}"));
            }
        }
    }
    assert!(upward.is_empty(), "uses of a higher layer: {upward:#?}");
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    let graph = uses();
    // Depth-first search for a cycle, naming it when found.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for other in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(other, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        let cycle = visit(module, &graph, &mut done, &mut Vec::new());
        if let Some(cycle) = cycle {
            panic!("a cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_reading_of_paths_finds_groups_and_super() {
    let module = vec!["import".to_owned(), "html".to_owned()];
    let found = paths(
        "use crate::store::{clippings, highlights::{self, X}};\nlet t = super::title(p); crate::body::escape(x)",
        &module,
    );
    let known: BTreeSet<String> = ["store::clippings", "store::highlights", "import::html"]
        .map(str::to_owned)
        .into();
    let units: BTreeSet<String> = found
        .iter()
        .map(|p| unit(&p.iter().map(String::as_str).collect::<Vec<_>>(), &known))
        .collect();
    assert_eq!(
        units,
        ["body", "import", "store::clippings", "store::highlights"]
            .map(str::to_owned)
            .into()
    );
}
