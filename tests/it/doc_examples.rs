//! The console examples of README.md and docs/*.md that are marked to run
//! (a block opened with ```` ```console (runs) ````) run against an index of
//! the sample corpus: each `$ kbmatch ...` line exits as the block expects
//! (0, or the status a `# exit N` comment on the line names), and where the
//! block shows what a command prints, its first line is printed first.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ kbmatch ...` line of a marked block, with what follows it.
#[derive(Debug)]
struct Example {
    file: String,
    line: usize,
    command: String,
    exit: i32,
    first_output: Option<String>,
}

/// The runnable examples of one Markdown file.
fn examples(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap();
    let file = path.strip_prefix(common::repo()).unwrap_or(path).display().to_string();
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut runs = false;
    for (n, line) in text.lines().enumerate() {
        if let Some(info) = line.strip_prefix("```") {
            if in_block {
                in_block = false;
            } else {
                in_block = true;
                runs = info.trim() == "console (runs)";
            }
            continue;
        }
        if !in_block || !runs {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            assert!(command.starts_with("kbmatch "), "{file}:{}: a runnable block runs kbmatch only: {command}", n + 1);
            let exit = command.split("# exit ").nth(1).map_or(0, |s| s.trim().parse().expect("# exit N"));
            out.push(Example {
                file: file.clone(),
                line: n + 1,
                command: command.to_string(),
                exit,
                first_output: None,
            });
        } else if let Some(last) = out.last_mut().filter(|e| e.first_output.is_none()) {
            last.first_output = Some(line.to_string());
        }
    }
    out
}

/// README.md and the guide's pages.
fn documents() -> Vec<PathBuf> {
    let mut files = vec![common::repo().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(common::repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn the_marked_console_examples_run_on_the_sample_corpus() {
    let all: Vec<Example> = documents().iter().flat_map(|p| examples(p)).collect();
    assert!(all.iter().any(|e| e.file == "README.md"), "the README has a runnable block");
    assert!(all.len() >= 8, "{all:?}");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let build = Command::new(env!("CARGO_BIN_EXE_kbmatch"))
        .args(["index", "--corpus", "corpus", "--index"])
        .arg(&index)
        .current_dir(common::repo())
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    // `kbmatch` on the PATH is the binary under test.
    let bin = Path::new(env!("CARGO_BIN_EXE_kbmatch")).parent().unwrap().to_path_buf();
    let path =
        std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())))
            .unwrap();
    let mut failures = Vec::new();
    for example in &all {
        let out = Command::new("bash")
            .args(["-c", &example.command])
            .current_dir(common::repo())
            .env("PATH", &path)
            .env("KBMATCH_INDEX", &index)
            .env_remove("KBMATCH_CORPUS")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let said = format!("{}:{}: $ {}", example.file, example.line, example.command);
        if out.status.code() != Some(example.exit) {
            failures.push(format!(
                "{said}\n  exit {:?}, not {}: {}",
                out.status.code(),
                example.exit,
                String::from_utf8_lossy(&out.stderr)
            ));
        } else if let Some(first) = &example.first_output
            && stdout.lines().next() != Some(first.as_str())
        {
            failures.push(format!("{said}\n  printed first {:?}, the document shows {first:?}", stdout.lines().next()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
