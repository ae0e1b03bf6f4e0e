//! The core's layering, checked by reading its source (as rust-analyzer's `tidy.rs` does):
//! the ground floor (`folder`) imports nothing above it and extends no `Store`, and no module
//! imports another that imports it back, directly or round a longer circle. Test modules are
//! left out: a test may use whatever it needs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, as (module path, text without its test modules).
fn modules(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder)
            .expect("read the source folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .expect("inside")
                .with_extension("")
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "::");
            let name = relative
                .strip_suffix("::mod")
                .map(str::to_owned)
                .unwrap_or(relative);
            let text = fs::read_to_string(&path).expect("read a source file");
            found.insert(name, without_tests(&text));
        }
    }
    found
}

/// The text before the first `#[cfg(test)]` item: test modules sit at the end of each file.
fn without_tests(text: &str) -> String {
    let mut kept = String::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        // Comments may name modules without using them.
        let code = line.split("//").next().unwrap_or_default();
        kept.push_str(code);
        kept.push('\n');
    }
    kept
}

/// Names the crate root re-exports (`pub use records::cases::{Case, …}`), mapped to the module
/// they come from, so `crate::Case` counts as a use of `records::cases`.
fn reexports(lib: &str, known: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let flat = lib.replace('\n', " ");
    for statement in flat.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (path, names) = match rest.split_once("::{") {
            Some((path, names)) => (path.trim(), names.trim_end_matches('}').to_owned()),
            None => match rest.rsplit_once("::") {
                Some((path, name)) => (path.trim(), name.to_owned()),
                None => continue,
            },
        };
        let module = longest_module(&path.split("::").collect::<Vec<_>>(), known);
        let Some(module) = module else { continue };
        for name in names.split(',') {
            let name = name.split(" as ").last().unwrap_or_default().trim();
            if !name.is_empty() && name != "self" {
                map.insert(name.to_owned(), module.clone());
            }
        }
    }
    map
}

fn longest_module(path: &[&str], known: &BTreeMap<String, String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|candidate| known.contains_key(candidate))
}

/// The modules `text` (module `name`) refers to through `crate::…` and `super::…` paths.
fn uses(
    name: &str,
    text: &str,
    known: &BTreeMap<String, String>,
    roots: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // `super` of `a::b::c` is `a::b`, whether `c` is a file or a folder's mod.rs.
    let parent: Vec<&str> = {
        let mut parts: Vec<&str> = name.split("::").collect();
        parts.pop();
        parts
    };
    let chars: Vec<char> = text.chars().collect();
    let text_len = chars.len();
    let mut i = 0;
    while i < text_len {
        let rest: String = chars[i..text_len.min(i + 7)].iter().collect();
        let (start, base): (usize, Vec<String>) = if rest.starts_with("crate::") {
            (i + 7, Vec::new())
        } else if rest.starts_with("super::") {
            (i + 7, parent.iter().map(|s| s.to_string()).collect())
        } else {
            i += 1;
            continue;
        };
        // Only whole words: `supercrate::` is not a path.
        if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
            i += 1;
            continue;
        }
        let mut j = start;
        let mut segments: Vec<String> = base;
        let mut group = None;
        loop {
            let word_start = j;
            while j < text_len && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            if j > word_start {
                segments.push(chars[word_start..j].iter().collect());
            }
            if j + 1 < text_len && chars[j] == ':' && chars[j + 1] == ':' {
                j += 2;
                if j < text_len && chars[j] == '{' {
                    let close = chars[j..].iter().position(|&c| c == '}').map(|p| j + p);
                    if let Some(close) = close {
                        group = Some(chars[j + 1..close].iter().collect::<String>());
                        j = close;
                    }
                    break;
                }
                continue;
            }
            break;
        }
        let mut targets: Vec<Vec<String>> = Vec::new();
        match group {
            Some(inner) => {
                for item in inner.split(',') {
                    let item = item.trim().split(" as ").next().unwrap_or_default();
                    if item.is_empty() {
                        continue;
                    }
                    let mut path = segments.clone();
                    path.extend(item.split("::").map(|s| s.trim().to_owned()));
                    targets.push(path);
                }
            }
            None => targets.push(segments),
        }
        for path in targets {
            let parts: Vec<&str> = path
                .iter()
                .map(String::as_str)
                .filter(|s| *s != "self")
                .collect();
            let module = longest_module(&parts, known)
                .or_else(|| parts.first().and_then(|first| roots.get(*first).cloned()));
            // A module's use of its own folder (`super::Document`) is not an import circle.
            if let Some(module) = module
                && module != name
                && !name.starts_with(&format!("{module}::"))
            {
                found.insert(module);
            }
        }
        i = j.max(i + 1);
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = source_root();
    let known = modules(&root);
    let lib = fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
    let roots = reexports(&lib, &known);
    known
        .iter()
        .filter(|(name, _)| name.as_str() != "lib")
        .map(|(name, text)| {
            let mut edges = uses(name, text, &known, &roots);
            // A folder reaches its own files (`mod read;`, `pub use read::…`), so a circle that
            // runs through a folder and one of its files is a circle too.
            let prefix = format!("{name}::");
            edges.extend(
                known
                    .keys()
                    .filter(|k| {
                        k.strip_prefix(&prefix)
                            .is_some_and(|rest| !rest.contains("::"))
                    })
                    .cloned(),
            );
            (name.clone(), edges)
        })
        .collect()
}

/// A circle of modules that import each other, if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = path.iter().position(|p| p == next).unwrap_or(0);
                    let mut circle = path[from..].to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(circle) = visit(next, graph, state, path) {
                        return Some(circle);
                    }
                }
            }
        }
        path.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node.as_str())
            && let Some(circle) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(circle);
        }
    }
    None
}

#[test]
fn the_ground_floor_imports_nothing_above_it_and_extends_no_store() {
    let graph = graph();
    let modules = modules(&source_root());
    let mut floor = 0;
    for (name, uses) in &graph {
        if name != "folder" && !name.starts_with("folder::") {
            continue;
        }
        floor += 1;
        let above: Vec<&String> = uses
            .iter()
            .filter(|u| *u != "error" && *u != "folder" && !u.starts_with("folder::"))
            .collect();
        assert!(
            above.is_empty(),
            "{name} uses {above:?}: the ground floor may use only `error` and `folder`"
        );
        let text = &modules[name];
        assert!(
            !text.contains("impl Store") && !text.contains("Store::"),
            "{name} extends or calls the store: the ground floor knows no Store"
        );
    }
    assert!(floor >= 5, "found only {floor} ground-floor modules");
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = graph();
    assert!(graph.len() > 30, "found only {} modules", graph.len());
    // The check sees real imports (a known one, so a broken reader cannot pass it silently).
    assert!(
        graph["records::documents::import"].contains("records::documents::read"),
        "{:?}",
        graph["records::documents::import"]
    );
    if let Some(circle) = find_circle(&graph) {
        panic!(
            "these modules import each other in a circle: {}",
            circle.join(" → ")
        );
    }
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert("a".into(), ["b".to_owned()].into());
    graph.insert("b".into(), ["c".to_owned()].into());
    graph.insert("c".into(), ["a".to_owned()].into());
    assert_eq!(
        find_circle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    graph.insert("c".into(), BTreeSet::new());
    assert_eq!(find_circle(&graph), None);
}
