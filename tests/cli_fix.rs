//! The command line fixing real files: dry runs write nothing, fixes are
//! atomic and idempotent, diffs apply with `git apply`, output does not
//! depend on thread count, and the batch features (suppressions, baselines,
//! shards, stdin, interactive review) behave.

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A hand-closed file: `resource-with` fixes it safely.
const LEAKY: &str =
    "def load(path):\n    f = open(path)\n    data = f.read()\n    f.close()\n    return data\n";
const FIXED: &str =
    "def load(path):\n    with open(path) as f:\n        data = f.read()\n    return data\n";

fn remedy(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("remedy runs")
}

fn remedy_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("remedy runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn tree(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..files {
        write(dir.path(), &format!("pkg/m{n:02}.py"), LEAKY);
    }
    write(dir.path(), "pkg/clean.py", "import os\n");
    dir
}

#[test]
fn diff_writes_nothing_fix_writes_and_a_second_fix_is_a_no_op() {
    let dir = tree(3);
    let diff = remedy(dir.path(), &["diff", "--select", "resource-with"]);
    assert_eq!(diff.status.code(), Some(1), "{}", text(&diff.stderr));
    assert!(
        text(&diff.stdout).contains("--- a/pkg/m00.py\n+++ b/pkg/m00.py\n"),
        "{}",
        text(&diff.stdout)
    );
    assert_eq!(read(dir.path(), "pkg/m00.py"), LEAKY, "diff must not write");

    let fix = remedy(dir.path(), &["fix", "--select", "resource-with"]);
    assert_eq!(fix.status.code(), Some(0), "{}", text(&fix.stderr));
    assert!(
        text(&fix.stderr).contains("3 fixes applied in 3 files"),
        "{}",
        text(&fix.stderr)
    );
    for n in 0..3 {
        assert_eq!(read(dir.path(), &format!("pkg/m{n:02}.py")), FIXED);
    }
    let again = remedy(dir.path(), &["fix", "--select", "resource-with"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again.stderr).contains("0 fixes applied"),
        "{}",
        text(&again.stderr)
    );
    let diff = remedy(dir.path(), &["diff", "--select", "resource-with"]);
    assert_eq!(
        (diff.status.code(), text(&diff.stdout)),
        (Some(0), String::new())
    );
}

#[test]
fn the_diff_applies_with_git_apply_and_equals_what_fix_writes() {
    let dir = tree(2);
    write(dir.path(), "crlf.py", &LEAKY.replace('\n', "\r\n"));
    write(dir.path(), "nonl.py", LEAKY.trim_end());
    // A Latin-1 file's diff must carry its own bytes, not UTF-8, to apply.
    let mut latin1 = b"# -*- coding: latin-1 -*-\nGREETING = 'caf\xe9'\n".to_vec();
    latin1.extend_from_slice(LEAKY.as_bytes());
    std::fs::write(dir.path().join("latin1.py"), &latin1).unwrap();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(LEAKY.as_bytes());
    std::fs::write(dir.path().join("bom.py"), &bom).unwrap();
    let diff = remedy(dir.path(), &["diff", "--select", "resource-with", "."]);
    let copy = tempfile::tempdir().unwrap();
    for name in [
        "pkg/m00.py",
        "pkg/m01.py",
        "pkg/clean.py",
        "crlf.py",
        "nonl.py",
    ] {
        write(copy.path(), name, &read(dir.path(), name));
    }
    std::fs::write(copy.path().join("latin1.py"), &latin1).unwrap();
    std::fs::write(copy.path().join("bom.py"), &bom).unwrap();
    std::fs::write(copy.path().join("fix.patch"), &diff.stdout).unwrap();
    let apply = Command::new("git")
        .args(["apply", "fix.patch"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(
        apply.status.success(),
        "{}\n{}",
        text(&apply.stderr),
        text(&diff.stdout)
    );
    remedy(dir.path(), &["fix", "--select", "resource-with", "."]);
    for name in [
        "pkg/m00.py",
        "pkg/m01.py",
        "crlf.py",
        "nonl.py",
        "latin1.py",
        "bom.py",
    ] {
        let applied = std::fs::read(copy.path().join(name)).unwrap();
        let fixed = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(applied, fixed, "{name}");
    }
    let fixed_latin1 = std::fs::read(dir.path().join("latin1.py")).unwrap();
    assert!(fixed_latin1.starts_with(b"# -*- coding: latin-1 -*-\nGREETING = 'caf\xe9'\n"));
    assert_ne!(fixed_latin1, latin1, "the Latin-1 file was fixed");
    assert_eq!(read(dir.path(), "crlf.py"), FIXED.replace('\n', "\r\n"));
    assert_eq!(read(dir.path(), "nonl.py"), FIXED.trim_end());
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let dir = tree(24);
    let one = remedy(dir.path(), &["diff", "-j", "1"]);
    let two = remedy(dir.path(), &["diff", "-j", "2"]);
    let eight = remedy(dir.path(), &["diff", "-j", "8"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, eight.stdout);
    let one = remedy(dir.path(), &["check", "--output-format", "json", "-j", "1"]);
    let two = remedy(dir.path(), &["check", "--output-format", "json", "-j", "2"]);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn a_read_only_file_is_not_touched_and_the_others_are_fixed() {
    let dir = tree(2);
    let locked = dir.path().join("pkg/m00.py");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(
        dir.path().join("pkg/m01.py"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let fix = remedy(dir.path(), &["fix", "--select", "resource-with"]);
    assert_eq!(fix.status.code(), Some(2));
    assert!(
        text(&fix.stderr).contains("pkg/m00.py: error: file is read-only; not modified"),
        "{}",
        text(&fix.stderr)
    );
    assert_eq!(read(dir.path(), "pkg/m00.py"), LEAKY);
    assert_eq!(read(dir.path(), "pkg/m01.py"), FIXED);
    let mode = std::fs::metadata(dir.path().join("pkg/m01.py"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640, "permissions are kept");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("pkg"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".remedy-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn fix_writes_through_a_symlink_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "real/code.py", LEAKY);
    std::os::unix::fs::symlink("real/code.py", dir.path().join("link.py")).unwrap();
    let fix = remedy(dir.path(), &["fix", "--select", "resource-with", "link.py"]);
    assert_eq!(fix.status.code(), Some(0), "{}", text(&fix.stderr));
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.py"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(dir.path(), "real/code.py"), FIXED);
}

#[test]
fn stdin_mode_prints_the_fixed_source_or_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let fix = remedy_with_stdin(
        dir.path(),
        &[
            "fix",
            "--select",
            "resource-with",
            "--stdin-filename",
            "app/io.py",
        ],
        LEAKY.as_bytes(),
    );
    assert_eq!(text(&fix.stdout), FIXED);
    assert_eq!(fix.status.code(), Some(0), "{}", text(&fix.stderr));
    let diff = remedy_with_stdin(
        dir.path(),
        &[
            "diff",
            "--select",
            "resource-with",
            "--stdin-filename",
            "app/io.py",
        ],
        LEAKY.as_bytes(),
    );
    assert!(text(&diff.stdout).starts_with("--- a/app/io.py\n+++ b/app/io.py\n"));
    assert_eq!(diff.status.code(), Some(1));
    let bad = remedy_with_stdin(
        dir.path(),
        &["fix", "--stdin-filename", "bad.py"],
        b"def (:\n",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        text(&bad.stdout),
        "def (:\n",
        "an editor gets its text back unchanged"
    );
}

#[test]
fn check_reports_findings_as_json_with_the_documented_fields() {
    let dir = tree(1);
    let check = remedy(
        dir.path(),
        &[
            "check",
            "--select",
            "resource-with",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(check.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let first = &findings[0];
    for field in [
        "rule",
        "cwe",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fix",
    ] {
        assert!(first.get(field).is_some(), "missing `{field}` in {first}");
    }
    assert_eq!(first["rule"], "resource-with");
    assert_eq!(first["path"], "pkg/m00.py");
    assert_eq!(first["fix"]["applicability"], "safe");
}

#[test]
fn suppression_comments_silence_findings_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let silenced = LEAKY.replace(
        "f = open(path)",
        "f = open(path)  # remedy: ignore[resource-with]",
    );
    write(dir.path(), "a.py", &silenced);
    write(
        dir.path(),
        "b.py",
        &LEAKY.replace("f = open(path)", "f = open(path)  # noqa: SIM115"),
    );
    write(dir.path(), "c.py", "x = 1  # remedy: ignore\n");
    let check = remedy(dir.path(), &["check", "--select", "resource-with"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    remedy(dir.path(), &["fix", "--select", "resource-with"]);
    assert_eq!(read(dir.path(), "a.py"), silenced);
    let unused = remedy(
        dir.path(),
        &[
            "check",
            "--select",
            "resource-with",
            "--report-unused-suppressions",
        ],
    );
    assert_eq!(unused.status.code(), Some(1));
    assert!(
        text(&unused.stdout).contains("c.py:1:8: unused-suppression"),
        "{}",
        text(&unused.stdout)
    );
    assert!(
        !text(&unused.stdout).contains("a.py"),
        "{}",
        text(&unused.stdout)
    );
}

#[test]
fn a_nosec_on_the_first_line_of_a_statement_covers_all_its_lines() {
    // monasca-agent's forwarder: Bandit reads the comment on the call's first
    // line as covering the keyword two lines down; remedy does too.
    let dir = tempfile::tempdir().unwrap();
    let code = "import tornado.web\n\n\ndef make_app(handlers):\n    return tornado.web.Application(  # nosec B106\n        handlers,\n        cookie_secret=\"9f8e7d6c5b4a3f2e1d0c\",\n    )\n\n\ndef other_app(handlers):\n    return tornado.web.Application(\n        handlers,\n        cookie_secret=\"9f8e7d6c5b4a3f2e1d0c\",  # nosec B106\n    )\n\n\ndef unsilenced(handlers):\n    return tornado.web.Application(\n        handlers,\n        cookie_secret=\"9f8e7d6c5b4a3f2e1d0c\",\n    )\n";
    write(dir.path(), "app.py", code);
    let check = remedy(
        dir.path(),
        &["check", "--select", "hardcoded-credentials", "app.py"],
    );
    let out = text(&check.stdout);
    assert_eq!(
        out.lines().filter(|line| line.contains("app.py:")).count(),
        1,
        "{out}"
    );
    assert!(out.contains("app.py:21:"), "{out}");
}

#[test]
fn baseline_reports_only_new_findings_even_after_lines_shift() {
    let dir = tree(2);
    let write = remedy(dir.path(), &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(write.status.code(), Some(1));
    let known = remedy(dir.path(), &["check", "--baseline", "baseline.json"]);
    assert_eq!(known.status.code(), Some(0), "{}", text(&known.stdout));
    write_file_with_shift(dir.path());
    let after = remedy(
        dir.path(),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--select",
            "resource-with",
        ],
    );
    assert_eq!(after.status.code(), Some(1));
    let out = text(&after.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("pkg/m00.py:12:9: resource-with"), "{out}");
}

/// Shifts m00's existing finding down by four lines and adds a new one below it.
fn write_file_with_shift(dir: &Path) {
    let shifted = format!(
        "import os\n\n\n\n{LEAKY}\n{}",
        LEAKY.replace("def load", "def load_again")
    );
    write(dir, "pkg/m00.py", &shifted);
}

#[test]
fn shards_partition_the_tree() {
    let dir = tree(30);
    let all = text(&remedy(dir.path(), &["check", "--select", "resource-with"]).stdout);
    let mut union: Vec<String> = Vec::new();
    for k in 1..=3 {
        let shard = remedy(
            dir.path(),
            &[
                "check",
                "--select",
                "resource-with",
                "--shard",
                &format!("{k}/3"),
            ],
        );
        let lines: Vec<String> = text(&shard.stdout).lines().map(str::to_owned).collect();
        assert!(!lines.is_empty(), "shard {k} of 30 files is empty");
        union.extend(lines);
    }
    union.sort();
    let mut expected: Vec<String> = all.lines().map(str::to_owned).collect();
    expected.sort();
    assert_eq!(union, expected);
    assert_eq!(
        remedy(dir.path(), &["check", "--shard", "4/3"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn files_from_and_per_file_ignores() {
    let dir = tree(3);
    write(dir.path(), "list.txt", "pkg/m01.py\n\npkg/clean.py\n");
    let listed = remedy(dir.path(), &["check", "--files-from", "list.txt"]);
    assert!(
        text(&listed.stderr).contains("2 files checked"),
        "{}",
        text(&listed.stderr)
    );
    let out = text(&listed.stdout);
    assert!(
        out.contains("pkg/m01.py") && !out.contains("pkg/m00.py"),
        "{out}"
    );

    write(
        dir.path(),
        "pyproject.toml",
        "[tool.remedy]\n[tool.remedy.per-file-ignores]\n\"pkg/m0[01].py\" = [\"resource-with\"]\n",
    );
    let ignored = text(&remedy(dir.path(), &["check"]).stdout);
    assert!(
        !ignored.contains("m00.py") && !ignored.contains("m01.py") && ignored.contains("m02.py"),
        "{ignored}"
    );
    let isolated = text(&remedy(dir.path(), &["check", "--isolated"]).stdout);
    assert!(isolated.contains("m00.py"), "{isolated}");
}

#[test]
fn interactive_review_applies_only_accepted_fixes() {
    let dir = tree(3);
    let review = remedy_with_stdin(
        dir.path(),
        &["fix", "--interactive", "--select", "resource-with"],
        b"n\ny\nq\n",
    );
    let out = text(&review.stdout);
    assert!(
        out.contains("Apply this fix? [y]es / [n]o / [a]ll / [q]uit"),
        "{out}"
    );
    assert!(out.contains("+    with open(path) as f:"), "{out}");
    assert_eq!(read(dir.path(), "pkg/m00.py"), LEAKY, "answered no");
    assert_eq!(read(dir.path(), "pkg/m01.py"), FIXED, "answered yes");
    assert_eq!(read(dir.path(), "pkg/m02.py"), LEAKY, "quit before");
    let all = remedy_with_stdin(
        dir.path(),
        &["fix", "-i", "--select", "resource-with"],
        b"a\n",
    );
    assert_eq!(all.status.code(), Some(0), "{}", text(&all.stderr));
    assert_eq!(read(dir.path(), "pkg/m00.py"), FIXED);
    assert_eq!(read(dir.path(), "pkg/m02.py"), FIXED);
}

/// A tiny tmpfs, mounted for the test (needs root; skipped elsewhere).
struct TinyDisk(std::path::PathBuf);

impl TinyDisk {
    fn mount(size: &str) -> Option<Self> {
        let dir = std::env::temp_dir().join(format!("remedy-tiny-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .ok()?;
        ok.success().then_some(Self(dir))
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn a_full_disk_is_an_error_and_the_original_is_intact() {
    let Some(disk) = TinyDisk::mount("64k") else {
        eprintln!("skipped: cannot mount a tmpfs here (not root)");
        return;
    };
    let big: String = (0..60)
        .map(|n| LEAKY.replace("def load", &format!("def load_{n}")))
        .collect::<Vec<_>>()
        .join("\n\n");
    std::fs::write(disk.0.join("big.py"), &big).unwrap();
    // Fill what is left of the disk.
    let mut filler = std::fs::File::create(disk.0.join("filler")).unwrap();
    while filler.write_all(&[b'x'; 1024]).is_ok() {}
    let _ = filler.sync_all();
    let fix = remedy(&disk.0, &["fix", "--select", "resource-with", "big.py"]);
    assert_eq!(fix.status.code(), Some(2), "{}", text(&fix.stderr));
    assert!(
        text(&fix.stderr).contains("big.py: error: cannot write: No space left on device"),
        "{}",
        text(&fix.stderr)
    );
    assert_eq!(std::fs::read_to_string(disk.0.join("big.py")).unwrap(), big);
    let names: Vec<String> = std::fs::read_dir(&disk.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "temporary file left behind: {names:?}");
}

#[test]
fn configuration_can_ask_for_rollback_and_name_the_logger() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "remedy.toml",
        "select = [\"db-error-handling\"]\n[db-error-handling]\nrollback = true\nlogger = \"LOG\"\nscope = \"unhandled\"\n",
    );
    write(
        dir.path(),
        "jobs.py",
        "import sqlite3\n\n\ndef purge(conn):\n    conn.execute(\"DELETE FROM t\")\n    conn.commit()\n",
    );
    let safe = remedy(dir.path(), &["diff"]);
    assert_eq!(text(&safe.stdout), "", "the rollback variant is unsafe");
    let diff = text(&remedy(dir.path(), &["diff", "--unsafe-fixes"]).stdout);
    assert!(
        diff.contains(
            "+    except sqlite3.Error:\n+        LOG.exception(\"Database execute/commit failed in purge()\")\n+        try:\n+            conn.rollback()\n+        except sqlite3.Error:\n+            LOG.exception(\"Rollback of conn failed\")\n+        raise\n"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("+LOG = logging.getLogger(__name__)"),
        "{diff}"
    );
}

#[test]
fn a_crash_on_one_file_is_that_file_s_error_and_the_others_are_fixed() {
    let dir = tree(2);
    let before = read(dir.path(), "pkg/m01.py");
    let output = Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(["fix", "--select", "resource-with", "."])
        .env("REMEDY_TEST_PANIC_ON", "m01.py")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pkg/m01.py: error: internal error: remedy crashed on this file"),
        "{err}"
    );
    assert_eq!(
        read(dir.path(), "pkg/m01.py"),
        before,
        "the crashed file is untouched"
    );
    assert_eq!(
        read(dir.path(), "pkg/m00.py"),
        FIXED,
        "the other file is fixed"
    );
}
