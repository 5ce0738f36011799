//! The dotted name a file is imported under.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// This module's dotted name (`app.db.queries` for `app/db/queries.py` when
/// `app/` and `app/db/` hold an `__init__.py`) and whether it is a package.
pub fn module_name(path: &Path) -> Option<(String, bool)> {
    PackageFolders::default().module_name(path)
}

/// The dotted names of package folders, remembered over one pass through a
/// tree (the index pass asks for every file's folder, and their parents).
#[derive(Default)]
pub struct PackageFolders(Mutex<FxHashMap<PathBuf, Option<String>>>);

impl PackageFolders {
    /// [`module_name`], with the folders' names remembered.
    pub fn module_name(&self, path: &Path) -> Option<(String, bool)> {
        let stem = path.file_stem()?.to_str()?;
        let is_package = stem == "__init__";
        let package = self.dotted(&absolute_parent(path)?);
        match (package, is_package) {
            (Some(package), true) => Some((package, true)),
            (Some(package), false) => Some((format!("{package}.{stem}"), false)),
            (None, true) => None,
            (None, false) => Some((stem.to_owned(), false)),
        }
    }

    /// The dotted name of `dir` when it is a package folder (it holds an
    /// `__init__.py`), through its chain of package parents.
    fn dotted(&self, dir: &Path) -> Option<String> {
        if let Some(known) = self.0.lock().expect("not poisoned").get(dir) {
            return known.clone();
        }
        let name = if dir.join("__init__.py").is_file() {
            let own = dir.file_name().and_then(|name| name.to_str());
            own.map(
                |own| match dir.parent().and_then(|parent| self.dotted(parent)) {
                    Some(parent) => format!("{parent}.{own}"),
                    None => own.to_owned(),
                },
            )
        } else {
            None
        };
        self.0
            .lock()
            .expect("not poisoned")
            .insert(dir.to_path_buf(), name.clone());
        name
    }
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
