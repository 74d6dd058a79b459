//! `drillhall completions SHELL` and `drillhall man`: the shell scripts and the manual page
//! are generated from the argument definitions, for every shell, and render.

mod cli_support;

use std::io::Write;
use std::process::{Command, Stdio};

use cli_support::drillhall;

/// What marks each shell's script, and how it names a file argument.
const SHELLS: &[(&str, &str, &str)] = &[
    ("bash", "complete -F _drillhall", "compgen -f"),
    ("zsh", "#compdef drillhall", "_files"),
    ("fish", "complete -c drillhall", "-F"),
    ("powershell", "Register-ArgumentCompleter", "'check'"),
];

#[test]
fn completions_generate_for_every_shell_with_every_subcommand() {
    for (shell, marker, files) in SHELLS {
        let run = drillhall(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: no `{marker}`");
        assert!(run.stdout.contains(files), "{shell}: no `{files}`");
        for sub in [
            "validate",
            "check",
            "replay",
            "schema",
            "completions",
            "man",
        ] {
            assert!(
                run.stdout.contains(sub),
                "{shell}: `{sub}` is not completed"
            );
        }
        let sarif = if *shell == "fish" {
            "-l sarif"
        } else {
            "--sarif"
        };
        assert!(
            run.stdout.contains(sarif),
            "{shell}: `check --sarif` is completed"
        );
    }
}

#[test]
fn the_bash_and_zsh_scripts_parse() {
    for (shell, flag) in [("bash", "-n"), ("zsh", "-n")] {
        if Command::new(shell).arg("-c").arg("true").status().is_err() {
            println!("skipped {shell}: not installed");
            continue;
        }
        let run = drillhall(&["completions", shell]);
        let mut child = Command::new(shell)
            .arg(flag)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the shell starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(run.stdout.as_bytes())
            .expect("the script is written");
        let out = child.wait_with_output().expect("the shell ends");
        assert!(
            out.status.success(),
            "{shell} -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn file_arguments_complete_file_names() {
    // zsh names its completer per argument: a journal and a scenario complete as files.
    let run = drillhall(&["completions", "zsh"]);
    let replay = run
        .stdout
        .lines()
        .find(|l| l.contains(":JOURNAL"))
        .expect("replay's JOURNAL argument is completed");
    assert!(replay.contains("_files"), "{replay}");
    let check = run
        .stdout
        .lines()
        .find(|l| l.contains("--sessions") && l.contains(":DIR"))
        .expect("check's --sessions is completed");
    assert!(check.contains("_files -/"), "directories only: {check}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = drillhall(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bash, zsh, fish, powershell"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_man_page_renders_with_man() {
    let run = drillhall(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH drillhall 1"),
        "roff"
    );
    for page in ["drillhall-check", "drillhall-replay", "drillhall-schema"] {
        assert!(
            run.stdout.contains(&format!(".TH {page} 1")),
            "{page}(1) is in the page"
        );
    }
    if Command::new("man").arg("--version").output().is_err() {
        println!("skipped rendering: `man` is not installed (apt-get install man-db groff-base)");
        return;
    }
    let mut child = Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(run.stdout.as_bytes())
        .expect("the page is written");
    let out = child.wait_with_output().expect("man ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "man -l: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("NAME") && text.contains("SYNOPSIS"), "{text}");
    assert!(
        text.contains("drillhall-check(1)"),
        "the check page renders"
    );
    assert!(
        text.contains("Deterministic drill simulator"),
        "the description renders"
    );
}

#[test]
fn version_names_the_engine_and_the_formats() {
    let run = drillhall(&["--version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        run.stdout,
        format!(
            "drillhall {version}\nengine {}\nscenario format drillhall/v1\njournal format {}\n",
            drillhall_engine::ENGINE_VERSION,
            drillhall_engine::journal::FORMAT
        )
    );
}
