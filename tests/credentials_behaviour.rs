//! Behaviour of the `hardcoded-credentials` fix and the secrecy of every
//! finding message.
//!
//! - The original module and the (unsafe-)fixed module run under `python3`;
//!   with each environment variable set to the value that was hardcoded,
//!   they print the same thing, and the fixed module holds no secret.
//! - No message or fix title of `hardcoded-credentials`,
//!   `unvalidated-input` or `sensitive-exposure` contains a detected secret.

mod common;

use std::path::Path;
use std::process::Command;

use remedy::model::rule::Rule;
use remedy::model::settings::Settings;
use remedy::parse::source::SourceFile;

/// A module that uses its secrets: a sqlite3 database stores them, and the
/// module prints a digest of everything it read.
const MODULE: &str = r#"import hashlib
import sqlite3

DB_PASSWORD = "hunter2hunter2"
API_TOKEN = 'tok-0123456789'
DATABASE_URL = "postgresql://app:pg-s3cret-99@db.internal:5432/app"
CONFIG = {"user": "app", "password": "dict-s3cret-1"}


def connect(user, password="default-s3cret"):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE creds (user TEXT, password TEXT)")
    conn.execute("INSERT INTO creds VALUES (?, ?)", (user, password))
    return conn


def session_secret():
    secret_key = "sess-s3cret-7"
    return secret_key


def main():
    conn = connect("app")
    stored = conn.execute("SELECT password FROM creds").fetchone()[0]
    seen = [DB_PASSWORD, API_TOKEN, DATABASE_URL, CONFIG["password"], stored, session_secret()]
    print(hashlib.sha256("|".join(seen).encode()).hexdigest())
    print(DATABASE_URL.split("@")[1])


main()
"#;

/// The environment each fixed variable needs: its name and the old value.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("DB_PASSWORD", "hunter2hunter2"),
    ("API_TOKEN", "tok-0123456789"),
    ("DATABASE_PASSWORD", "pg-s3cret-99"),
    ("CONFIG_PASSWORD", "dict-s3cret-1"),
    ("SECRET_KEY", "sess-s3cret-7"),
];

/// Reported without a fix: a parameter default is evaluated at import.
const REPORTED_ONLY: &str = r#"password="default-s3cret""#;

fn run_python(dir: &Path, source: &str, env: &[(&str, &str)]) -> (bool, String, String) {
    let file = dir.join("module.py");
    std::fs::write(&file, source).unwrap();
    let mut command = Command::new("python3");
    command.arg(&file).current_dir(dir);
    for (name, _) in ENVIRONMENT {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let output = command.output().expect("python3 runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn fixed_module() -> String {
    let mut settings = Settings::with_rules(&[Rule::HardcodedCredentials]);
    settings.unsafe_fixes = true;
    let source = SourceFile::from_text(MODULE);
    let outcome = remedy::fix_source(Path::new("module.py"), &source, &settings).unwrap();
    outcome.fixed.text().to_owned()
}

#[test]
fn fixed_module_behaves_the_same_with_the_environment_set() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, original, stderr) = run_python(dir.path(), MODULE, &[]);
    assert!(ok, "original module fails: {stderr}");
    assert!(!original.is_empty());

    let fixed = fixed_module();
    for (name, value) in ENVIRONMENT {
        assert!(
            !fixed.contains(value),
            "the fixed module still holds the secret of {name}:\n{fixed}"
        );
        assert!(fixed.contains(name), "no lookup of {name} in:\n{fixed}");
    }
    assert!(fixed.contains(REPORTED_ONLY), "{fixed}");
    let (ok, after, stderr) = run_python(dir.path(), &fixed, ENVIRONMENT);
    assert!(ok, "fixed module fails: {stderr}\n{fixed}");
    assert_eq!(original, after, "output differs after the fix:\n{fixed}");
}

#[test]
fn fixed_module_refuses_to_run_without_its_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = run_python(dir.path(), &fixed_module(), &[]);
    assert!(!ok);
    assert!(stderr.contains("KeyError"), "{stderr}");
}

/// The secret text of a finding: the literal's content, or for a URL the
/// password between `user:` and `@`.
fn detected_secret(source: &SourceFile, range: remedy::parse::TextRange) -> String {
    let literal = source.slice(range);
    let inner = literal
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_matches(|c| c == '"' || c == '\'');
    match inner.find("://") {
        Some(at) => {
            let authority = &inner[at + 3..];
            let end = authority.rfind('@').unwrap_or(authority.len());
            let userinfo = &authority[..end];
            userinfo
                .split_once(':')
                .map(|(_, password)| password.to_owned())
                .unwrap_or_default()
        }
        None => inner.to_owned(),
    }
}

#[test]
fn no_message_shows_a_detected_secret() {
    let rules = [
        Rule::HardcodedCredentials,
        Rule::UnvalidatedInput,
        Rule::SensitiveExposure,
    ];
    let mut settings = Settings::with_rules(&rules);
    settings.unsafe_fixes = true;
    let cases =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/hardcoded-credentials/cases");
    let mut sources = vec![SourceFile::from_text(MODULE)];
    for entry in std::fs::read_dir(cases).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        sources.push(SourceFile::decode(&bytes).unwrap());
    }
    let mut checked = 0;
    let mut all_secrets = Vec::new();
    for source in &sources {
        let diagnostics = remedy::check_source(Path::new("case.py"), source, &settings).unwrap();
        let secrets: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.rule == Rule::HardcodedCredentials)
            .filter_map(|d| {
                // `jwt.encode(payload, SIGNING)`: reported at the name, the
                // literal is where the fix reads the environment instead.
                let name = source.slice(d.range);
                if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    let edits = d.fix.as_ref()?.edits();
                    let literal = edits.iter().find(|e| e.content.contains("environ["))?;
                    return Some(detected_secret(source, literal.range));
                }
                Some(detected_secret(source, d.range))
            })
            .filter(|secret| secret.len() >= 3)
            // A weak secret that is a word of the messages themselves
            // (`jwt.encode(payload, "secret")`) is not shown by them.
            .filter(|secret| {
                !matches!(
                    secret.as_str(),
                    "secret" | "password" | "pass" | "pwd" | "token" | "key"
                )
            })
            .collect();
        all_secrets.extend(secrets.iter().cloned());
        for diagnostic in &diagnostics {
            // What text, JSON and SARIF output carry: message, fix title, edits.
            let mut shown = vec![
                diagnostic.message.as_str(),
                diagnostic.fix.as_ref().map_or("", |f| f.title.as_str()),
            ];
            if let Some(fix) = &diagnostic.fix {
                shown.extend(fix.edits().iter().map(|edit| edit.content.as_str()));
            }
            for secret in &secrets {
                for text in &shown {
                    assert!(!text.contains(secret.as_str()), "`{text}` shows a secret");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "too few findings checked: {checked}");
    for expected in [
        "hunter2hunter2",
        "pg-s3cret-99",
        "pgpass123",
        "s3cr3t-value",
    ] {
        assert!(
            all_secrets.iter().any(|s| s == expected),
            "{expected} was not detected: {all_secrets:?}"
        );
    }
}

/// A module that sorts by a caller's column: the allowlist check the
/// `unvalidated-input` fix inserts keeps benign calls as they were and
/// turns an injected column into a `ValueError` before any SQL runs.
const SORTING_MODULE: &str = r#"import sqlite3

SORTABLE_COLUMNS = ("name", "price")

conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE products (name TEXT, price INTEGER)")
conn.executemany("INSERT INTO products VALUES (?, ?)", [("b", 1), ("a", 2)])


def list_products(request, sort_column):
    # A view: Django passes the URL's parts after the request.
    return conn.execute(f"SELECT name FROM products ORDER BY {sort_column}").fetchall()


print(list_products(None, "name"))
print(list_products(None, "price"))
try:
    list_products(None, "(SELECT 1) ; --")
except Exception as error:
    print(type(error).__name__)
else:
    print("injected SQL ran")
print(conn.execute("SELECT COUNT(*) FROM products").fetchone())
"#;

#[test]
fn allowlist_check_keeps_benign_calls_and_stops_injection() {
    let mut settings = Settings::with_rules(&[Rule::UnvalidatedInput]);
    settings.unsafe_fixes = true;
    let source = SourceFile::from_text(SORTING_MODULE);
    let outcome = remedy::fix_source(Path::new("module.py"), &source, &settings).unwrap();
    let fixed = outcome.fixed.text().to_owned();
    assert!(fixed.contains("not in SORTABLE_COLUMNS"), "{fixed}");

    let dir = tempfile::tempdir().unwrap();
    let (ok, original, stderr) = run_python(dir.path(), SORTING_MODULE, &[]);
    assert!(ok, "{stderr}");
    let (ok, after, stderr) = run_python(dir.path(), &fixed, &[]);
    assert!(ok, "{stderr}\n{fixed}");
    let original: Vec<&str> = original.lines().collect();
    let after: Vec<&str> = after.lines().collect();
    assert_eq!(original[..2], after[..2], "benign calls changed");
    assert_eq!(original[2], "injected SQL ran");
    assert_eq!(after[2], "ValueError");
    assert_eq!(original[3], after[3]);
}

/// A URL holds its password percent-encoded; the environment holds the
/// password itself. The fixed URL must be the same text, and a password
/// with `#` or `/` must not end the host part.
#[test]
fn a_url_password_from_the_environment_is_percent_encoded() {
    let module = r#"import urllib.parse

BROKER_URL = "amqp://app:s3c%23r%2Fet%40x@broker:5672/vhost"
parts = urllib.parse.urlsplit(BROKER_URL)
print(BROKER_URL)
print(parts.hostname, parts.port, urllib.parse.unquote(parts.password))
"#;
    let mut settings = Settings::with_rules(&[Rule::HardcodedCredentials]);
    settings.unsafe_fixes = true;
    let source = SourceFile::from_text(module);
    let outcome = remedy::fix_source(Path::new("module.py"), &source, &settings).unwrap();
    let fixed = outcome.fixed.text().to_owned();
    assert!(!fixed.contains("s3c%23"), "{fixed}");
    assert!(fixed.contains("BROKER_PASSWORD"), "{fixed}");

    let dir = tempfile::tempdir().unwrap();
    let (ok, original, stderr) = run_python(dir.path(), module, &[]);
    assert!(ok, "{stderr}");
    assert!(original.contains("broker 5672 s3c#r/et@x"), "{original}");
    let (ok, after, stderr) = run_python(dir.path(), &fixed, &[("BROKER_PASSWORD", "s3c#r/et@x")]);
    assert!(ok, "{stderr}\n{fixed}");
    assert_eq!(original, after, "{fixed}");
}

/// Whether each `hardcoded-credentials` finding of the run over `dir` has a
/// fix, as `path:line fix|no fix`.
fn fixes_offered(dir: &Path) -> Vec<String> {
    let output = common::run_remedy(
        dir,
        &[
            "check",
            "--isolated",
            "--select",
            "hardcoded-credentials",
            "--output-format",
            "json",
            ".",
        ],
    );
    let findings: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("JSON findings");
    let mut offered: Vec<String> = findings
        .iter()
        .map(|finding| {
            format!(
                "{}:{} {}",
                finding["path"].as_str().unwrap(),
                finding["line"],
                if finding["fix"].is_null() {
                    "no fix"
                } else {
                    "fix"
                }
            )
        })
        .collect();
    offered.sort();
    offered
}

#[test]
fn a_library_modules_constant_is_reported_without_a_fix() {
    // data-diff's `tracking.TOKEN`: read from the environment at import,
    // `import data_diff` failed wherever it is unset. A settings module, a
    // script and a `__main__` block read it where the program starts.
    let dir = tempfile::tempdir().unwrap();
    let token = "TOKEN = \"2HgtM4Hcq9BmeiCqNYhz7O9tkjM\"\n";
    common::write_file(dir.path(), "lib/__init__.py", "");
    common::write_file(dir.path(), "lib/tracking.py", token);
    common::write_file(dir.path(), "lib/settings.py", token);
    common::write_file(
        dir.path(),
        "lib/client.py",
        "def connect(user):\n    token = \"2HgtM4Hcq9BmeiCqNYhz7O9tkjM\"\n    return user, token\n\n\nif __name__ == \"__main__\":\n    API_TOKEN = \"2HgtM4Hcq9BmeiCqNYhz7O9tkjM\"\n",
    );
    common::write_file(dir.path(), "script.py", token);
    // spider-db: a config module the package's `__init__` imports is read
    // by every `import` of the package, as a library module is.
    common::write_file(
        dir.path(),
        "spider/__init__.py",
        "from .config import config\n",
    );
    common::write_file(dir.path(), "spider/config.py", token);
    assert_eq!(
        fixes_offered(dir.path()),
        [
            "lib/client.py:2 fix",
            "lib/client.py:7 fix",
            "lib/settings.py:1 fix",
            "lib/tracking.py:1 no fix",
            "script.py:1 fix",
            "spider/config.py:1 no fix",
        ]
    );
}

#[test]
fn catalogues_paths_and_public_defaults_are_no_secrets() {
    // wealth-dashboard's translations, kenboard's route to the keys page,
    // Lavalink's documented default password (Red-DiscordBot).
    let dir = tempfile::tempdir().unwrap();
    common::write_file(
        dir.path(),
        "app.py",
        "STRINGS = {\n    \"Username\": \"Benutzername\",\n    \"Password\": \"Passwort\",\n    \"API key\": \"API-Schluessel\",\n    \"Sign in\": \"Anmelden\",\n    \"Log out now\": \"Jetzt abmelden\",\n}\nROUTES = {\"get_api_key\": \"/admin/keys\"}\nNODE = {\"server_password\": \"youshallnotpass\"}\nREAL = {\"password\": \"Passwort-9f3k\"}\n",
    );
    assert_eq!(fixes_offered(dir.path()), ["app.py:10 fix"]);
}

#[test]
fn a_default_the_configuration_replaces_gets_no_fix() {
    // The Flask tutorial's `create_app` (flaskrrr): `SECRET_KEY="dev"` is
    // replaced by `instance/config.py` or the test configuration loaded
    // next; read from the environment, it would be required even there.
    let dir = tempfile::tempdir().unwrap();
    common::write_file(
        dir.path(),
        "flaskr/__init__.py",
        "from flask import Flask\n\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    app.config.from_mapping(SECRET_KEY=\"dev-9f3kQ2\")\n    if test_config is None:\n        app.config.from_pyfile(\"config.py\", silent=True)\n    else:\n        app.config.update(test_config)\n    return app\n\n\ndef create_other():\n    app = Flask(__name__)\n    app.config.from_mapping(SECRET_KEY=\"dev-9f3kQ2\")\n    return app\n",
    );
    assert_eq!(
        fixes_offered(dir.path()),
        ["flaskr/__init__.py:16 fix", "flaskr/__init__.py:6 no fix"]
    );
}

#[test]
fn test_fixtures_and_demo_settings_get_no_fix() {
    // django-admin-tools-stats: a `setUp` outside the test folders logs in
    // as the fixture's user, and its `demoproject` settings are a demo's.
    let dir = tempfile::tempdir().unwrap();
    common::write_file(
        dir.path(),
        "stats/utils.py",
        "class Auth:\n    def setUp(self):\n        self.client.login(username=\"admin\", password=\"admin-9f3kQ2\")\n\n\ndef connect(client):\n    return client.login(username=\"admin\", password=\"admin-9f3kQ2\")\n",
    );
    common::write_file(
        dir.path(),
        "demoproject/demoproject/settings.py",
        "SECRET_KEY = \"sq9f3kQ2x8Lw0pZr\"\n",
    );
    assert_eq!(
        fixes_offered(dir.path()),
        [
            "demoproject/demoproject/settings.py:1 no fix",
            "stats/utils.py:3 no fix",
            "stats/utils.py:7 fix",
        ]
    );
}

#[test]
fn a_default_configuration_and_seed_data_are_reported_without_a_fix() {
    // passive-honeypot's `default_config()`, the template written to
    // `config.json` on first run: reading the environment there raises on
    // first run, or writes the live secret into the file. masonite-orm's
    // seeder creates a development account. The function that connects
    // keeps its fix.
    let dir = tempfile::tempdir().unwrap();
    common::write_file(
        dir.path(),
        "honeypot.py",
        "def default_config():\n    return {\"database\": {\"user\": \"honeypot\", \"password\": \"h0neyp0t-Pa55\"}}\n\n\ndef connect(client):\n    return client.login(user=\"honeypot\", password=\"h0neyp0t-Pa55\")\n",
    );
    common::write_file(
        dir.path(),
        "databases/seeds/user_table_seeder.py",
        "def run(factory, User):\n    factory(User, 5).create({\"name\": \"Joe\", \"password\": \"h0neyp0t-Pa55\"})\n",
    );
    assert_eq!(
        fixes_offered(dir.path()),
        [
            "databases/seeds/user_table_seeder.py:2 no fix",
            "honeypot.py:2 no fix",
            "honeypot.py:6 fix",
        ]
    );
}
