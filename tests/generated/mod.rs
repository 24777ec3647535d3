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
