//! The dotted name a file is imported under.

use std::path::{Path, PathBuf};

/// `pkg/sub/mod.py` → (`pkg.sub.mod`, false) when `pkg/` and `pkg/sub/` hold
/// an `__init__.py`; `pkg/__init__.py` → (`pkg`, true); a lone `tool.py` → (`tool`, false).
pub fn module_name(path: &Path) -> Option<(String, bool)> {
    let stem = path.file_stem()?.to_str()?;
    let is_package = stem == "__init__";
    let mut parts: Vec<String> = if is_package {
        Vec::new()
    } else {
        vec![stem.to_owned()]
    };
    let mut dir = absolute_parent(path);
    while let Some(current) = dir {
        if !current.join("__init__.py").is_file() {
            break;
        }
        parts.push(current.file_name()?.to_str()?.to_owned());
        dir = current.parent().map(Path::to_path_buf);
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some((parts.join("."), is_package))
}

fn absolute_parent(path: &Path) -> Option<PathBuf> {
    let parent = path.parent()?;
    if parent.as_os_str().is_empty() {
        return std::env::current_dir().ok();
    }
    std::path::absolute(parent).ok()
}

/// The top folder of the package `path` sits in (the highest folder of an
/// unbroken chain of `__init__.py` folders), if it sits in one.
pub fn package_root(path: &Path) -> Option<PathBuf> {
    let mut dir = absolute_parent(path)?;
    if !dir.join("__init__.py").is_file() {
        return None;
    }
    while let Some(parent) = dir.parent() {
        if !parent.join("__init__.py").is_file() {
            break;
        }
        dir = parent.to_path_buf();
    }
    Some(dir)
}

/// Whether a file is Python by its name (`.py`, `.pyi`, `.pyw`).
pub fn has_python_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "py" || ext == "pyi" || ext == "pyw")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_modules_by_their_packages() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("app").join("db");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.path().join("app/__init__.py"), "").unwrap();
        std::fs::write(sub.join("__init__.py"), "").unwrap();
        assert_eq!(
            module_name(&sub.join("queries.py")),
            Some(("app.db.queries".to_owned(), false))
        );
        assert_eq!(
            module_name(&sub.join("__init__.py")),
            Some(("app.db".to_owned(), true))
        );
        assert_eq!(
            module_name(&dir.path().join("script.py")),
            Some(("script".to_owned(), false))
        );
        assert_eq!(
            package_root(&sub.join("queries.py")),
            Some(dir.path().join("app"))
        );
        assert_eq!(package_root(&dir.path().join("script.py")), None);
    }
}
