use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = contigo_bot::cli::Cli::parse();
    match contigo_bot::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
