//! The oldest Python a project says it runs on, for `target-version` when
//! neither the command line nor the config sets it (as Ruff reads
//! `requires-python`): a fix that needs a newer Python (a socket in `with`,
//! an f-string) must not be written into code that still runs on Python 2.
//!
//! Read from the nearest folder, at or above the start, holding one of
//! `pyproject.toml` (`[project] requires-python`, `classifiers`), `setup.cfg`
//! (`python_requires`, `classifiers`), `setup.py` (`python_requires=`,
//! classifier strings) or an sdist's `PKG-INFO` (`Requires-Python:`,
//! `Classifier:`). `requires-python` wins over classifiers; without it the
//! oldest `Programming Language :: Python :: X.Y` classifier counts
//! (`:: 2` alone counts as 2.7).

use std::path::Path;

use crate::model::settings::PythonVersion;

/// The files that declare a project's Python, in the order they are read.
const DECLARING_FILES: [&str; 4] = ["pyproject.toml", "setup.cfg", "setup.py", "PKG-INFO"];

/// The oldest Python the project around `start` declares, if any.
pub fn declared_python(start: &Path) -> Option<PythonVersion> {
    crate::batch::walk::nearest(start, |folder| {
        let texts: Vec<String> = DECLARING_FILES
            .iter()
            .filter_map(|name| std::fs::read_to_string(folder.join(name)).ok())
            .collect();
        (!texts.is_empty()).then(|| oldest_declared(&texts))
    })
    .flatten()
}

/// The oldest Python these files declare: the lower bound of the first
/// `requires-python` found, else the oldest classifier version.
fn oldest_declared(texts: &[String]) -> Option<PythonVersion> {
    texts
        .iter()
        .find_map(|text| requires_python(text))
        .and_then(|spec| lower_bound(&spec))
        .or_else(|| {
            texts
                .iter()
                .filter_map(|text| oldest_classifier(text))
                .min()
        })
}

/// The version specifier of `requires-python = ">=2.7"`,
/// `python_requires=">=3.6"`, `python_requires = >=3.6` or
/// `Requires-Python: >=2.7`.
fn requires_python(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim();
        let rest = ["requires-python", "python_requires", "Requires-Python"]
            .iter()
            .find_map(|key| line.strip_prefix(key))?;
        let value = rest.trim_start().strip_prefix(['=', ':'])?.trim();
        let value = value.trim_end_matches(',').trim();
        let unquoted = value
            .strip_prefix(['"', '\''])
            .and_then(|v| v.strip_suffix(['"', '\'']))
            .unwrap_or(value);
        (!unquoted.is_empty()).then(|| unquoted.to_owned())
    })
}

/// The lowest version a PEP 440 specifier admits (`>=2.7, !=3.0.*` → 2.7;
/// `~=3.6` → 3.6; `>3.5` → 3.5), when it bounds it from below.
fn lower_bound(spec: &str) -> Option<PythonVersion> {
    spec.split(',')
        .filter_map(|clause| {
            let clause = clause.trim();
            let version = [">=", "~=", "==", ">"]
                .iter()
                .find_map(|op| clause.strip_prefix(op))?;
            major_minor(version.trim())
        })
        .max()
}

/// `2.7`, `3.6.1`, `3.*`, `3` → (major, minor).
fn major_minor(version: &str) -> Option<PythonVersion> {
    let mut parts = version.split('.');
    let major: u8 = parts.next()?.trim().parse().ok()?;
    let minor: u8 = match parts.next() {
        Some(minor) => minor.trim().parse().unwrap_or(0),
        None => 0,
    };
    Some(PythonVersion { major, minor })
}

/// The oldest `Programming Language :: Python :: X.Y` classifier.
fn oldest_classifier(text: &str) -> Option<PythonVersion> {
    const PREFIX: &str = "Programming Language :: Python :: ";
    text.match_indices(PREFIX)
        .filter_map(|(at, _)| {
            let rest = &text[at + PREFIX.len()..];
            let version: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            match version.split_once('.') {
                Some(_) => major_minor(&version),
                // `:: 2` (or `:: 2 :: Only`): Python 2, so 2.7 at the newest.
                None if version == "2" => Some(PythonVersion { major: 2, minor: 7 }),
                None => None,
            }
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(major: u8, minor: u8) -> Option<PythonVersion> {
        Some(PythonVersion { major, minor })
    }

    #[test]
    fn requires_python_gives_its_lower_bound() {
        let oldest = |text: &str| oldest_declared(&[text.to_owned()]);
        assert_eq!(
            oldest("[project]\nrequires-python = \">=2.7, !=3.0.*, !=3.1.*\"\n"),
            version(2, 7)
        );
        assert_eq!(
            oldest("setup(\n    python_requires='>=3.6',\n)\n"),
            version(3, 6)
        );
        assert_eq!(
            oldest("[options]\npython_requires = ~=3.5\n"),
            version(3, 5)
        );
        assert_eq!(oldest("Requires-Python: >=3.10\n"), version(3, 10));
        // An upper bound alone says nothing of the oldest.
        assert_eq!(oldest("requires-python = \"<4\"\n"), None);
    }

    #[test]
    fn classifiers_count_without_requires_python() {
        let pkg_info = "Classifier: Programming Language :: Python :: 2\n\
                        Classifier: Programming Language :: Python :: 2.7\n\
                        Classifier: Programming Language :: Python :: 3\n\
                        Classifier: Programming Language :: Python :: 3.6\n";
        assert_eq!(oldest_declared(&[pkg_info.to_owned()]), version(2, 7));
        let only_three = "'Programming Language :: Python :: 3',\n\
                          'Programming Language :: Python :: 3.9',\n\
                          'Programming Language :: Python :: 3.10',\n";
        assert_eq!(oldest_declared(&[only_three.to_owned()]), version(3, 9));
        assert_eq!(
            oldest_declared(&["'Programming Language :: Python :: 2 :: Only'".to_owned()]),
            version(2, 7)
        );
    }

    #[test]
    fn requires_python_wins_over_stale_classifiers() {
        let texts = [
            "requires-python = \">=3.8\"\n".to_owned(),
            "Classifier: Programming Language :: Python :: 2.7\n".to_owned(),
        ];
        assert_eq!(oldest_declared(&texts), version(3, 8));
    }
}
