//! Command-line definitions (the contract in DESIGN.md).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "remedy",
    version,
    about = "Finds insecure patterns in Python code and rewrites them into reviewable diffs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report findings.
    Check(CommonArgs),
    /// Print the fixes as a unified diff; nothing is written (dry run).
    Diff(CommonArgs),
    /// Apply the fixes in place.
    Fix(CommonArgs),
    /// List the rules with their CWE and fix availability.
    Rules {
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        output_format: OutputFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id, e.g. `sql-parameterize`.
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Files or folders to process (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Rules to run, comma-separated ids (default: all).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules not to run, comma-separated ids.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Also apply fixes marked unsafe.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Run every selected rule on test code too (files matching `test-paths`);
    /// by default only the rules that make sense there do.
    #[arg(long)]
    pub include_tests: bool,
    /// Glob of files or folders to skip; may be repeated.
    #[arg(long)]
    pub exclude: Vec<String>,
    /// A `pyproject.toml` (`[tool.remedy]`) or `remedy.toml` to read settings from.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Read the paths to process from this file, one a line (`-` for standard input).
    #[arg(long)]
    pub files_from: Option<PathBuf>,
    /// Process only shard K of N (`2/8`): a deterministic split of the files by path,
    /// for spreading a huge tree over parallel CI jobs.
    #[arg(long)]
    pub shard: Option<String>,
    /// With `fix`: show each fix and apply only the ones accepted (yes / no / all / quit).
    #[arg(long, short = 'i')]
    pub interactive: bool,
    /// With `check`: report only findings not recorded in this baseline file.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// With `check`: record the current findings in this baseline file.
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
    /// Report suppression comments that silence nothing.
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Read the source from standard input and report it under this name.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Print only findings, diffs and errors; no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to color diffs and findings (`auto`: when stdout is a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Output format for findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output_format: OutputFormat,
    /// Oldest Python version the fixed code must run on (`3.8`, `py311`).
    #[arg(long)]
    pub target_version: Option<String>,
}
