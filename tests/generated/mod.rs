//! The committed completions and man pages must match what `src/cli.rs` generates.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{bare_cmd, run};

fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["completions", "man"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = Path::new(sub).join(entry.file_name());
            out.push((rel, fs::read(entry.path()).expect("read generated file")));
        }
    }
    out.sort();
    out
}

#[test]
fn completions_and_man_pages_are_fresh() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    run(bare_cmd(tmp.path()).arg("generate-assets").arg(&out)).assert_code(0);
    let fresh = files_under(&out);
    let committed = files_under(Path::new(env!("CARGO_MANIFEST_DIR")));
    let names =
        |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert!(
        fresh.len() >= 7,
        "expected 5 completions and at least 2 man pages, got {:?}",
        names(&fresh)
    );
    assert_eq!(
        names(&fresh),
        names(&committed),
        "completions/ or man/ are stale: run `cargo run -- generate-assets .` and commit the result"
    );
    for ((name, new), (_, old)) in fresh.iter().zip(&committed) {
        assert!(
            new == old,
            "{} is stale: run `cargo run -- generate-assets .` and commit the result",
            name.display()
        );
    }
}

#[test]
fn completions_and_man_print_what_is_committed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "completions/minimax-tts.bash"),
        ("zsh", "completions/_minimax-tts"),
        ("fish", "completions/minimax-tts.fish"),
        ("powershell", "completions/_minimax-tts.ps1"),
        ("elvish", "completions/minimax-tts.elv"),
    ] {
        let printed = run(bare_cmd(tmp.path()).args(["completions", shell]));
        printed.assert_code(0);
        assert_eq!(
            printed.stdout,
            fs::read(root.join(file)).unwrap(),
            "`completions {shell}` differs from {file}"
        );
    }
    for (args, file) in [
        (vec!["man"], "man/minimax-tts.1"),
        (vec!["man", "batch"], "man/minimax-tts-batch.1"),
        (vec!["man", "completions"], "man/minimax-tts-completions.1"),
    ] {
        let printed = run(bare_cmd(tmp.path()).args(&args));
        printed.assert_code(0);
        assert_eq!(
            printed.stdout,
            fs::read(root.join(file)).unwrap(),
            "`{}` differs from {file}",
            args.join(" ")
        );
    }
    run(bare_cmd(tmp.path()).args(["man", "speek"]))
        .assert_code(2)
        .assert_stderr("there is no command speek")
        .assert_stderr("give one of: speak, stream");
    run(bare_cmd(tmp.path()).args(["completions", "tcsh"])).assert_code(2);
}
