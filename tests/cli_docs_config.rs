//! Every TOML example the documentation prints (README.md and each rule's
//! README, which `remedy explain` prints) is accepted in the file it says it
//! goes in: each block's first line is `# pyproject.toml` or `# remedy.toml`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn docs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut rules: Vec<PathBuf> = std::fs::read_dir(root.join("transforms"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("README.md"))
        .filter(|path| path.is_file())
        .collect();
    rules.sort();
    files.extend(rules);
    files
}

/// `(file, line, block)` of every ```toml block.
fn toml_blocks() -> Vec<(PathBuf, usize, String)> {
    let mut blocks = Vec::new();
    for path in docs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<(usize, String)> = None;
        for (index, line) in text.lines().enumerate() {
            match &mut current {
                None if line.trim() == "```toml" => current = Some((index + 2, String::new())),
                Some((start, body)) if line.trim() == "```" => {
                    blocks.push((path.clone(), *start, std::mem::take(body)));
                    current = None;
                }
                Some((_, body)) => {
                    body.push_str(line);
                    body.push('\n');
                }
                None => {}
            }
        }
        assert!(
            current.is_none(),
            "{}: unclosed ```toml block",
            path.display()
        );
    }
    blocks
}

fn remedy_check(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(["check", "."])
        .current_dir(dir)
        .output()
        .expect("remedy runs")
}

#[test]
fn every_toml_example_is_accepted_where_the_docs_say_it_goes() {
    let blocks = toml_blocks();
    assert!(
        blocks.len() >= 4,
        "found only {} TOML examples",
        blocks.len()
    );
    for (path, line, block) in blocks {
        let place = format!("{}:{line}", path.display());
        let target = block.lines().next().unwrap_or_default().trim();
        let file = match target {
            "# pyproject.toml" => "pyproject.toml",
            "# remedy.toml" => "remedy.toml",
            other => panic!(
                "{place}: a TOML example must start with `# pyproject.toml` or `# remedy.toml` to say where it goes, not `{other}`"
            ),
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), &block).unwrap();
        std::fs::write(dir.path().join("app.py"), "x = 1\n").unwrap();
        let output = remedy_check(dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{place}: the example is rejected in {file}:\n{block}\n{stderr}"
        );
        assert!(
            !stderr.contains("error:"),
            "{place}: {file}: {stderr}\n{block}"
        );
        // It is really read: a wrong value in the same file is an error.
        std::fs::write(
            dir.path().join(file),
            block.replacen("select = [\"", "select = [\"no-such-rule\", \"", 1),
        )
        .unwrap();
        if block.contains("select = [\"") {
            let output = remedy_check(dir.path());
            assert_eq!(
                output.status.code(),
                Some(2),
                "{place}: {file} was not read"
            );
        }
    }
}

#[test]
fn a_pyproject_table_in_remedy_toml_is_rejected_with_the_right_spelling() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("remedy.toml"),
        "[tool.remedy.sql-parameterize]\nsinks = [{ call = \"myapp.db.query\", paramstyle = \"format\" }]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("app.py"), "x = 1\n").unwrap();
    let output = remedy_check(dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("remedy.toml:1: error:")
            && stderr.contains("`[tool.remedy.sql-parameterize]` is `[sql-parameterize]` there"),
        "{stderr}"
    );
}

#[test]
fn a_pyproject_with_only_a_remedy_sub_table_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.remedy.sql-parameterize]\nsinks = [{ call = \".run_sql\", paramstyle = \"qmark\" }]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "def f(db, name):\n    db.run_sql(\"SELECT * FROM t WHERE name = '%s'\" % name)\n",
    )
    .unwrap();
    let output = remedy_check(dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("sql-parameterize"), "{stdout}");
}
