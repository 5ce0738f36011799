//! Running over many files: read, fix, write, report per-file errors.
