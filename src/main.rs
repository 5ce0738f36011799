use clap::Parser as _;

/// A parse allocates many small nodes; mimalloc frees them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same in its
/// versions 2 and 3; the Rust bindings name no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // A run frees a file's syntax tree and allocates the next one's right
    // after: memory handed back to the system after mimalloc's default 10 ms
    // is faulted in and zeroed again at once (a tenth of a run's time on one
    // thread). Keep freed memory for a second instead.
    // SAFETY: sets a plain option of the allocator; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
    let cli = remedy::cli::args::Cli::parse();
    let status = remedy::cli::commands::run(cli);
    std::process::ExitCode::from(status as u8)
}
