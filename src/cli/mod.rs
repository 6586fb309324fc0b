//! A thin clap front end over the library.

mod export;
mod extract;
mod files;
mod install;
mod mentions;
mod output;
mod progress;
// The library keeps its thread helper private; the front end compiles the same file.
#[path = "../parallel.rs"]
mod parallel;
mod render;
mod resolve;
mod serve;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn place names into publication-quality maps, offline.
#[derive(Debug, Parser)]
#[command(
    name = "placemap",
    version,
    about,
    propagate_version = true,
    after_help = "Examples:
  placemap resolve Samarkand Peking \"Paris, Texas\"
  placemap render examples/sco-samarkand.json -o map.png
  placemap render --route \"Beijing > Astana > Samarkand\" --mark Kyiv -o trip.svg
  placemap export examples/sco-samarkand.json -o map.geojson --split
  placemap extract article.txt --format geojson > places.geojson
  placemap serve --port 8080
  placemap completions bash > ~/.local/share/bash-completion/completions/placemap

`placemap COMMAND --help` tells more about each command."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Resolve(resolve::ResolveArgs),
    Render(render::RenderArgs),
    Export(export::ExportArgs),
    Extract(extract::ExtractArgs),
    Draft(extract::DraftArgs),
    /// Print the JSON Schema of scene files.
    Schema,
    Serve(serve::ServeArgs),
    Completions(install::CompletionsArgs),
    Man(install::ManArgs),
}

/// An error already reported to the user; only the exit code is left to set.
#[derive(Debug)]
pub struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("errors reported above")
    }
}

impl std::error::Error for Reported {}

/// Runs the command line and returns the process exit code: 0 on success, 1 on failure,
/// 2 on a usage error.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Resolve(args) => resolve::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Draft(args) => extract::run_draft(&args),
        Command::Schema => render::schema(),
        Command::Serve(args) => serve::run(&args),
        Command::Completions(args) => install::completions(&args),
        Command::Man(args) => install::man(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<Reported>().is_some() => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// A closed stdout pipe (`placemap … | head`) is a success, as in ripgrep.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let kind = c
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| c.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}
