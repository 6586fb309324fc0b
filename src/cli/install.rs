//! `placemap completions` and `placemap man`: shell completions and man pages, generated
//! from the same clap definitions as `--help`, so they cannot drift from the program.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

/// Print a shell completion script.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap completions bash > ~/.local/share/bash-completion/completions/placemap
  placemap completions zsh > ~/.zfunc/_placemap
  placemap completions fish > ~/.config/fish/completions/placemap.fish")]
pub struct CompletionsArgs {
    /// The shell: bash, elvish, fish, powershell or zsh.
    #[arg(value_enum)]
    shell: Shell,
}

/// Print the man page, or write one page per command into a directory.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap man > placemap.1 && man ./placemap.1
  placemap man --dir ~/.local/share/man/man1")]
pub struct ManArgs {
    /// Write placemap.1 and a page per command (placemap-render.1, …) into this directory.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Runs `placemap completions`.
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "placemap", &mut out);
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(())
}

/// Runs `placemap man`.
pub fn man(args: &ManArgs) -> Result<()> {
    let command = Cli::command();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
        return clap_mangen::generate_to(command, dir)
            .with_context(|| format!("cannot write man pages into {}", dir.display()));
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(())
}
