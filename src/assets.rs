//! Shell completions and man pages, generated from the clap definitions in `cli.rs`.

use std::fs;
use std::io;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Writes `completions/` (bash, zsh, fish, powershell, elvish) and `man/` (one page for
/// the tool and one per visible subcommand) under `dir`.
pub fn generate(dir: &Path) -> io::Result<()> {
    let completions = dir.join("completions");
    fs::create_dir_all(&completions)?;
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut cmd = Cli::command();
        clap_complete::generate_to(shell, &mut cmd, "minimax-tts", &completions)?;
    }

    let man = dir.join("man");
    fs::create_dir_all(&man)?;
    let mut cmd = Cli::command();
    cmd.build();
    write_page(&man, "minimax-tts", cmd.clone())?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("minimax-tts-{}", sub.get_name());
        write_page(&man, &name, sub.clone().name(name.clone()))?;
    }
    Ok(())
}

fn write_page(dir: &Path, name: &str, cmd: clap::Command) -> io::Result<()> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buffer)?;
    fs::write(dir.join(format!("{name}.1")), buffer)
}
