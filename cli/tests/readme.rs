//! The README's "Command-line tool" block, run as written: each command in
//! a scratch copy of the files it reads, with the built `swimwire` on
//! `PATH`; each exits as its comment says (`# exit N`, else 0) and leaves
//! the files it reads as they were.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The commands of the first `sh` block of the README's CLI section.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let section = readme
        .split("\n## Command-line tool\n")
        .nth(1)
        .expect("the README has a CLI section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the CLI section has an sh block");
    block
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The exit code a command's comment promises.
fn expected_exit(command: &str) -> i32 {
    command
        .split_once("# exit ")
        .map_or(0, |(_, rest)| rest[..1].parse().unwrap())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for sub in ["examples", "tests/data/captures"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn every_command_of_the_readme_runs_as_written_and_exits_as_it_says() {
    let commands = readme_commands();
    assert!(commands.len() >= 10, "{commands:?}");
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme");
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(&repository().join("examples"), &scratch.join("examples"));
    copy_dir(
        &repository().join("tests/data/captures"),
        &scratch.join("tests/data/captures"),
    );
    let before = snapshot(&scratch);
    let bin = Path::new(env!("CARGO_BIN_EXE_swimwire")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());

    for command in &commands {
        let output = Command::new("bash")
            .args(["-o", "pipefail", "-c", command])
            .current_dir(&scratch)
            .env("PATH", &path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(expected_exit(command)),
            "{command}\n{stderr}"
        );
        if expected_exit(command) == 0 {
            assert!(
                !output.stdout.is_empty() || command.contains("| cmp"),
                "{command}"
            );
        }
    }
    assert_eq!(snapshot(&scratch), before, "no command changes its input");
}
