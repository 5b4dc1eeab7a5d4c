//! Running the built `swimwire` binary, and the shared test data.

#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;

use serde::Deserialize;

/// What a run of the binary left behind.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `swimwire args…` with `stdin` as its standard input.
pub fn swimwire(args: &[&str], stdin: &[u8]) -> Run {
    let (code, stdout, stderr) = swimwire_bytes(args, stdin);
    Run {
        code,
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr,
    }
}

/// Like [`swimwire`], for output that may not be text.
pub fn swimwire_bytes(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swimwire"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // A writer of its own, so that a large input cannot block on a full
    // output pipe; the binary may stop reading early (a usage error).
    let writer = thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        output.status.code().expect("exited, not killed"),
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A path in the library's test data (`tests/data`, a copy of the SPEC's
/// vectors, bench corpus and captures).
pub fn shared(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(relative)
}

/// The bench corpus: (file name, hex), in name order.
pub fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(shared("corpus/bench"))
        .expect("the bench corpus is there")
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let hex = std::fs::read_to_string(&path).unwrap().trim().to_owned();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                hex,
            )
        })
        .collect()
}

/// Bytes of a corpus message.
pub fn corpus_bytes(name: &str) -> Vec<u8> {
    let hex = std::fs::read_to_string(shared("corpus/bench").join(name)).unwrap();
    hex::decode(hex.trim()).unwrap()
}

/// The lines of a shared vector file.
pub fn vector_lines(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(shared("vectors").join(name)).unwrap();
    text.lines().map(str::to_owned).collect()
}

/// One line of `tests/data/auth_frames.jsonl`: a frame whose tag Python's
/// `hmac` computed (see `make_auth_frames.py` there).
#[derive(Debug, Deserialize)]
pub struct AuthFrame {
    pub name: String,
    /// The secret's raw bytes, hex.
    pub key: String,
    /// `payload || tag`, hex.
    pub frame: String,
    /// Why strict decoding rejects the payload, if it does.
    pub kind: Option<String>,
    pub offset: Option<u64>,
    pub lenient_ok: Option<bool>,
}

impl AuthFrame {
    pub fn key_bytes(&self) -> Vec<u8> {
        hex::decode(&self.key).unwrap()
    }

    pub fn frame_bytes(&self) -> Vec<u8> {
        hex::decode(&self.frame).unwrap()
    }

    /// The frame without its 32-byte tag.
    pub fn payload(&self) -> Vec<u8> {
        let mut frame = self.frame_bytes();
        frame.truncate(frame.len() - 32);
        frame
    }
}

/// The frames of the core library's authenticated framing fixture.
pub fn auth_frames() -> Vec<AuthFrame> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/auth_frames.jsonl");
    std::fs::read_to_string(path)
        .expect("the auth frames fixture is there")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Writes a key file named `name` for this test run and returns its path.
pub fn key_file(name: &str, contents: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("auth-keys");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_owned()
}
