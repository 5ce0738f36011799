use clap::Parser as _;

fn main() -> std::process::ExitCode {
    let cli = remedy::cli::Cli::parse();
    let status = remedy::commands::run(cli);
    std::process::ExitCode::from(status as u8)
}
