//! Shell completions and man pages, generated from the clap definitions in `cli.rs`:
//! written under a directory for packagers (`generate-assets`), or one at a time on
//! stdout for users who built the tool themselves (`completions`, `man`).

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
    for sub in visible_commands(&cmd) {
        let name = format!("minimax-tts-{}", sub.get_name());
        write_page(&man, &name, sub.clone().name(name.clone()))?;
    }
    Ok(())
}

fn write_page(dir: &Path, name: &str, cmd: clap::Command) -> io::Result<()> {
    fs::write(dir.join(format!("{name}.1")), page(cmd)?)
}

fn page(cmd: clap::Command) -> io::Result<Vec<u8>> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buffer)?;
    Ok(buffer)
}

/// The completion script for `shell`, as `generate-assets` writes it.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "minimax-tts", &mut buffer);
    buffer
}

/// The man page of the tool, or of one of its visible commands (`None` when there is no
/// such command), as `generate-assets` writes it.
pub fn man_page(command: Option<&str>) -> io::Result<Option<Vec<u8>>> {
    let mut cmd = Cli::command();
    cmd.build();
    let Some(command) = command else {
        return page(cmd).map(Some);
    };
    let Some(sub) = visible_commands(&cmd).find(|s| s.get_name() == command) else {
        return Ok(None);
    };
    let name = format!("minimax-tts-{command}");
    page(sub.clone().name(name)).map(Some)
}

/// The commands a user sees (no `help`, nothing hidden).
pub fn visible_commands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}
