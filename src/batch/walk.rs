//! Finding the Python files under the paths given on the command line.
//!
//! Folders are walked with the `ignore` crate (ripgrep's walker): `.gitignore`,
//! `.ignore` and hidden files are respected, `--exclude` globs prune files and
//! folders. Files named explicitly are always taken when they are Python.
//! Symbolic links are followed; a link loop or an unreadable folder is an
//! error for that path, and the walk goes on.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Files to process, and the paths that could not be walked.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub errors: Vec<(PathBuf, String)>,
}

/// Compiles `--exclude` globs. A glob matches a path, or any one of its
/// components (`migrations`, `*_pb2.py`).
pub fn exclude_set(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(
            Glob::new(glob).map_err(|error| format!("invalid --exclude glob `{glob}`: {error}"))?,
        );
    }
    builder.build().map_err(|error| error.to_string())
}

fn is_excluded(path: &Path, excludes: &GlobSet) -> bool {
    if excludes.is_empty() {
        return false;
    }
    excludes.is_match(path)
        || path
            .components()
            .any(|component| excludes.is_match(component.as_os_str()))
}

pub use crate::model::index::has_python_extension;

/// Whether an extensionless file starts with a Python shebang.
fn has_python_shebang(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 128];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(read) = file.read(&mut head) else {
        return false;
    };
    let first_line = head[..read]
        .split(|&b| b == b'\n')
        .next()
        .unwrap_or_default();
    first_line.starts_with(b"#!") && String::from_utf8_lossy(first_line).contains("python")
}

/// Every Python file under `paths`, sorted and without duplicates.
pub fn discover(paths: &[PathBuf], excludes: &GlobSet) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                found.errors.push((path.clone(), describe_io_error(&error)));
                continue;
            }
        };
        if metadata.is_file() {
            if has_python_extension(path)
                || (path.extension().is_none() && has_python_shebang(path))
            {
                found.files.push(path.clone());
            }
            continue;
        }
        walk_folder(path, excludes, &mut found);
    }
    found.files.sort();
    found.files.dedup();
    found
}

fn walk_folder(root: &Path, excludes: &GlobSet, found: &mut Discovered) {
    let excludes_for_filter = excludes.clone();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        .require_git(false)
        .filter_entry(move |entry| !is_excluded(entry.path(), &excludes_for_filter))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && has_python_extension(entry.path()) {
                    found.files.push(strip_dot_prefix(entry.path()));
                }
            }
            Err(error) => {
                let (path, message) = describe_walk_error(&error);
                found.errors.push((
                    strip_dot_prefix(&path.unwrap_or_else(|| root.to_path_buf())),
                    message,
                ));
            }
        }
    }
}

/// `./a/b.py` → `a/b.py`, so paths read the same however the folder was named.
fn strip_dot_prefix(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn describe_walk_error(error: &ignore::Error) -> (Option<PathBuf>, String) {
    match error {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), describe_walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (
            Some(child.clone()),
            "symbolic link loop; not followed".to_owned(),
        ),
        ignore::Error::Io(io) => (None, describe_io_error(io)),
        other => (None, other.to_string()),
    }
}

/// A short, lower-case description of an I/O error.
pub fn describe_io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = error.to_string();
            // Drop the " (os error N)" suffix.
            text.split(" (os error").next().unwrap_or(&text).to_owned()
        }
    }
}

/// The first answer `find` gives for the folder of `start` (itself, when a
/// folder) or one of its ancestors, nearest first.
pub fn nearest<T>(start: &Path, find: impl FnMut(&Path) -> Option<T>) -> Option<T> {
    let start = std::fs::canonicalize(start).ok()?;
    let first = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    first.into_iter().flat_map(Path::ancestors).find_map(find)
}
