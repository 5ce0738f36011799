//! The fixture harness: every `transforms/<rule>/cases/*.py` is checked and
//! fixed with its rule alone; the findings and diffs are snapshotted, and for
//! every case the harness asserts that
//! - the fixed source parses (ours and CPython's `compile`),
//! - fixing the fixed source changes nothing,
//! - the diff applies with `git apply` and yields exactly the fixed source,
//! - no finding falls inside a `# ok` section.
//!
//! A case file may split itself into sections with lines that are exactly
//! `# error` or `# ok`. A line `# scope: unhandled` (or `every-unit`) runs
//! a db-error-handling case under that `scope` instead of the default.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use remedy::fix_source;
use remedy::linter::diagnostic::Diagnostic;
use remedy::linter::diff;
use remedy::model::rule::Rule;
use remedy::model::settings::{DbErrorScope, Settings};
use remedy::parse::source::SourceFile;

fn cases(rule: Rule) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transforms")
        .join(rule.id())
        .join("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "py"));
    files.sort();
    files
}

/// 1-based line ranges of the `# ok` sections.
fn ok_sections(text: &str) -> Vec<(usize, usize)> {
    let mut sections = Vec::new();
    let mut open: Option<usize> = None;
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if line == "# ok" || line == "# error" {
            if let Some(start) = open.take() {
                sections.push((start, index));
            }
            if line == "# ok" {
                open = Some(index + 1);
            }
        }
    }
    if let Some(start) = open {
        sections.push((start, lines.len()));
    }
    sections
}

fn render_findings(out: &mut String, source: &SourceFile, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        out.push_str("(none)\n");
    }
    for diagnostic in diagnostics {
        let (line, column) = source.line_column(diagnostic.range.start());
        let _ = writeln!(
            out,
            "{line}:{column} {} {}",
            diagnostic.rule, diagnostic.message
        );
        if let Some(fix) = &diagnostic.fix {
            let _ = writeln!(
                out,
                "    fix ({}): {}",
                fix.applicability.as_str(),
                fix.title
            );
        }
    }
}

fn python_compiles(text: &[u8], dir: &Path) -> Result<(), String> {
    let file = dir.join("compiled.py");
    std::fs::write(&file, text).unwrap();
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys; compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')",
        ])
        .arg(&file)
        .output()
        .expect("python3 runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn git_apply_yields(original: &[u8], patch: &str, expected: &[u8], dir: &Path) {
    let name = "case.py";
    std::fs::write(dir.join(name), original).unwrap();
    let patch = patch
        .replacen(&format!("--- a/{}", "CASE"), &format!("--- a/{name}"), 1)
        .replacen(&format!("+++ b/{}", "CASE"), &format!("+++ b/{name}"), 1);
    std::fs::write(dir.join("fix.patch"), patch.as_bytes()).unwrap();
    let output = Command::new("git")
        .args(["apply", "fix.patch"])
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git apply failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read(dir.join(name)).unwrap(),
        expected,
        "git apply result differs from the fixed file"
    );
}

/// Fixes `source` and checks every invariant; returns the diff.
fn fix_and_verify(
    case: &str,
    bytes: &[u8],
    source: &SourceFile,
    settings: &Settings,
    dir: &Path,
) -> (String, usize) {
    let path = Path::new("case.py");
    let outcome = fix_source(path, source, settings).unwrap_or_else(|e| panic!("{case}: {e}"));
    let fixed_bytes = outcome.fixed.encode();
    assert!(
        remedy::parse::is_valid_module(outcome.fixed.text()),
        "{case}: fixed source does not parse"
    );
    if let Err(error) = python_compiles(&fixed_bytes, dir) {
        panic!(
            "{case}: CPython rejects the fixed source:\n{error}\n{}",
            outcome.fixed.text()
        );
    }
    let again = fix_source(path, &outcome.fixed, settings).unwrap();
    assert!(
        again.applied.is_empty(),
        "{case}: a second fix run changed the file again ({:?})",
        again.applied
    );
    let patch = String::from_utf8(diff::unified_diff("CASE", bytes, &fixed_bytes))
        .expect("the fixture cases are UTF-8");
    if !patch.is_empty() {
        git_apply_yields(bytes, &patch, &fixed_bytes, dir);
    }
    (
        patch
            .replace("a/CASE", "a/case.py")
            .replace("b/CASE", "b/case.py"),
        outcome.applied.len(),
    )
}

fn run_rule(rule: Rule) {
    let files = cases(rule);
    assert!(!files.is_empty(), "no cases for {rule}");
    for file in files {
        let case = file.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&file).unwrap();
        let source = SourceFile::decode(&bytes).unwrap_or_else(|e| panic!("{case}: {e}"));
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::with_rules(&[rule]);
        if let Some(scope) = source
            .text()
            .lines()
            .find_map(|line| line.strip_prefix("# scope: "))
        {
            settings.db_error_scope = DbErrorScope::parse(scope.trim())
                .unwrap_or_else(|| panic!("{case}: unknown scope `{scope}`"));
        }

        let diagnostics = remedy::check_source(Path::new("case.py"), &source, &settings)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        for (start, end) in ok_sections(source.text()) {
            for diagnostic in &diagnostics {
                let (line, _) = source.line_column(diagnostic.range.start());
                assert!(
                    line <= start || line > end,
                    "{case}: finding on line {line} inside the `# ok` section {start}-{end}: {}",
                    diagnostic.message
                );
            }
        }

        let mut out = String::new();
        out.push_str("## findings\n");
        render_findings(&mut out, &source, &diagnostics);
        let (safe_diff, _) = fix_and_verify(&case, &bytes, &source, &settings, dir.path());
        out.push_str("\n## fix\n");
        out.push_str(if safe_diff.is_empty() {
            "(no change)\n"
        } else {
            &safe_diff
        });
        let has_unsafe = diagnostics.iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| {
                f.applicability == remedy::linter::diagnostic::Applicability::Unsafe
            })
        });
        if has_unsafe {
            settings.unsafe_fixes = true;
            let (unsafe_diff, _) = fix_and_verify(&case, &bytes, &source, &settings, dir.path());
            out.push_str("\n## fix --unsafe-fixes\n");
            out.push_str(if unsafe_diff.is_empty() {
                "(no change)\n"
            } else {
                &unsafe_diff
            });
        }

        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            input_file => &file,
        }, {
            insta::assert_snapshot!(format!("{}__{case}", rule.id()), out);
        });
    }
}

#[test]
fn sql_parameterize() {
    run_rule(Rule::SqlParameterize);
}

#[test]
fn db_error_handling() {
    run_rule(Rule::DbErrorHandling);
}

#[test]
fn resource_with() {
    run_rule(Rule::ResourceWith);
}

#[test]
fn hardcoded_credentials() {
    run_rule(Rule::HardcodedCredentials);
}

#[test]
fn unvalidated_input() {
    run_rule(Rule::UnvalidatedInput);
}

#[test]
fn sensitive_exposure() {
    run_rule(Rule::SensitiveExposure);
}

#[test]
fn ok_sections_are_found() {
    assert_eq!(ok_sections("a\n# ok\nb\nc\n# error\nd\n"), vec![(2, 4)]);
}
