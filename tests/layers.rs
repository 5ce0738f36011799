//! The layers' dependencies run one way. Each layer is a folder of `src/`:
//!
//! 1. `parse`: the parser door, the only module that names the parser crates;
//! 2. `semantic`: one module's names;
//! 3. `model`: rule ids and settings, the project index, database objects,
//!    the per-module context;
//! 4. `linter`: rules, fixes, the checker, the fix loop;
//! 5. `batch`: walking, configuration files, parallel runs, writes;
//! 6. `cli`: the thin binary.
//!
//! A file may name (`crate::…`) its own layer and the layers before it, never
//! one after it. Inside a layer no two parts (a file or folder right under the
//! layer's folder) name each other in a cycle, with one exception: in `model`
//! the index, the database objects, the SQL sinks, the context and the
//! settings form one group, because the data is mutually recursive (a
//! module's facts need its database objects, which need the other modules'
//! facts, and the settings carry the run's index).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 6] = ["parse", "semantic", "model", "linter", "batch", "cli"];

/// The one cycle allowed (see the module documentation).
const MODEL_GROUP: [&str; 5] = [
    "model/context",
    "model/drivers",
    "model/index",
    "model/settings",
    "model/sinks",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file's code outside its tests and comments.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The part of the tree a file belongs to: `linter/rules` for
/// `src/linter/rules/sql_parameterize/mod.rs`, `parse` for `src/parse/mod.rs`.
fn part_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts.truncate(2);
    parts.join("/")
}

/// The parts a file names through `crate::a::b` paths (`model::Context` and
/// `model::Rule` are re-exports of `model/context` and `model/rule`).
fn named_parts(code: &str) -> BTreeSet<String> {
    let src = src();
    let segment = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    code.match_indices("crate::")
        .map(|(at, _)| {
            let rest = &code[at + "crate::".len()..];
            let layer = segment(rest);
            let inner = rest[layer.len()..]
                .strip_prefix("::")
                .map(segment)
                .unwrap_or_default();
            let inner = match inner.as_str() {
                "Context" => "context".to_owned(),
                "Rule" => "rule".to_owned(),
                _ => inner,
            };
            let folder = src.join(&layer);
            if !inner.is_empty()
                && (folder.join(format!("{inner}.rs")).exists() || folder.join(&inner).is_dir())
            {
                format!("{layer}/{inner}")
            } else {
                layer
            }
        })
        .collect()
}

fn layer_rank(part: &str) -> Option<usize> {
    let layer = part.split('/').next()?;
    LAYERS.iter().position(|l| *l == layer)
}

/// Every part and the parts it names.
fn dependency_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = src();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(&src) {
        let relative = path.strip_prefix(&src).unwrap();
        if relative == Path::new("lib.rs") || relative == Path::new("main.rs") {
            continue;
        }
        let part = part_of(relative);
        let named = named_parts(&code_of(&path));
        let entry = graph.entry(part.clone()).or_default();
        entry.extend(named.into_iter().filter(|n| *n != part));
    }
    graph
}

#[test]
fn every_file_lives_in_a_layer() {
    let src = src();
    for path in rust_files(&src) {
        let relative = path.strip_prefix(&src).unwrap();
        if relative == Path::new("lib.rs") || relative == Path::new("main.rs") {
            continue;
        }
        assert!(
            layer_rank(&part_of(relative)).is_some(),
            "{} is outside the layers {LAYERS:?}",
            relative.display()
        );
    }
}

#[test]
fn only_the_parser_door_names_the_parser_crates() {
    for path in rust_files(&src()) {
        if path.ends_with("parse/mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("ruff_python_") && !text.contains("ruff_text_size"),
            "{} names a parser crate: go through crate::parse",
            path.display()
        );
    }
}

#[test]
fn no_layer_names_a_layer_after_it() {
    for (part, named) in dependency_graph() {
        let rank = layer_rank(&part).unwrap();
        for name in named {
            let Some(other) = layer_rank(&name) else {
                continue;
            };
            assert!(
                other <= rank,
                "src/{part} names crate::{}: {} comes after {}",
                name.replace('/', "::"),
                LAYERS[other],
                LAYERS[rank]
            );
        }
    }
}

#[test]
fn no_cycle_inside_a_layer_but_the_model_group() {
    let graph = dependency_graph();
    // Which parts each part reaches.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(part) = stack.pop() {
            for next in graph.get(&part).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    for (part, named) in &graph {
        for name in named {
            if reach(name).contains(part) {
                assert!(
                    MODEL_GROUP.contains(&part.as_str()) && MODEL_GROUP.contains(&name.as_str()),
                    "src/{part} and src/{name} name each other in a cycle"
                );
            }
        }
    }
}

#[test]
fn the_graph_sees_the_layers() {
    // The test above would pass on an empty graph: it must see the real one.
    let graph = dependency_graph();
    assert!(graph["linter/rules"].contains("model/context"));
    assert!(graph["cli/commands"].contains("batch"));
    assert!(graph["semantic"].contains("parse"));
}
