//! The file-modules of a crate's `src/` import no module that imports them
//! back: the graph of `use crate::…`, `crate::…::` paths, `super::…` and
//! `use child::…` / `pub use child::…` lines has no cycle.
//!
//! A text scan, not a compiler pass: library code only (everything from a
//! `#[cfg(test)]` module to the end of its file is left out), comments
//! skipped, and a path counts as an edge to the deepest file-module it
//! names. The same file runs for newsdex-query (included by its
//! `tests/tests.rs`), each against its own `CARGO_MANIFEST_DIR`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path: `[]` is the crate root, `["pipeline", "parallel"]` is
/// `src/pipeline/parallel.rs`.
type ModPath = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: ModPath = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("lib" | "mod" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Library code of a file: comments removed, `#[cfg(test)]` modules cut.
fn library_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.contains('{'))
        {
            break;
        }
        let code = match trimmed.find("//") {
            Some(at) => &trimmed[..at],
            None => trimmed,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand_use(tree: &str) -> Vec<Vec<String>> {
    let tree = tree.replace(" as ", "@");
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    fn go(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        // Split at top-level commas.
        let mut depth = 0;
        let mut start = 0;
        let mut items = Vec::new();
        for (i, c) in tree.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&tree[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&tree[start..]);
        for item in items.into_iter().filter(|i| !i.is_empty()) {
            if let Some(open) = item.find('{') {
                let mut path = prefix.to_vec();
                path.extend(
                    item[..open]
                        .split("::")
                        .filter(|s| !s.is_empty())
                        .map(String::from),
                );
                let close = item.rfind('}').filter(|&c| c > open).unwrap_or(item.len());
                let inner = &item[open + 1..close];
                go(&path, inner, out);
            } else {
                let item = item.split('@').next().unwrap_or(item);
                let mut path = prefix.to_vec();
                path.extend(item.split("::").filter(|s| !s.is_empty()).map(String::from));
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    go(&[], &tree, &mut out);
    out
}

/// Whether `before` ends inside an identifier that merely ends in `use`'s
/// predecessor (`reuse`, `excuse`): never an item start.
fn rest_is_ident_tail(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_some_and(|c| is_ident_char(c) && !before.ends_with("pub"))
}

/// Every path in `code` that starts with `crate::` or `super::`, plus the
/// paths of its `use` items (which may start with a child module's name).
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    // `use` items, whole trees.
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].trim_end();
        let tail = &rest[at + 4..];
        rest = tail;
        // A `use` item starts a statement: after nothing, `;`, a brace, an
        // attribute or a visibility (not "We use cookies" in a string).
        let starts_item = before.is_empty()
            || before.ends_with([';', '{', '}', ']'])
            || before.ends_with("pub")
            || (before.ends_with(')') && before.contains("pub("));
        if !starts_item || rest_is_ident_tail(before) {
            continue;
        }
        let Some(end) = tail.find(';') else { break };
        paths.extend(expand_use(&tail[..end]));
    }
    // `crate::a::b` and `super::a` anywhere (expressions, types).
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if code[..at].chars().next_back().is_some_and(is_ident_char) {
                continue;
            }
            let path: Vec<String> = code[at..]
                .split(|c: char| !(is_ident_char(c) || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            paths.push(path);
        }
    }
    paths
}

/// The file-module a path from `module` names, if it names one.
fn resolve(
    module: &ModPath,
    path: &[String],
    modules: &BTreeSet<ModPath>,
    is_dir_module: bool,
) -> Option<ModPath> {
    let (mut base, mut rest): (ModPath, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("super") => {
            let mut base = module.clone();
            base.pop()?;
            let mut rest = &path[1..];
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            (base, rest)
        }
        Some("self") => (module.clone(), &path[1..]),
        // `use child::…` from a module with children.
        Some(first) if is_dir_module || module.is_empty() => {
            let mut child = module.clone();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            }
            (module.clone(), path)
        }
        _ => return None,
    };
    let mut target = base.clone();
    while let Some(segment) = rest.first() {
        let mut deeper = target.clone();
        deeper.push(segment.clone());
        if !modules.contains(&deeper) {
            break;
        }
        target = deeper;
        rest = &rest[1..];
    }
    base.clear();
    (modules.contains(&target) && &target != module).then_some(target)
}

/// The crate's import graph: module → the modules it imports.
fn graph(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<ModPath> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(src, file);
        let is_dir_module = file.file_name().is_some_and(|n| n == "mod.rs")
            || modules
                .iter()
                .any(|m| m.len() == module.len() + 1 && m.starts_with(&module));
        let text = std::fs::read_to_string(file).expect("read source");
        let edges: BTreeSet<ModPath> = paths_in(&library_code(&text))
            .iter()
            .filter_map(|p| resolve(&module, p, &modules, is_dir_module))
            .collect();
        graph.insert(module, edges);
    }
    graph
}

fn find_cycle(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Option<Vec<ModPath>> {
    fn visit(
        node: &ModPath,
        graph: &BTreeMap<ModPath, BTreeSet<ModPath>>,
        stack: &mut Vec<ModPath>,
        done: &mut BTreeSet<ModPath>,
    ) -> Option<Vec<ModPath>> {
        if let Some(at) = stack.iter().position(|m| m == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn name(module: &ModPath) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        format!("crate::{}", module.join("::"))
    }
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = graph(&src);
    let mut cycles = Vec::new();
    // Report every cycle: drop the closing edge of each one found and look again.
    while let Some(cycle) = find_cycle(&graph) {
        let names: Vec<String> = cycle.iter().map(name).collect();
        cycles.push(names.join(" → "));
        let (from, to) = (&cycle[cycle.len() - 2], &cycle[cycle.len() - 1]);
        graph.get_mut(from).expect("node").remove(to);
    }
    assert!(
        cycles.is_empty(),
        "import cycles in {}:\n  {}",
        src.display(),
        cycles.join("\n  ")
    );
}

#[test]
fn the_scan_sees_the_imports_it_must_see() {
    // A cycle the checker must report, and the edges it is made of.
    let paths = paths_in(&library_code(
        "use super::{content_hash, process as run};\nuse crate::a::{b::C, d};\n// use crate::x;\n",
    ));
    let path = |s: &str| -> Vec<String> { s.split("::").map(String::from).collect() };
    for expected in [
        "super::content_hash",
        "super::process",
        "crate::a::b::C",
        "crate::a::d",
    ] {
        assert!(
            paths.contains(&path(expected)),
            "{expected} not in {paths:?}"
        );
    }
    assert!(
        !paths.contains(&path("crate::x")),
        "a comment was read: {paths:?}"
    );
    let p = |s: &str| -> ModPath {
        s.split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let mut graph = BTreeMap::new();
    graph.insert(p("pipeline"), BTreeSet::from([p("pipeline/parallel")]));
    graph.insert(p("pipeline/parallel"), BTreeSet::from([p("pipeline")]));
    assert_eq!(
        find_cycle(&graph),
        Some(vec![p("pipeline"), p("pipeline/parallel"), p("pipeline")])
    );
}
