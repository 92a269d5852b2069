use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    contigo_bot::allocator::no_huge_pages();
    let cli = contigo_bot::cli::Cli::parse();
    match contigo_bot::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
