//! Running over many files: read, decode, check or fix, diff, write.
//!
//! Each file is one independent task on the rayon pool; results come back in
//! the order of the (sorted) input, so output never depends on thread count.
//! Only this module touches the file system for sources.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub mod baseline;
pub mod config;
pub mod declared_python;
pub mod finding;
pub mod walk;

pub use crate::parse::stack::{WORKER_STACK, on_worker};

use crate::batch::walk::describe_io_error;
use crate::linter::{SourceError, check_source_with_suppressions, diff, fix_source};
use crate::model::settings::Settings;
use crate::parse::source::{DecodeError, SourceFile};
use finding::{Finding, display_path};

/// What to do with each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Check,
    Diff,
    Fix,
}

/// What happened to one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: PathBuf,
    /// Findings in the file as read (check), or left after fixing (diff, fix).
    pub findings: Vec<Finding>,
    /// The unified diff of the fixes (diff and fix), empty when unchanged.
    pub diff: Vec<u8>,
    /// How many fixes were applied.
    pub fixes: usize,
    /// The fixed file, for `--stdin-filename` in fix mode.
    pub fixed: Option<Vec<u8>>,
    pub written: bool,
    /// Why the file could not be processed (or written).
    pub error: Option<FileError>,
    /// The file is test code, checked only by the rules that run there.
    pub test_code: bool,
}

impl FileReport {
    fn failed(path: &Path, error: FileError) -> Self {
        Self {
            path: path.to_path_buf(),
            error: Some(error),
            ..Self::default()
        }
    }
}

/// Why one file could not be processed; each prints as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The file could not be read (the I/O error, described).
    Read(String),
    /// The bytes are not Python source text (binary, undecodable).
    Decode(DecodeError),
    /// The source does not parse, or its fixes could not be kept.
    Source(SourceError),
    /// The fixed file could not be written (read-only, changed on disk, I/O).
    Write(String),
    /// remedy panicked on the file (a bug); nothing was written.
    Crashed,
}

impl FileError {
    /// Where in the file the error is, when it has a place (a syntax error).
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            FileError::Source(SourceError::Syntax { line, column, .. }) => Some((*line, *column)),
            _ => None,
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Read(description) => write!(f, "cannot read: {description}"),
            FileError::Decode(error) => write!(f, "{error}"),
            FileError::Source(SourceError::Syntax { message, .. }) => {
                write!(f, "syntax error: {message}")
            }
            FileError::Source(error) => write!(f, "{error}"),
            FileError::Write(message) => write!(f, "{message}"),
            FileError::Crashed => write!(
                f,
                "internal error: remedy crashed on this file and left it untouched (a bug: please report it with the file)"
            ),
        }
    }
}

/// Processes every file in parallel; reports come back in input order.
pub fn run(files: &[PathBuf], mode: Mode, settings: &Settings) -> Vec<FileReport> {
    run_with_progress(files, mode, settings, &|| {})
}

/// [`run`], calling `file_done` after each file (from worker threads).
pub fn run_with_progress(
    files: &[PathBuf],
    mode: Mode,
    settings: &Settings,
    file_done: &(dyn Fn() + Sync),
) -> Vec<FileReport> {
    // A lone item would otherwise run on the calling thread.
    on_worker(|| {
        files
            .par_iter()
            .map(|path| {
                let report = process_file(path, mode, settings);
                file_done();
                report
            })
            .collect()
    })
}

/// [`process_bytes`], with a panic (a bug in remedy) turned into this file's
/// error so that the other files are still processed; nothing is written for it.
pub fn process_bytes_guarded(
    path: &Path,
    bytes: &[u8],
    mode: Mode,
    settings: &Settings,
) -> FileReport {
    let run = || {
        // Tests reach this path with `REMEDY_TEST_PANIC_ON=<file name>` (debug builds only).
        #[cfg(debug_assertions)]
        if std::env::var_os("REMEDY_TEST_PANIC_ON")
            .is_some_and(|name| path.file_name() == Some(name.as_os_str()))
        {
            panic!("REMEDY_TEST_PANIC_ON");
        }
        process_bytes(path, bytes, mode, settings)
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| FileReport::failed(path, FileError::Crashed))
}

fn process_file(path: &Path, mode: Mode, settings: &Settings) -> FileReport {
    let test_code = settings.is_test_code(path);
    let settings = &*settings.for_file(path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return FileReport::failed(path, FileError::Read(describe_io_error(&error)));
        }
    };
    let mut report = process_bytes_guarded(path, &bytes, mode, settings);
    report.test_code = test_code;
    if mode == Mode::Fix
        && report.error.is_none()
        && let Some(fixed) = report.fixed.take()
    {
        match write_atomically(path, &bytes, &fixed) {
            Ok(()) => report.written = true,
            Err(message) => {
                report.error = Some(FileError::Write(message));
                report.fixes = 0;
            }
        }
    }
    report
}

/// Checks or fixes one file's bytes (no I/O). In fix mode `fixed` holds the
/// new bytes when anything changed.
pub fn process_bytes(path: &Path, bytes: &[u8], mode: Mode, settings: &Settings) -> FileReport {
    let source = match SourceFile::decode(bytes) {
        Ok(source) => source,
        Err(error) => return FileReport::failed(path, FileError::Decode(error)),
    };
    let mut report = FileReport {
        path: path.to_path_buf(),
        ..FileReport::default()
    };
    if mode == Mode::Check {
        match check_source_with_suppressions(path, &source, settings) {
            Ok((diagnostics, unused)) => {
                report.findings = diagnostics
                    .iter()
                    .map(|d| Finding::new(path, &source, d))
                    .collect();
                if settings.report_unused_suppressions {
                    report.findings.extend(
                        unused
                            .iter()
                            .map(|s| Finding::unused_suppression(path, &source, s.range)),
                    );
                    report.findings.sort_by_key(|f| (f.line, f.column));
                }
            }
            Err(error) => report.error = Some(FileError::Source(error)),
        }
        return report;
    }
    match fix_source(path, &source, settings) {
        Ok(outcome) => {
            report.findings = outcome
                .remaining
                .iter()
                .map(|d| Finding::new(path, &outcome.fixed, d))
                .collect();
            if outcome.changed() {
                let new_bytes = outcome.fixed.encode();
                report.diff = diff::unified_diff(&display_path(path), bytes, &new_bytes);
                report.fixes = outcome.applied.len();
                report.fixed = Some(new_bytes);
            }
        }
        Err(error) => report.error = Some(FileError::Source(error)),
    }
    report
}

/// Replaces `path` with `new` through a temporary file in the same folder,
/// synced and renamed over the original, keeping its permissions. Refuses
/// when the file is read-only or changed on disk since it was read.
pub(crate) fn write_atomically(path: &Path, original: &[u8], new: &[u8]) -> Result<(), String> {
    // Write through symbolic links to the file they name.
    let target = std::fs::canonicalize(path)
        .map_err(|e| format!("cannot write: {}", describe_io_error(&e)))?;
    let metadata = std::fs::metadata(&target)
        .map_err(|e| format!("cannot write: {}", describe_io_error(&e)))?;
    if metadata.permissions().readonly() {
        return Err("file is read-only; not modified".to_owned());
    }
    match std::fs::read(&target) {
        Ok(current) if current == original => {}
        Ok(_) => return Err("file changed on disk since it was read; not modified".to_owned()),
        Err(error) => return Err(format!("cannot write: {}", describe_io_error(&error))),
    }
    let folder = target.parent().unwrap_or_else(|| Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".remedy-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| {
            format!(
                "cannot write: temporary file in {}: {}",
                folder.display(),
                describe_io_error(&e)
            )
        })?;
    let io = |e: std::io::Error| format!("cannot write: {}", describe_io_error(&e));
    temp.write_all(new).map_err(io)?;
    temp.as_file()
        .set_permissions(metadata.permissions())
        .map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(&target)
        .map_err(|e| format!("cannot write: {}", describe_io_error(&e.error)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.py");
        std::fs::write(&path, "edited by someone else\n").unwrap();
        let error = write_atomically(&path, b"what remedy read\n", b"fixed\n").unwrap_err();
        assert_eq!(
            error,
            "file changed on disk since it was read; not modified"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "edited by someone else\n"
        );
    }

    #[test]
    fn replaces_the_file_whole_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.py");
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
        write_atomically(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o751
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
