//! resource-with, run for real: the fixed module reads and writes the same
//! files with the same results, and the handles it opens are closed when
//! their `with` block ends (checked by tracing `close` calls with python3).

use std::path::Path;
use std::process::Command;

use remedy::registry::Rule;
use remedy::settings::Settings;
use remedy::source::SourceFile;

/// Runs the module as `__main__` with every file object's close recorded,
/// and reports the open file objects left when the script ends.
const TRACE: &str = r#"
import gc, io, runpy, sys
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
gc.disable()
left_open = [o for o in gc.get_objects() if isinstance(o, io.IOBase) and not o.closed and getattr(o, "name", None) not in (0, 1, 2, "<stdout>", "<stderr>", "<stdin>")]
print("LEFT_OPEN", len(left_open))
"#;

fn run(module: &Path, folder: &Path) -> (String, String) {
    let output = Command::new("python3")
        .args(["-X", "dev", "-W", "error::ResourceWarning", "-c", TRACE])
        .arg(module)
        .arg(folder)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn fixed_module_has_the_same_results_and_closes_its_files() {
    let original_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/behaviour/file_jobs.py");
    let original = std::fs::read_to_string(&original_path).unwrap();
    let settings = Settings::with_rules(&[Rule::ResourceWith]);
    let outcome = remedy::fix_source(
        Path::new("file_jobs.py"),
        &SourceFile::from_text(&original),
        &settings,
    )
    .unwrap();
    let fixed = outcome.fixed.text();
    assert!(!fixed.contains(".close()\n    return count"), "{fixed}");
    assert!(fixed.contains("with open(path) as f:"), "{fixed}");
    assert!(
        fixed.contains("with contextlib.closing(sqlite3.connect(db_path)) as conn:"),
        "{fixed}"
    );
    let dir = tempfile::tempdir().unwrap();
    let fixed_path = dir.path().join("file_jobs.py");
    std::fs::write(&fixed_path, fixed).unwrap();

    let before_dir = tempfile::tempdir().unwrap();
    let after_dir = tempfile::tempdir().unwrap();
    let (before, before_warnings) = run(&original_path, before_dir.path());
    let (after, after_warnings) = run(&fixed_path, after_dir.path());
    assert!(
        before_warnings.contains("ResourceWarning: unclosed file"),
        "the original leaks: {before_warnings}"
    );
    assert!(
        !after_warnings.contains("ResourceWarning"),
        "the fixed module leaks: {after_warnings}"
    );
    assert_eq!(before.lines().next(), after.lines().next(), "same results");
    assert!(after.contains("LEFT_OPEN 0"), "{after}");
    assert_eq!(
        std::fs::read(before_dir.path().join("report.csv")).unwrap(),
        std::fs::read(after_dir.path().join("report.csv")).unwrap()
    );
}
