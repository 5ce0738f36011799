//! The bundled legacy app, end to end: `remedy fix` over a copy, then the
//! app's demo run before and after. Results are the same except where the
//! weakness was: an apostrophe now works and the injection matches nothing.

use std::path::Path;
use std::process::Command;

fn demo(folder: &Path) -> serde_json::Value {
    let output = Command::new("python3")
        .arg(folder.join("run_demo.py"))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json_start = stdout.find('{').unwrap();
    serde_json::from_str(&stdout[json_start..]).unwrap()
}

#[test]
fn fixing_the_legacy_app_keeps_it_working_and_closes_the_injection() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/legacy_app");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&example).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let fix = Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(["fix", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        fix.status.code(),
        Some(1),
        "report-only findings remain: {}",
        String::from_utf8_lossy(&fix.stderr)
    );
    // The app's DAO functions take `conn` as a parameter: the driver is only
    // the module's one import, a guess, so those SQL fixes are unsafe; a
    // reviewer accepts them here.
    let unsafe_sql = Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(["fix", "--unsafe-fixes", "--select", "sql-parameterize", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_ne!(
        unsafe_sql.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&unsafe_sql.stderr)
    );
    let again = Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(["diff", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.stdout, b"", "a second run changes nothing");

    let before = demo(&example);
    let after = demo(dir.path());
    assert_eq!(before["apple"], after["apple"]);
    assert_eq!(before["admins"], after["admins"]);
    assert_eq!(
        before["injection"], before["apple"],
        "the original is injectable"
    );
    assert_eq!(
        after["injection"],
        serde_json::Value::Null,
        "the payload is data now"
    );
    assert_eq!(after["exported"], 4, "O'Brien's jam can be stored now");
    assert!(
        after["export"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row == "O'Brien's jam,3.2,4")
    );
}
