//! What the end-to-end tests of the `drillhall` binary share: running it and reading what it
//! said.

#![allow(dead_code)] // each test file uses the part it needs

use std::path::{Path, PathBuf};

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `drillhall` from the repository root with the arguments, colour off by default as
/// under CI, and collects its exit code and output.
pub fn drillhall(args: &[&str]) -> Run {
    drillhall_with(args, &[])
}

/// Like [`drillhall`], with extra environment variables.
pub fn drillhall_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_in(&root(), args, env)
}

/// Like [`drillhall`], run from another directory (a scratch copy of a library).
pub fn drillhall_in(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, &[])
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("drillhall");
    cmd.current_dir(dir).env_remove("NO_COLOR").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("the drillhall binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("drillhall exits with a code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The repository root (the tests run the binary from there, with relative paths as a user
/// would write them).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled scenario every example uses.
pub const BUNDLED: &str = "scenarios/leaked-ci-deploy-token.yaml";

/// A scratch directory for this test binary, created if needed.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("the scratch directory can be created");
    dir
}

/// An empty scratch directory `group/name` for one test (emptied if a run left it).
pub fn empty_scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch directory can be made");
    dir
}

/// The files of a directory of the repository with the extension, sorted.
pub fn files_in(dir: &str, extension: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .map(|entries| {
            entries
                .map(|e| e.expect("a readable directory entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == extension))
                .map(|p| {
                    p.strip_prefix(root())
                        .expect("under the root")
                        .display()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
