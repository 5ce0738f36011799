//! Inputs that once broke the whole pipeline (found by fuzzing, the corpus
//! run or a review of a real project), fixed with every rule and unsafe fixes on: the result must parse,
//! compile with CPython, and be stable under a second run.

use std::path::Path;
use std::process::Command;

use remedy::model::settings::{DbErrorScope, Settings};
use remedy::parse::source::SourceFile;

#[test]
fn regressions_fix_cleanly_with_every_rule() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    // Under the scope the inputs were captured with: db-error-handling's
    // wrap fix runs on units whose errors reach their callers too.
    let settings = Settings {
        unsafe_fixes: true,
        db_error_scope: DbErrorScope::Unhandled,
        ..Settings::default()
    };
    for file in files {
        let source = SourceFile::decode(&std::fs::read(&file).unwrap()).unwrap();
        let outcome = remedy::fix_source(&file, &source, &settings)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            outcome.changed(),
            "{}: the regression input should still be fixed",
            file.display()
        );
        let again = remedy::fix_source(&file, &outcome.fixed, &settings).unwrap();
        assert!(
            again.applied.is_empty(),
            "{}: second run applied {:?}",
            file.display(),
            again.applied
        );
        let dir = tempfile::tempdir().unwrap();
        let fixed = dir.path().join("fixed.py");
        std::fs::write(&fixed, outcome.fixed.encode()).unwrap();
        let compiled = Command::new("python3")
            .args(["-m", "py_compile"])
            .arg(&fixed)
            .output()
            .unwrap();
        assert!(
            compiled.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&compiled.stderr)
        );
    }
}
