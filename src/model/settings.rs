//! What a run is allowed to do: which rules, which fixes, which target.

use std::path::{Path, PathBuf};

use crate::model::rule::Rule;

/// The oldest Python the fixed code must run on: it decides, for example,
/// whether a parenthesized `with (a as x, b as y):` may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
}

impl PythonVersion {
    pub const DEFAULT: PythonVersion = PythonVersion { major: 3, minor: 8 };

    /// Parses `py38`, `3.8`, `py311`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(digits) = text.strip_prefix("py") {
            if digits.len() < 2 || !digits.is_ascii() {
                return None;
            }
            let (major, minor) = digits.split_at(1);
            return Some(Self {
                major: major.parse().ok()?,
                minor: minor.parse().ok()?,
            });
        }
        let (major, minor) = text.split_once('.')?;
        Some(Self {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

/// Settings one file is checked and fixed with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub rules: Vec<Rule>,
    pub unsafe_fixes: bool,
    pub target_version: PythonVersion,
    /// The paramstyle to use where the driver cannot be decided
    /// (`qmark`, `format`, `numeric`, `named`, `pyformat`, `dollar`).
    pub default_paramstyle: Option<String>,
    /// Rules switched off for files matching a glob (`per-file-ignores`).
    pub per_file_ignores: Vec<(globset::GlobMatcher, Vec<Rule>)>,
    /// Report suppression comments that silence nothing.
    pub report_unused_suppressions: bool,
    /// A project's own SQL sinks (`[tool.remedy.sql-parameterize] sinks`).
    pub sql_sinks: Vec<SqlSink>,
    /// A project's own quoting helpers (`[tool.remedy.sql-parameterize] quoting-functions`).
    pub sql_quoting_functions: Vec<String>,
    /// A project's own resource constructors (`[tool.remedy.resource-with] constructors`).
    pub resource_constructors: Vec<String>,
    /// The logger name handlers log through (`[tool.remedy.db-error-handling] logger`).
    pub logger_name: Option<String>,
    /// Offer `conn.rollback()` in DB error handlers, as an unsafe fix.
    pub rollback_on_error: bool,
    /// Facts about the whole run's project (the index pass); `None` when a
    /// source is checked on its own (it then indexes only itself).
    pub project: Option<std::sync::Arc<crate::model::index::ProjectIndex>>,
    /// Which files are test code, and whether every rule runs on them.
    pub test_paths: TestPaths,
    /// Which units db-error-handling reports (`[tool.remedy.db-error-handling] scope`).
    pub db_error_scope: DbErrorScope,
    /// Which names spliced into SQL sql-parameterize reports.
    pub sql_names: SqlNames,
}

/// Test code: files matching the `test-paths` globs, checked only by the
/// rules that run on tests by default ([`Rule::runs_on_tests_by_default`])
/// unless `include` (`--include-tests`) is set.
#[derive(Debug, Clone)]
pub struct TestPaths {
    globs: globset::GlobSet,
    /// Folders a path is made relative to before matching: the config file's
    /// folder and the paths given on the command line. The first one that
    /// holds the file wins; a path under none of them is matched as it is
    /// (without a leading `./`).
    pub roots: Vec<PathBuf>,
    /// Run every selected rule on test code too.
    pub include: bool,
}

impl TestPaths {
    /// The globs used when the configuration names none.
    pub const DEFAULT_GLOBS: [&'static str; 10] = [
        // At the root, or inside the package (`nova/tests/unit/…`, `trac/db/tests/…`).
        "**/tests/**",
        // At the root or inside a package (cubicweb's `cubicweb/server/test/`,
        // horizon's `openstack_dashboard/test/`, SQLAlchemy's sdist `test/`).
        // A framework's own test tools (`django/test/utils.py`) count too:
        // they serve tests.
        "**/test/**",
        // celery's `t/unit/…`, `t/integration/…`.
        "t/**",
        // OpenStack's functional tests beside the package (barbican's
        // `functionaltests/common/config.py`: the test cloud's passwords).
        "**/functionaltests/**",
        "**/test_*.py",
        // unittest's older spelling (cubicweb's `unittest_repository.py`).
        "**/unittest_*.py",
        "**/*_test.py",
        // A Django app's tests module (`polls/tests.py`).
        "**/tests.py",
        // A plugin's or app's one test module (Limnoria's `plugins/Config/test.py`).
        "**/test.py",
        "**/conftest.py",
    ];

    /// Compiles `globs` (`*` stops at `/`, `**` crosses folders).
    pub fn new(globs: &[impl AsRef<str>]) -> Result<Self, String> {
        let mut set = globset::GlobSetBuilder::new();
        for glob in globs {
            let glob = glob.as_ref();
            let compiled = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("test-paths: invalid glob `{glob}`: {e}"))?;
            set.add(compiled);
        }
        Ok(Self {
            globs: set
                .build()
                .map_err(|e| format!("test-paths: invalid globs: {e}"))?,
            roots: Vec::new(),
            include: false,
        })
    }

    /// Whether `path` (as walked, or as named on the command line) is test code.
    pub fn matches(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        let relative = relative.strip_prefix(".").unwrap_or(&relative);
        self.globs.is_match(relative)
    }

    /// Whether `path` lies in a folder of examples, demos or documentation
    /// (`examples/quickminimal/config.py`, `docs/conf.py`), relative to the
    /// same roots as test code, or is a demo module (`demo.py`): code
    /// written to be copied and edited, whose settings are placeholders.
    pub fn is_example_code(&self, path: &Path) -> bool {
        const FOLDERS: [&str; 11] = [
            "example",
            "examples",
            "demo",
            "demos",
            "doc",
            "docs",
            "sample",
            "samples",
            "tutorial",
            "tutorials",
            "scaffold",
        ];
        // A demo module (roundup's `demo.py` sets up a throw-away tracker
        // against a local test database); `examples.py` or `sample.py` may
        // well be a library's own code.
        if path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .is_some_and(|stem| matches!(stem.to_ascii_lowercase().as_str(), "demo" | "demos"))
        {
            return true;
        }
        // `demoproject`, `example_project`: a demo project beside the
        // package; `test_denorm_project`, `testproject`: the project its
        // tests run in (an `exampleapp` may be the library's own app).
        self.in_folder(path, |name| {
            let name = name.to_ascii_lowercase();
            let project =
                |rest: &str| matches!(rest.trim_start_matches(['_', '-']), "project" | "site");
            FOLDERS.contains(&name.as_str())
                || ["demo", "example"]
                    .iter()
                    .any(|prefix| name.strip_prefix(prefix).is_some_and(project))
                || (name.starts_with("test")
                    && (name.ends_with("project") || name.ends_with("site")))
        })
    }

    /// Whether `path` is a schema migration: a module in a `migrations`,
    /// `alembic` or `migrate_repo` folder (Django, Flask-Migrate, alembic,
    /// sqlalchemy-migrate), or a `migrations.py` module (mediagoblin's),
    /// relative to the same roots as test code.
    pub fn is_migration_code(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|name| name == "migrations.py")
            || self.in_folder(path, |name| {
                matches!(name, "migrations" | "alembic" | "migrate_repo")
            })
    }

    /// Whether a folder `path` lies in, below the first root holding it,
    /// has a name `wanted` accepts.
    fn in_folder(&self, path: &Path, wanted: impl Fn(&str) -> bool) -> bool {
        let relative = self.relative(path);
        let mut folders = relative.parent().into_iter().flat_map(Path::components);
        folders.any(|folder| folder.as_os_str().to_str().is_some_and(&wanted))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let mut absolute = None;
        for root in &self.roots {
            let inside = if root.is_absolute() && !path.is_absolute() {
                let absolute = absolute.get_or_insert_with(|| {
                    std::fs::canonicalize(path)
                        .or_else(|_| std::path::absolute(path))
                        .unwrap_or_else(|_| path.to_path_buf())
                });
                absolute.strip_prefix(root)
            } else {
                path.strip_prefix(root)
            };
            if let Ok(inside) = inside {
                return inside.to_path_buf();
            }
        }
        path.to_path_buf()
    }
}

impl Default for TestPaths {
    fn default() -> Self {
        Self::new(&Self::DEFAULT_GLOBS).expect("the default test-paths globs compile")
    }
}

/// Which units db-error-handling reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DbErrorScope {
    /// `lost`: only where a database error is lost: a handler that swallows
    /// it, or a failure that leaves a transaction half done on a connection
    /// that outlives the unit. An error that reaches the top of a script, a
    /// request or a CLI command is printed or logged there already.
    #[default]
    Lost,
    /// `unhandled`: also units whose database errors nobody handles (no
    /// handling decorator, context manager or caller) and that reach an
    /// entry point or the top of a script.
    Unhandled,
    /// `every-unit`: every unit with unguarded database calls, wherever its
    /// errors end up (a policy that wants handling everywhere).
    EveryUnit,
}

impl DbErrorScope {
    /// Parses the configuration value (`lost`, `unhandled`, `every-unit`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "lost" => Some(Self::Lost),
            "unhandled" => Some(Self::Unhandled),
            "every-unit" => Some(Self::EveryUnit),
            _ => None,
        }
    }
}

/// Which names spliced into SQL where a bound parameter cannot go
/// sql-parameterize reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SqlNames {
    /// `outside`: names that may come from outside the program: input, or
    /// a parameter of a function the project calls with it, or of a request
    /// handler. A library's public function that nothing in the project
    /// calls takes its names from the developer who calls it
    /// (`create_table(conn, "users")`), who answers for them.
    #[default]
    Outside,
    /// `every-caller`: also names a public function takes from callers the
    /// run cannot see (a library's API).
    EveryCaller,
}

impl SqlNames {
    /// Parses the configuration value (`outside`, `every-caller`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "outside" => Some(Self::Outside),
            "every-caller" => Some(Self::EveryCaller),
            _ => None,
        }
    }
}

/// A call that runs SQL, declared in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlSink {
    /// Qualified name (`myapp.db.query`), or `.method` for any receiver.
    pub call: String,
    pub paramstyle: String,
    /// Which positional argument holds the SQL.
    pub sql_argument: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rules: Rule::ALL.to_vec(),
            unsafe_fixes: false,
            target_version: PythonVersion::DEFAULT,
            default_paramstyle: None,
            per_file_ignores: Vec::new(),
            report_unused_suppressions: false,
            sql_sinks: Vec::new(),
            sql_quoting_functions: Vec::new(),
            resource_constructors: Vec::new(),
            logger_name: None,
            rollback_on_error: false,
            project: None,
            test_paths: TestPaths::default(),
            db_error_scope: DbErrorScope::Lost,
            sql_names: SqlNames::Outside,
        }
    }
}

impl Settings {
    pub fn with_rules(rules: &[Rule]) -> Self {
        Self {
            rules: rules.to_vec(),
            ..Self::default()
        }
    }

    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.rules.contains(&rule)
    }

    /// Whether `path` is test code whose rules are narrowed (see [`TestPaths`]).
    pub fn is_test_code(&self, path: &Path) -> bool {
        self.test_paths.matches(path)
    }

    /// Whether `path` is example, demo or documentation code (see
    /// [`TestPaths::is_example_code`]), where settings are placeholders.
    pub fn is_example_code(&self, path: &Path) -> bool {
        self.test_paths.is_example_code(path)
    }

    /// Whether `path` is a schema migration (see
    /// [`TestPaths::is_migration_code`]). An operator runs it once, and its
    /// runner reports a failure and stops: db-error-handling and
    /// resource-with skip it, as they skip test code (and check it with
    /// `--include-tests`).
    pub fn is_migration_code(&self, path: &Path) -> bool {
        self.test_paths.is_migration_code(path)
    }

    /// The rules that run on test code under these settings.
    pub fn test_code_rules(&self) -> Vec<Rule> {
        self.rules
            .iter()
            .copied()
            .filter(|rule| self.test_paths.include || rule.runs_on_tests_by_default())
            .collect()
    }

    /// The settings for one file: its per-file ignores applied, and on test
    /// code only the rules that run there.
    pub fn for_file(&self, path: &Path) -> std::borrow::Cow<'_, Settings> {
        let mut ignored: Vec<Rule> = self
            .per_file_ignores
            .iter()
            .filter(|(glob, _)| {
                glob.is_match(path)
                    || path.file_name().is_some_and(|name| glob.is_match(name))
                    || path.strip_prefix(".").is_ok_and(|p| glob.is_match(p))
            })
            .flat_map(|(_, rules)| rules.iter().copied())
            .collect();
        if !self.test_paths.include && self.is_migration_code(path) {
            ignored.extend([Rule::DbErrorHandling, Rule::ResourceWith]);
        }
        if !self.test_paths.include && self.is_test_code(path) {
            ignored.extend(
                self.rules
                    .iter()
                    .copied()
                    .filter(|rule| !rule.runs_on_tests_by_default()),
            );
        }
        if ignored.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut settings = self.clone();
        settings.rules.retain(|rule| !ignored.contains(rule));
        std::borrow::Cow::Owned(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_migrations_are_known_by_their_folder_or_module() {
        let settings = Settings::default();
        for migration in [
            "app/migrations/0002_backfill.py",
            "migrations/versions/2f1c_add_index.py",
            "pkg/alembic/versions/abc.py",
            "pkg/db/sqlalchemy/migrate_repo/versions/001_init.py",
            "mediagoblin/db/migrations.py",
        ] {
            assert!(
                settings.is_migration_code(Path::new(migration)),
                "{migration}"
            );
        }
        for code in [
            "app/migration.py",
            "mediagoblin/db/migration_tools.py",
            "app/db/versions.py",
            "app/migrations_helper/x.py",
        ] {
            assert!(!settings.is_migration_code(Path::new(code)), "{code}");
        }
        let rules = settings
            .for_file(Path::new("app/migrations/0002_backfill.py"))
            .rules
            .clone();
        assert!(rules.contains(&Rule::SqlParameterize));
        assert!(!rules.contains(&Rule::DbErrorHandling));
        assert!(!rules.contains(&Rule::ResourceWith));
    }

    #[test]
    fn default_test_paths() {
        let paths = TestPaths::default();
        for test in [
            "tests/x.py",
            "./tests/deep/x.py",
            "test/x.py",
            "pkg/test_x.py",
            "test_x.py",
            "pkg/x_test.py",
            "pkg/sub/conftest.py",
            "pkg/tests/x.py",
            "nova/tests/unit/db/test_api.py",
            "t/unit/security/__init__.py",
            "allauth/socialaccount/providers/discord/tests.py",
            "tests.py",
            "plugins/Config/test.py",
            "functionaltests/common/config.py",
            "cubicweb/server/test/unittest_repository.py",
            "openstack_dashboard/test/test_data/cinder_data.py",
            "pkg/test/utils.py",
            "pkg/unittest_x.py",
        ] {
            assert!(paths.matches(Path::new(test)), "{test}");
        }
        for code in [
            "pkg/tests_x.py",
            "pkg/test_dir/x.py",
            "pkg/testing.py",
            "pkg/t/x.py",
            "pkg/tests_util.py",
            "contest.py",
        ] {
            assert!(!paths.matches(Path::new(code)), "{code}");
        }
    }

    #[test]
    fn example_code_is_known_by_its_folders() {
        let paths = TestPaths::default();
        for example in [
            "examples/quickminimal/run.py",
            "example/greetings.py",
            "pkg/docs/conf.py",
            "Demo/app.py",
            "roundup/demo.py",
            "demoproject/demoproject/settings.py",
            "example_project/settings.py",
            "test_denorm_project/test_denorm_project/settings.py",
        ] {
            assert!(paths.is_example_code(Path::new(example)), "{example}");
        }
        for code in ["examples.py", "pkg/exampleapp/views.py", "app/settings.py"] {
            assert!(!paths.is_example_code(Path::new(code)), "{code}");
        }
        let rooted = TestPaths {
            roots: vec![PathBuf::from("/home/me/docs")],
            ..TestPaths::default()
        };
        assert!(!rooted.is_example_code(Path::new("/home/me/docs/project/app.py")));
    }

    #[test]
    fn test_paths_are_relative_to_the_first_root_holding_the_file() {
        let mut paths = TestPaths::new(&["tests/**"]).unwrap();
        paths.roots.push(PathBuf::from("work/tests/project"));
        assert!(!paths.matches(Path::new("work/tests/project/app/db.py")));
        assert!(paths.matches(Path::new("work/tests/project/tests/test_db.py")));
    }
}
