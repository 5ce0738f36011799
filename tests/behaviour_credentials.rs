//! hardcoded-credentials, run for real: with the environment variables the
//! fix names set to the old values, the fixed module behaves the same. And no
//! output format ever prints a detected secret.

mod common;

use std::process::Command;

use remedy::model::rule::Rule;
use remedy::model::settings::Settings;

const SECRETS: &[&str] = &[
    "hunter2-not-real",
    "tok_9f8e7d6c5b4a-not-real",
    "s3cr3t-pw-not-real",
    "pw-through-name-not-real",
];

#[test]
fn fixed_module_reads_the_same_secrets_from_the_environment() {
    let settings = Settings {
        unsafe_fixes: true,
        ..Settings::with_rules(&[Rule::HardcodedCredentials])
    };
    let module = common::fix_module("service_config.py", &settings);
    let fixed = module.text();
    for secret in SECRETS {
        assert!(
            !fixed.contains(secret),
            "{secret} is still in the fixed source:\n{fixed}"
        );
    }
    let env = [
        ("DB_PASSWORD", "hunter2-not-real"),
        ("API_TOKEN", "tok_9f8e7d6c5b4a-not-real"),
        ("DATABASE_PASSWORD", "s3cr3t-pw-not-real"),
        // Passed as `password=PG_PW`: followed to the literal.
        ("PG_PW", "pw-through-name-not-real"),
    ];
    assert_eq!(
        common::python(&[module.original.as_os_str()], &[]).0,
        common::python(&[module.fixed.as_os_str()], &env).0
    );
    // Without the variables the fixed module refuses to start rather than run with a default.
    let output = Command::new("python3")
        .arg(&module.fixed)
        .env_remove("DB_PASSWORD")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("KeyError"));
}

#[test]
fn no_output_format_prints_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::behaviour_file("service_config.py"),
        dir.path().join("service_config.py"),
    )
    .unwrap();
    let mut formats_seen = 0;
    for format in ["text", "json", "sarif", "github"] {
        let output = Command::new(env!("CARGO_BIN_EXE_remedy"))
            .args(["check", "--output-format", format, "service_config.py"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let everything = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            everything.contains("hu***"),
            "{format}: the masked value is shown"
        );
        for secret in SECRETS {
            assert!(
                !everything.contains(secret),
                "{format} output contains the secret {secret}:\n{everything}"
            );
        }
        formats_seen += 1;
    }
    assert_eq!(formats_seen, 4);
}

/// `jwt.encode(payload, "…")` / `jwt.decode(token, KEY, …)`: secrets passed
/// by position to PyJWT, read from the environment when the token is made
/// (inside the functions) once fixed; the tokens are the same.
#[test]
fn jwt_positional_secrets_are_read_from_the_environment_at_run_time() {
    if !common::present_or_skip(common::python_has("jwt"), "PyJWT") {
        return;
    }
    let settings = Settings {
        unsafe_fixes: true,
        ..Settings::with_rules(&[Rule::HardcodedCredentials])
    };
    let module = common::fix_module("jwt_tokens.py", &settings);
    let fixed = module.text();
    for secret in [
        "k7Qv9-session-signing-not-real",
        "r3fr3sh-Zq81-signing-not-real",
    ] {
        assert!(!fixed.contains(secret), "{secret} is still in:\n{fixed}");
    }
    assert!(
        fixed.contains(r#"jwt.encode({"sub": user}, os.environ["JWT_KEY"], algorithm="HS256")"#),
        "{fixed}"
    );
    let env = [
        ("JWT_KEY", "k7Qv9-session-signing-not-real"),
        ("REFRESH_KEY", "r3fr3sh-Zq81-signing-not-real"),
    ];
    let before = common::python(&[module.original.as_os_str()], &[]).0;
    let after = common::python(&[module.fixed.as_os_str()], &env).0;
    assert_eq!(before, after);
    assert!(after.contains("forged token rejected"), "{after}");
    // The key inside the functions is read at run time: importing the
    // module does not need it.
    let output = Command::new("python3")
        .arg(&module.fixed)
        .arg("import-only")
        .env_remove("JWT_KEY")
        .env("REFRESH_KEY", "r3fr3sh-Zq81-signing-not-real")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // Making a token without it fails rather than signing with a default.
    let output = Command::new("python3")
        .arg(&module.fixed)
        .env_remove("JWT_KEY")
        .env("REFRESH_KEY", "r3fr3sh-Zq81-signing-not-real")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("KeyError: 'JWT_KEY'"));
}
