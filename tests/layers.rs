//! The layers' dependencies run one way: the parser door is the only module
//! that names the parser crates, and the semantic model (one module's names)
//! depends on nothing above it — the project index, the rules, the checker,
//! the batch layer and the binary build on it, never the other way round.

use std::path::{Path, PathBuf};

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
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `crate::x` paths a file names, outside its tests.
fn crate_paths(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.match_indices("crate::")
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn only_the_parser_door_names_the_parser_crates() {
    for path in rust_files(&src()) {
        if path.ends_with("parse.rs") {
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
fn the_semantic_model_depends_only_on_the_parser_door() {
    for path in rust_files(&src().join("semantic")) {
        for module in crate_paths(&path) {
            assert!(
                matches!(module.as_str(), "parse" | "semantic"),
                "{} uses crate::{module}: the semantic model must not depend on the layers above it",
                path.display()
            );
        }
    }
}

#[test]
fn the_project_index_does_not_depend_on_the_batch_layer_or_the_binary() {
    for path in rust_files(&src().join("index")) {
        for module in crate_paths(&path) {
            assert!(
                !matches!(
                    module.as_str(),
                    "commands" | "cli" | "output" | "interactive" | "baseline"
                ),
                "{} uses crate::{module}",
                path.display()
            );
        }
    }
}
