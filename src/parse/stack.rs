//! The parser and the rules recurse once per level of nesting: they run on
//! threads with a stack large enough for the deepest source let through.

/// Stack size of the worker threads that parse and check files: the parser
/// and the rules recurse once per level of nesting, and the deepest source
/// that [`crate::parse::nesting`] lets through unscanned (65,000 brackets, 130,000
/// prefix operators) takes about 130 MiB in a release build. Reserved, and
/// only touched as far as a file needs.
pub const WORKER_STACK: usize = 192 << 20;

/// Runs `work` on a worker thread of the pool, for its stack
/// ([`WORKER_STACK`]); the calling thread's may be too small for a deeply
/// nested source.
pub fn on_worker<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| work())
}
