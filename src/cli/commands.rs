//! Running a parsed command line: settings, walking, the batch, output, exit code.

use crate::model::index::ProjectIndex;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::batch::config;
use crate::batch::declared_python::declared_python;
use crate::batch::walk;
use crate::batch::{self, FileReport, Mode};
use crate::cli::args::{Cli, Command, CommonArgs, OutputFormat};
use crate::cli::output::{self, Finding, display_path};
use crate::model::rule::Rule;
use crate::model::settings::{PythonVersion, Settings};

/// Exit statuses (DESIGN.md): 0 clean, 1 findings or changes, 2 errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

pub fn run(cli: Cli) -> ExitStatus {
    match cli.command {
        Command::Check(args) => run_batch(args, Mode::Check),
        Command::Diff(args) => run_batch(args, Mode::Diff),
        Command::Fix(args) => run_batch(args, Mode::Fix),
        Command::Rules { output_format } => {
            print_rules(output_format);
            ExitStatus::Clean
        }
        Command::Explain { rule } => match Rule::from_id(&rule) {
            Some(rule) => {
                print!("{}", rule.docs());
                ExitStatus::Clean
            }
            None => {
                eprintln!("remedy: error: unknown rule `{rule}` (see `remedy rules`)");
                ExitStatus::Error
            }
        },
    }
}

fn print_rules(format: OutputFormat) {
    match format {
        OutputFormat::Text | OutputFormat::Sarif | OutputFormat::Github => {
            println!("{:<24} {:<14} {:<10} summary", "rule", "cwe", "fix");
            for rule in Rule::ALL {
                println!(
                    "{:<24} {:<14} {:<10} {}",
                    rule.id(),
                    rule.cwe_label(),
                    rule.fix_availability().as_str(),
                    rule.summary()
                );
            }
        }
        OutputFormat::Json => {
            let rules: Vec<serde_json::Value> = Rule::ALL
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "rule": rule.id(),
                        "cwe": rule.cwes().iter().map(|n| format!("CWE-{n}")).collect::<Vec<_>>(),
                        "fix": rule.fix_availability().as_str(),
                        "summary": rule.summary(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&rules).unwrap_or_default()
            );
        }
    }
}

/// Where the project of the run is looked for: the first path, or the
/// folder of `--stdin-filename` (none with `--isolated`).
fn project_start(args: &CommonArgs) -> Option<PathBuf> {
    if args.isolated {
        return None;
    }
    match (args.paths.first(), &args.stdin_filename) {
        (Some(path), _) => Some(path.clone()),
        (None, Some(name)) => name.parent().map(Path::to_path_buf),
        (None, None) => Some(PathBuf::from(".")),
    }
}

/// Settings from the config file (if any) and the command line, which wins.
fn settings_from(args: &CommonArgs) -> Result<(Settings, Vec<String>), String> {
    let config_path = match &args.config {
        Some(path) => Some(path.clone()),
        None if args.isolated || args.stdin_filename.is_some() && args.paths.is_empty() => args
            .stdin_filename
            .as_ref()
            .and_then(|p| p.parent())
            .and_then(config::discover)
            .filter(|_| !args.isolated),
        None => {
            let start = args
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            config::discover(&start)
        }
    };
    let config = match &config_path {
        Some(path) => config::load(path)?,
        None => config::Config::default(),
    };
    let parse_rules = |ids: &[String]| -> Result<Vec<Rule>, String> {
        ids.iter()
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
            .map(|id| {
                Rule::from_id(id).ok_or_else(|| {
                    format!("remedy: error: unknown rule `{id}` (see `remedy rules`)")
                })
            })
            .collect()
    };
    let mut settings = Settings::default();
    let select = if args.select.is_empty() {
        config.select.clone().unwrap_or_default()
    } else {
        args.select.clone()
    };
    if !select.is_empty() {
        settings.rules = parse_rules(&select)?;
    }
    let mut ignore = config.ignore.clone().unwrap_or_default();
    ignore.extend(args.ignore.iter().cloned());
    let ignored = parse_rules(&ignore)?;
    settings.rules.retain(|rule| !ignored.contains(rule));
    settings.report_unused_suppressions = args.report_unused_suppressions;
    settings.unsafe_fixes = args.unsafe_fixes || config.unsafe_fixes.unwrap_or(false);
    if let Some(version) = args
        .target_version
        .as_ref()
        .or(config.target_version.as_ref())
    {
        settings.target_version = PythonVersion::parse(version)
            .ok_or_else(|| format!("remedy: error: invalid target version `{version}`"))?;
    } else if let Some(declared) = project_start(args).and_then(|start| declared_python(&start)) {
        // As Ruff reads `requires-python`: the oldest Python the project runs on.
        settings.target_version = declared;
    }
    // Config values were checked by `config::load`, which names their line.
    settings.default_paramstyle = config.paramstyle.clone();
    for (glob, ids) in config.per_file_ignores.clone().unwrap_or_default() {
        let matcher = globset::Glob::new(&glob)
            .map_err(|e| format!("remedy: error: per-file-ignores: invalid glob `{glob}`: {e}"))?
            .compile_matcher();
        settings
            .per_file_ignores
            .push((matcher, parse_rules(&ids)?));
    }
    for sink in config.sql_parameterize.iter().flat_map(|c| c.sinks.iter()) {
        settings.sql_sinks.push(crate::model::settings::SqlSink {
            call: sink.call.clone(),
            paramstyle: sink.paramstyle.clone(),
            sql_argument: sink.sql_argument,
        });
    }
    if let Some(sql) = &config.sql_parameterize {
        settings
            .sql_quoting_functions
            .extend(sql.quoting_functions.iter().cloned());
        settings.sql_names = sql
            .names
            .as_deref()
            .and_then(crate::model::settings::SqlNames::parse)
            .unwrap_or_default();
    }
    if let Some(resource) = &config.resource_with {
        settings.resource_constructors = resource.constructors.clone();
    }
    if let Some(handling) = &config.db_error_handling {
        settings.logger_name = handling.logger.clone();
        settings.rollback_on_error = handling.rollback;
        settings.db_error_scope = handling
            .scope
            .as_deref()
            .and_then(crate::model::settings::DbErrorScope::parse)
            .unwrap_or_default();
    }
    settings.test_paths = match &config.test_paths {
        Some(globs) => crate::model::settings::TestPaths::new(globs)
            .map_err(|message| format!("remedy: error: {message}"))?,
        None => crate::model::settings::TestPaths::default(),
    };
    settings.test_paths.include = args.include_tests || config.include_tests.unwrap_or(false);
    // Test globs are relative to the project: the config file's folder, else
    // the folder given on the command line.
    if let Some(folder) = config_path
        .as_ref()
        .and_then(|path| std::fs::canonicalize(path).ok())
        .and_then(|path| path.parent().map(std::path::Path::to_path_buf))
    {
        settings.test_paths.roots.push(folder);
    }
    settings
        .test_paths
        .roots
        .extend(args.paths.iter().filter(|path| path.is_dir()).cloned());
    let mut excludes = config.exclude.unwrap_or_default();
    excludes.extend(config.extend_exclude.unwrap_or_default());
    excludes.extend(args.exclude.iter().cloned());
    Ok((settings, excludes))
}

fn run_batch(args: CommonArgs, mode: Mode) -> ExitStatus {
    let (mut settings, excludes) = match settings_from(&args) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("{message}");
            return ExitStatus::Error;
        }
    };
    // Deeply nested code (a generated 20,000-term `a + b + …`) recurses deep in
    // the parser and the rules: workers get a large stack, reserved but only
    // touched as far as a file needs. Only fails when a global pool exists
    // already; that one is then used.
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(crate::batch::WORKER_STACK);
    if let Some(threads) = args.threads {
        pool = pool.num_threads(threads.max(1));
    }
    let _ = pool.build_global();
    if let Some(name) = &args.stdin_filename {
        // The package the named file sits in, if any, is the project.
        let package: Vec<PathBuf> =
            crate::model::index::files_to_index(&[], std::slice::from_ref(name))
                .into_iter()
                .filter(|p| p != name)
                .collect();
        settings.project = Some(std::sync::Arc::new(ProjectIndex::build(
            &package, &settings,
        )));
        return run_stdin(name, mode, &settings, &args);
    }
    let excludes = match walk::exclude_set(&excludes) {
        Ok(set) => set,
        Err(message) => {
            eprintln!("remedy: error: {message}");
            return ExitStatus::Error;
        }
    };
    let mut paths = args.paths.clone();
    if let Some(list) = &args.files_from {
        match read_path_list(list) {
            Ok(listed) => paths.extend(listed),
            Err(message) => {
                eprintln!("{message}");
                return ExitStatus::Error;
            }
        }
    }
    if paths.is_empty() && args.files_from.is_none() {
        paths.push(PathBuf::from("."));
    }
    let mut discovered = walk::discover(&paths, &excludes);
    // The index pass sees every file of the run (all shards) and the
    // packages that lone files sit in; the file pass only this shard's files.
    let lone: Vec<PathBuf> = paths.iter().filter(|p| p.is_file()).cloned().collect();
    let index_files = crate::model::index::files_to_index(&discovered.files, &lone);
    settings.project = Some(std::sync::Arc::new(ProjectIndex::build(
        &index_files,
        &settings,
    )));
    if let Some(shard) = &args.shard {
        match parse_shard(shard) {
            Some((index, count)) => discovered
                .files
                .retain(|path| shard_of(path, count) == index),
            None => {
                eprintln!(
                    "remedy: error: invalid --shard `{shard}` (expected K/N with 1 <= K <= N)"
                );
                return ExitStatus::Error;
            }
        }
    }
    if args.interactive && mode == Mode::Fix {
        return batch::on_worker(|| run_interactive(&discovered, &settings, args.quiet));
    }
    let progress = progress_bar(discovered.files.len(), args.quiet);
    let mut reports =
        batch::run_with_progress(&discovered.files, mode, &settings, &|| progress.inc(1));
    progress.finish_and_clear();
    if let Err(message) = apply_baseline(&args, &mut reports) {
        eprintln!("{message}");
        return ExitStatus::Error;
    }

    let mut stderr = std::io::stderr().lock();
    for (path, message) in &discovered.errors {
        let _ = writeln!(stderr, "{}: error: {message}", display_path(path));
    }
    for report in &reports {
        if let Some(message) = &report.error {
            let _ = writeln!(stderr, "{}", format_file_error(report, message));
        }
    }
    drop(stderr);
    emit(mode, &reports, &args);

    let summary = Summary::of(&reports, discovered.errors.len(), &settings);
    if !args.quiet {
        eprintln!("{}", summary.line(mode));
    }
    // The process ends next: freeing the project index and the reports one
    // allocation at a time would only cost time (as Ruff does, leave it to
    // the operating system).
    std::mem::forget(settings);
    std::mem::forget(reports);
    summary.exit_status(mode)
}

/// Reviews the files one after another on the terminal (answers on stdin).
fn run_interactive(discovered: &walk::Discovered, settings: &Settings, quiet: bool) -> ExitStatus {
    let mut review = crate::cli::interactive::Review::default();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout().lock();
    let mut errors = discovered.errors.len();
    let (mut accepted, mut rejected, mut changed_files) = (0, 0, 0);
    for (path, message) in &discovered.errors {
        eprintln!("{}: error: {message}", display_path(path));
    }
    for path in &discovered.files {
        if review.has_quit() {
            break;
        }
        let settings = settings.for_file(path);
        let fail = |message: String| eprintln!("{}: error: {message}", display_path(path));
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                fail(format!("cannot read: {}", walk::describe_io_error(&error)));
                errors += 1;
                continue;
            }
        };
        let source = match crate::parse::source::SourceFile::decode(&bytes) {
            Ok(source) => source,
            Err(error) => {
                fail(error.to_string());
                errors += 1;
                continue;
            }
        };
        match review.review_file(path, &source, &settings, &mut input, &mut output) {
            Ok(reviewed) => {
                accepted += reviewed.accepted;
                rejected += reviewed.rejected;
                if let Some(fixed) = reviewed.fixed {
                    if let Err(message) = batch::write_atomically(path, &bytes, &fixed.encode()) {
                        fail(message);
                        errors += 1;
                    } else {
                        changed_files += 1;
                    }
                }
            }
            Err(error) => {
                eprintln!(
                    "{}",
                    format_file_error(
                        &FileReport {
                            path: path.clone(),
                            ..FileReport::default()
                        },
                        &batch::FileError::Source(error)
                    )
                );
                errors += 1;
            }
        }
    }
    if !quiet {
        eprintln!(
            "remedy: {accepted} fixes accepted in {changed_files} files, {rejected} rejected, {errors} errors"
        );
    }
    if errors > 0 {
        ExitStatus::Error
    } else if rejected > 0 || review.has_quit() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// `--write-baseline` records the findings; `--baseline` drops the known ones.
fn apply_baseline(args: &CommonArgs, reports: &mut [FileReport]) -> Result<(), String> {
    if let Some(path) = &args.write_baseline {
        let findings: Vec<Finding> = reports
            .iter()
            .flat_map(|r| r.findings.iter().cloned())
            .collect();
        crate::batch::baseline::write(path, &findings)?;
    }
    if let Some(path) = &args.baseline {
        let mut baseline = crate::batch::baseline::Baseline::load(path)?;
        for report in reports.iter_mut() {
            report.findings = baseline.filter(std::mem::take(&mut report.findings));
        }
    }
    Ok(())
}

/// A progress bar on stderr for long runs when stderr is a terminal; hidden otherwise.
fn progress_bar(files: usize, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal as _;
    if quiet || files < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files ({per_sec}, {eta})")
    {
        bar.set_style(style);
    }
    bar
}

/// Paths listed one a line in a file, or on standard input for `-`.
fn read_path_list(list: &std::path::Path) -> Result<Vec<PathBuf>, String> {
    let text = if list.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("remedy: error: cannot read --files-from standard input: {e}"))?;
        text
    } else {
        std::fs::read_to_string(list).map_err(|e| {
            format!(
                "{}: error: cannot read --files-from list: {}",
                display_path(list),
                walk::describe_io_error(&e)
            )
        })?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect())
}

/// `K/N` → (K-1, N).
fn parse_shard(text: &str) -> Option<(u64, u64)> {
    let (k, n) = text.split_once('/')?;
    let (k, n): (u64, u64) = (k.trim().parse().ok()?, n.trim().parse().ok()?);
    (k >= 1 && k <= n).then_some((k - 1, n))
}

/// The shard a path belongs to: FNV-1a of its text, stable across runs,
/// machines and Rust versions.
fn shard_of(path: &std::path::Path, count: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.to_string_lossy().replace('\\', "/").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash % count
}

fn format_file_error(report: &FileReport, error: &batch::FileError) -> String {
    let path = display_path(&report.path);
    match error.line_column() {
        Some((line, column)) => format!("{path}:{line}:{column}: {error}"),
        None => format!("{path}: error: {error}"),
    }
}

fn emit(mode: Mode, reports: &[FileReport], args: &CommonArgs) {
    let mut stdout = std::io::stdout().lock();
    let color = output::color::enabled(args.color);
    if mode == Mode::Diff {
        for report in reports {
            if color {
                let text = output::color::diff(&String::from_utf8_lossy(&report.diff));
                let _ = stdout.write_all(text.as_bytes());
            } else {
                let _ = stdout.write_all(&report.diff);
            }
        }
        return;
    }
    let findings: Vec<Finding> = reports
        .iter()
        .flat_map(|r| r.findings.iter().cloned())
        .collect();
    let rendered = match args.output_format {
        OutputFormat::Text if color => output::color::findings(&output::text::render(&findings)),
        OutputFormat::Text => output::text::render(&findings),
        OutputFormat::Json => output::json::render(&findings),
        OutputFormat::Sarif => output::sarif::render(&findings),
        OutputFormat::Github => output::github::render(&findings),
    };
    let _ = stdout.write_all(rendered.as_bytes());
}

fn run_stdin(
    name: &std::path::Path,
    mode: Mode,
    settings: &Settings,
    args: &CommonArgs,
) -> ExitStatus {
    let mut bytes = Vec::new();
    if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!(
            "{}: error: cannot read standard input: {error}",
            display_path(name)
        );
        return ExitStatus::Error;
    }
    let file_settings = settings.for_file(name);
    let mut report =
        batch::on_worker(|| batch::process_bytes_guarded(name, &bytes, mode, &file_settings));
    report.test_code = settings.is_test_code(name);
    if let Some(message) = &report.error {
        eprintln!("{}", format_file_error(&report, message));
        if mode == Mode::Fix {
            // An editor integration must get the source back unchanged.
            let _ = std::io::stdout().write_all(&bytes);
        }
        return ExitStatus::Error;
    }
    match mode {
        Mode::Fix => {
            let _ = std::io::stdout().write_all(report.fixed.as_deref().unwrap_or(&bytes));
            let summary = Summary::of(std::slice::from_ref(&report), 0, settings);
            if !args.quiet {
                eprint!("{}", output::text::render(&report.findings));
            }
            summary.exit_status(mode)
        }
        _ => {
            emit(mode, std::slice::from_ref(&report), args);
            Summary::of(std::slice::from_ref(&report), 0, settings).exit_status(mode)
        }
    }
}

/// Counts for the one-line summary on stderr.
struct Summary {
    files: usize,
    findings: usize,
    fixable: usize,
    fixes: usize,
    changed_files: usize,
    errors: usize,
    test_files: usize,
    /// The rules test files were checked with, of `rules` selected.
    test_rules: Vec<Rule>,
    rules: usize,
}

impl Summary {
    fn of(reports: &[FileReport], walk_errors: usize, settings: &Settings) -> Self {
        Self {
            test_files: reports.iter().filter(|r| r.test_code).count(),
            test_rules: settings.test_code_rules(),
            rules: settings.rules.len(),
            files: reports.len(),
            findings: reports.iter().map(|r| r.findings.len()).sum(),
            fixable: reports
                .iter()
                .flat_map(|r| &r.findings)
                .filter(|f| f.fix.is_some())
                .count(),
            fixes: reports.iter().map(|r| r.fixes).sum(),
            changed_files: reports.iter().filter(|r| r.fixes > 0).count(),
            errors: walk_errors + reports.iter().filter(|r| r.error.is_some()).count(),
        }
    }

    fn line(&self, mode: Mode) -> String {
        let plural = |n: usize, word: &str| {
            let suffix = if word.ends_with('x') { "es" } else { "s" };
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}{suffix}")
            }
        };
        let mut files = plural(self.files, "file");
        if self.test_files > 0 {
            let rules = if self.test_rules.is_empty() {
                "no rule".to_owned()
            } else if self.test_rules.len() == self.rules && self.rules > 1 {
                "every selected rule".to_owned()
            } else {
                let ids: Vec<&str> = self.test_rules.iter().map(|rule| rule.id()).collect();
                ids.join(", ")
            };
            let tests = plural(self.test_files, "test file");
            files = format!("{files} checked ({tests} with {rules})");
        } else {
            files = format!("{files} checked");
        }
        let errors = plural(self.errors, "error");
        match mode {
            Mode::Check => format!(
                "remedy: {files}, {} ({} with a fix), {errors}",
                plural(self.findings, "finding"),
                self.fixable
            ),
            Mode::Diff => format!(
                "remedy: {files}, {} in {} would be applied, {} left, {errors}",
                plural(self.fixes, "fix"),
                plural(self.changed_files, "file"),
                plural(self.findings, "finding"),
            ),
            Mode::Fix => format!(
                "remedy: {files}, {} applied in {}, {} left, {errors}",
                plural(self.fixes, "fix"),
                plural(self.changed_files, "file"),
                plural(self.findings, "finding"),
            ),
        }
    }

    fn exit_status(&self, mode: Mode) -> ExitStatus {
        if self.errors > 0 {
            return ExitStatus::Error;
        }
        let dirty = match mode {
            Mode::Check | Mode::Fix => self.findings > 0,
            Mode::Diff => self.fixes > 0,
        };
        if dirty {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
}
