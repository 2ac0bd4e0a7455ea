//! `kbmatch mcp` driven by a real MCP client that this project did not
//! write: the official Python SDK (PyPI `mcp`), through `tests/mcp/client.py`,
//! over the sample corpus. It needs a Python with `mcp` installed, named by
//! `KBMATCH_MCP_PYTHON`; `.ci/run` makes one in `target/mcp-venv`.

use crate::common;

use std::process::Command;

/// The Python the test runs the client with.
const PYTHON_VARIABLE: &str = "KBMATCH_MCP_PYTHON";

#[test]
#[ignore = "needs KBMATCH_MCP_PYTHON, a Python with the `mcp` package: run by .ci/run"]
fn the_official_python_client_drives_kbmatch_mcp() {
    let python = std::env::var_os(PYTHON_VARIABLE).unwrap_or_else(|| {
        panic!(
            "set {PYTHON_VARIABLE} to a Python with the MCP SDK: python3 -m venv target/mcp-venv && \
             target/mcp-venv/bin/pip install mcp==2.3.0"
        )
    });
    let kbmatch = env!("CARGO_BIN_EXE_kbmatch");
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let built = Command::new(kbmatch)
        .args(["index", "--corpus"])
        .arg(common::repo().join("corpus"))
        .arg("--index")
        .arg(&index)
        .output()
        .expect("run kbmatch index");
    assert!(built.status.success(), "kbmatch index: {}", String::from_utf8_lossy(&built.stderr));

    let client = common::repo().join("tests/mcp/client.py");
    let run = Command::new(&python)
        .arg(&client)
        .arg(kbmatch)
        .arg(&index)
        .arg(dir.path().join("work"))
        .env_remove("KBMATCH_INDEX")
        .output()
        .unwrap_or_else(|e| panic!("run {} {}: {e}", python.to_string_lossy(), client.display()));
    let (stdout, stderr) = (String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    println!("{stdout}");
    assert!(run.status.success(), "the MCP client failed ({}):\n{stdout}\n{stderr}", run.status);
    assert!(stdout.contains("all MCP checks passed"), "{stdout}\n{stderr}");
}
