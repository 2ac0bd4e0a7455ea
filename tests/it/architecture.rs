//! The architecture's one rule that the compiler does not check: files
//! import one way. No file of `src/` refers to a module whose file refers
//! back to it (directly or around a loop), so that each stage reads top to
//! bottom (ARCHITECTURE.md). References are read as text: `crate::a::b`,
//! `super::a` and `super::{a, b}` paths, and a `mod.rs` naming its own
//! children (`child::item`); unit tests (`#[cfg(test)] mod tests`) and
//! comments are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every file of `src/` as its module path (`matcher/rank.rs` is
/// `["matcher", "rank"]`, `matcher/mod.rs` is `["matcher"]`, `lib.rs` is
/// `[]`) with its text.
fn modules() -> BTreeMap<Module, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != src.join("main.rs") {
                let relative = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Module = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                    parts.pop();
                }
                out.insert(parts, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// The text a file's references are read from: no unit tests, no comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The longest prefix of `path` that is a module with a file.
fn resolve(files: &BTreeMap<Module, String>, path: &[String]) -> Option<Module> {
    (1..=path.len()).rev().map(|n| path[..n].to_vec()).find(|p| files.contains_key(p))
}

/// Each path of identifiers joined by `::` that starts at `at` in `text`.
fn path_at(text: &str, at: usize) -> Vec<String> {
    let rest = &text[at..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
    rest[..end].split("::").filter(|s| !s.is_empty()).map(String::from).collect()
}

/// The modules each file refers to.
fn references(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, text) in files {
        let text = code(text);
        let mut refers = BTreeSet::new();
        for (at, _) in text.match_indices("crate::") {
            let path = path_at(&text, at + "crate::".len());
            refers.extend(resolve(files, &path));
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(found) = text[at..].find("super::") {
            let start = at + found;
            at = start + 1;
            if start > 0
                && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b':')
            {
                continue;
            }
            let mut cursor = start;
            let mut base = module.clone();
            while text[cursor..].starts_with("super::") {
                base.pop();
                cursor += "super::".len();
            }
            if text[cursor..].starts_with('{') {
                let close = cursor + text[cursor..].find('}').unwrap_or(0);
                for name in text[cursor + 1..close].split(',') {
                    let first = name.trim().split("::").next().unwrap_or("").split(' ').next().unwrap_or("");
                    if first.is_empty() || first == "self" {
                        continue;
                    }
                    refers.extend(resolve(files, &[base.clone(), vec![first.to_string()]].concat()));
                }
            } else {
                refers.extend(resolve(files, &[base.clone(), path_at(&text, cursor)].concat()));
            }
        }
        // A stage's mod.rs naming its own children.
        for (child, _) in files.iter().filter(|(m, _)| m.len() == module.len() + 1 && m.starts_with(module)) {
            let name = child.last().unwrap();
            let named = text.match_indices(&format!("{name}::")).any(|(at, _)| {
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':')
            });
            if named {
                refers.insert(child.clone());
            }
        }
        refers.remove(module);
        graph.insert(module.clone(), refers);
    }
    graph
}

/// A loop of references through `start`, if there is one.
fn cycle_from(graph: &BTreeMap<Module, BTreeSet<Module>>, start: &Module) -> Option<Vec<Module>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_file_of_src_imports_a_file_that_imports_it_back() {
    let files = modules();
    let graph = references(&files);
    // The reading sees what it should: the matcher composes its steps.
    let matcher = &graph[&vec!["matcher".to_string()]];
    assert!(matcher.contains(&vec!["matcher".to_string(), "rank".to_string()]), "{matcher:?}");
    let loops: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|path| {
            path.iter().map(|m| if m.is_empty() { "lib".into() } else { m.join("/") }).collect::<Vec<_>>().join(" -> ")
        })
        .collect();
    assert!(loops.is_empty(), "files that import each other:\n{}", loops.join("\n"));
}

/// Every `.rs` file under `src/` with its path relative to the repository.
fn source_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Each function of a file (formatted by rustfmt, which `.ci/run`
/// enforces) with its first line and its length in lines, from its `fn`
/// line to the closing brace at the same indentation. Declarations without
/// a body are left out.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let Some(name) = fn_name(trimmed) else { continue };
        if line.ends_with('}') {
            // A function of one line.
            continue;
        }
        // The signature ends at the first line ending in `{` (a body) or `;`.
        let Some(open) = (at..lines.len()).find(|&i| lines[i].ends_with('{') || lines[i].ends_with(';')) else {
            continue;
        };
        if !lines[open].ends_with('{') {
            continue;
        }
        let close = (open + 1..lines.len()).find(|&i| lines[i] == format!("{indent}}}")).unwrap_or(lines.len() - 1);
        out.push((name, at + 1, close - at + 1));
    }
    out
}

/// The name of the function a trimmed line declares, if it declares one.
fn fn_name(trimmed: &str) -> Option<String> {
    let mut words = trimmed.split_whitespace().peekable();
    while let Some(&word) = words.peek() {
        if word.starts_with("pub") || matches!(word, "const" | "async" | "unsafe" | "extern" | "\"C\"") {
            words.next();
        } else {
            break;
        }
    }
    (words.next()? == "fn").then(|| words.next().map(|n| n.split(['(', '<']).next().unwrap_or(n).to_string()))?
}

/// Longest function of `src/`, in lines: one that does more is cut into
/// steps with names.
const MAX_FUNCTION_LINES: usize = 100;
/// Longest file of `src/`, in lines: one that holds more is a folder of
/// files of one idea each.
const MAX_FILE_LINES: usize = 1_000;

#[test]
fn functions_and_files_of_src_stay_short() {
    let mut long = Vec::new();
    for (path, text) in source_files() {
        let count = text.lines().count();
        if count > MAX_FILE_LINES {
            long.push(format!("{path}: {count} lines (at most {MAX_FILE_LINES})"));
        }
        for (name, at, length) in functions(&text) {
            if length > MAX_FUNCTION_LINES {
                long.push(format!("{path}:{at}: fn {name} is {length} lines (at most {MAX_FUNCTION_LINES})"));
            }
        }
    }
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}

#[test]
fn the_length_check_reads_functions_as_rustfmt_writes_them() {
    let text = "fn one() {\n    let x = 1;\n}\nfn short() -> u8 { 1 }\nimpl A {\n    pub(crate) fn two(\n        a: u8,\n    ) -> u8 {\n        \
                a\n    }\n    fn declared(&self);\n}\n";
    assert_eq!(functions(text), vec![("one".into(), 1, 3), ("two".into(), 6, 5)]);
}
