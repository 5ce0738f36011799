use clap::Parser as _;

/// A parse allocates many small nodes; mimalloc frees them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = remedy::cli::args::Cli::parse();
    let status = remedy::cli::commands::run(cli);
    std::process::ExitCode::from(status as u8)
}
