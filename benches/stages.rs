//! Where `remedy check`'s time goes, stage by stage, on one thread, against
//! the parser alone on the same files (issue #12's yardstick: the whole
//! pipeline at half the parser's throughput or better).
//!
//!     cargo bench --bench stages -- PATH [PATH...]
//!
//! The files are read into memory first, so disk time is left out of every
//! stage. Stages:
//! - parse: `ruff_python_parser` on every file (the floor);
//! - parse + semantic model: the scopes, bindings and references too;
//! - index pass: `ProjectIndex::build` over every file (it parses again);
//! - check: every rule on every file, with the index (parses again; the
//!   rules that skip test code skip it, as in a run);
//! - pipeline: index pass + check, what `remedy check --threads 1` does
//!   besides walking the tree and printing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use remedy::batch::{Mode, process_bytes};
use remedy::model::index::ProjectIndex;
use remedy::model::settings::Settings;
use remedy::parse::parse_module;
use remedy::parse::source::SourceFile;
use remedy::semantic::SemanticModel;

/// The allocator `remedy` itself runs with (src/main.rs), so that every
/// stage is timed as the binary would run it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // One worker thread for the index pass; every stage runs on a thread
    // with a stack as large as the batch workers' (deeply nested sources).
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(64 << 20)
        .build_global()
        .expect("a one-thread pool");
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(run)
        .expect("a thread")
        .join()
        .expect("the stages ran");
}

fn run() {
    let roots: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if roots.is_empty() {
        eprintln!("usage: cargo bench --bench stages -- PATH [PATH...]");
        std::process::exit(2);
    }
    let files = python_files(&roots);
    let contents: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .filter_map(|path| Some((path.clone(), std::fs::read(path).ok()?)))
        .collect();
    let sources: Vec<(PathBuf, SourceFile)> = contents
        .iter()
        .filter_map(|(path, bytes)| Some((path.clone(), SourceFile::decode(bytes).ok()?)))
        .collect();
    let lines: usize = sources.iter().map(|(_, s)| s.text().lines().count()).sum();
    {
        let parse = time(|| {
            for (_, source) in &sources {
                let _ = parse_module(source.text());
            }
        });
        let semantic = time(|| {
            for (_, source) in &sources {
                if let Ok(module) = parse_module(source.text()) {
                    std::hint::black_box(SemanticModel::new(module.body()));
                }
            }
        });
        let settings = Settings::default();
        let mut index = None;
        let index_pass = time(|| index = Some(ProjectIndex::build(&files, &settings)));
        let checked = Settings {
            project: index.map(std::sync::Arc::new),
            ..Settings::default()
        };
        // What the batch does for each file, but reading it: the rules
        // that skip test code skip it here too.
        let check = time(|| {
            for (path, bytes) in &contents {
                let settings = checked.for_file(path);
                std::hint::black_box(process_bytes(path, bytes, Mode::Check, &settings));
            }
        });
        println!(
            "{} files, {lines} lines, one thread (median of 3 runs per stage)",
            sources.len()
        );
        println!();
        println!("| stage | s | lines/s | throughput vs parse |");
        println!("|---|---|---|---|");
        let row = |name: &str, took: Duration| {
            let seconds = took.as_secs_f64();
            println!(
                "| {name} | {seconds:.2} | {:.0} | {:.0}% |",
                lines as f64 / seconds,
                100.0 * parse.as_secs_f64() / seconds
            );
        };
        row("parse", parse);
        row("parse + semantic model", semantic);
        row("index pass", index_pass);
        row("check (every rule)", check);
        row("pipeline (index pass + check)", index_pass + check);
    }
}

/// The median of three runs of `work`.
fn time(mut work: impl FnMut()) -> Duration {
    let mut runs: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    runs.sort();
    runs[1]
}

fn python_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        for entry in ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .build()
            .flatten()
        {
            let path = entry.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "py") {
                files.push(path.to_path_buf());
            }
        }
    }
    files.sort();
    files
}
