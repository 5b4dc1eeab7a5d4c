//! `swimwire decode`: exit codes, error lines, `--lines`, `--raw`,
//! `--lenient` and `--max-collection`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{corpus_bytes, swimwire};
use serde_json::{Value, json};

const JOIN: &str = "040000000000000000000000000000000104c0a800011e1b";

fn join_json() -> Value {
    json!({
        "type": "join",
        "sender": "00000000-0000-0000-0000-000000000001",
        "sender_addr": "192.168.0.1:6942",
    })
}

#[test]
fn a_valid_message_is_printed_as_pretty_json_with_exit_0() {
    let run = swimwire(&["decode", JOIN], b"");
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    // The SPEC's field order, two-space indents.
    let expected = r#"{
  "type": "join",
  "sender": "00000000-0000-0000-0000-000000000001",
  "sender_addr": "192.168.0.1:6942"
}
"#;
    assert_eq!(run.stdout, expected);
}

#[test]
fn an_invalid_message_says_kind_offset_and_meaning_with_exit_1() {
    let run = swimwire(&["decode", "01"], b"");
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: truncated at byte 1: input ends inside a field or record\n"
    );

    let run = swimwire(&["decode"], b"09\n");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown_message_type at byte 0: unknown message type tag\n"
    );
}

#[test]
fn text_that_is_not_hex_is_exit_2() {
    let run = swimwire(&["decode", "04 0g"], b"");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: bad_hex at character 4: 'g' is not a hex digit\n"
    );

    let run = swimwire(&["decode"], b"040\n");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("odd number of hex digits"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_are_exit_2() {
    for args in [
        &["decode", "--no-such-flag"][..],
        &["decode", "--raw", JOIN],
        &["decode", "--lines", JOIN],
        &["decode", "--lines", "--raw"],
        &["decode", "--max-collection", "0", JOIN],
        &["decode", "--max-collection", "65536", JOIN],
        &["frobnicate"],
        &[],
    ] {
        let run = swimwire(args, b"");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    for command in [&[][..], &["decode"], &["encode"], &["pcap"]] {
        let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        let run = swimwire(&args, b"");
        assert_eq!(run.code, 0, "{args:?}");
        let examples = run
            .stdout
            .split("Examples")
            .nth(1)
            .unwrap_or_else(|| panic!("{args:?}"));
        let command = command.first().copied().unwrap_or("decode");
        assert!(
            examples.contains(&format!("swimwire {command} ")),
            "{args:?}: {examples}"
        );
    }
}

#[test]
fn raw_bytes_from_stdin_decode_like_their_hex() {
    let bytes = corpus_bytes("ack_piggyback_11.hex");
    let raw = swimwire(&["decode", "--raw"], &bytes);
    assert_eq!(raw.code, 0, "{}", raw.stderr);
    let hex = swimwire(&["decode", &hex::encode(&bytes)], b"");
    assert_eq!(raw.stdout, hex.stdout);
    assert_eq!(
        serde_json::from_str::<Value>(&raw.stdout).unwrap()["type"],
        "ack"
    );
}

#[test]
fn lines_mixes_messages_and_errors_in_input_order_with_exit_0() {
    let input = format!("{JOIN}\n01\nnot hex\n\n  {JOIN}  \r\n{JOIN}00\n0\n{JOIN}");
    let run = swimwire(&["decode", "--lines"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ok = json!({"ok": true, "message": join_json()});
    let error = |kind: &str, offset: u64, message: &str| json!({"ok": false, "error": {"kind": kind, "offset": offset, "message": message}});
    // Text that is not hex is placed by its column in the line: an offset
    // is always a byte of a message.
    let bad_hex = |column: u64, message: &str| json!({"ok": false, "error": {"kind": "bad_hex", "column": column, "message": message}});
    assert_eq!(
        lines,
        [
            ok.clone(),
            error("truncated", 1, "input ends inside a field or record"),
            bad_hex(0, "'n' is not a hex digit"),
            error("truncated", 0, "input ends inside a field or record"),
            ok.clone(),
            error("trailing_bytes", 24, "bytes left over after the message"),
            bad_hex(0, "odd number of hex digits: this last one has no pair"),
            ok,
        ]
    );
    // Compact: no space after a key or between entries.
    assert!(
        run.stdout
            .lines()
            .all(|l| !l.contains("\": ") && !l.contains(", \""))
    );
}

#[test]
fn lenient_accepts_trailing_bytes_and_reports_them_on_stderr_only() {
    let run = swimwire(&["decode", "--lenient", &format!("{JOIN}0000")], b"");
    assert_eq!(run.code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        join_json()
    );
    assert_eq!(
        run.stderr,
        "warning: 2 bytes after the message ignored (lenient)\n"
    );

    let strict = swimwire(&["decode", &format!("{JOIN}0000")], b"");
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .stderr
            .starts_with("error: trailing_bytes at byte 24:")
    );

    // In --lines the line says how many, and stderr stays quiet.
    let input = format!("{JOIN}\n{JOIN}00\n");
    let run = swimwire(&["decode", "--lines", "--lenient"], input.as_bytes());
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0], json!({"ok": true, "message": join_json()}));
    assert_eq!(
        lines[1],
        json!({"ok": true, "trailing": 1, "message": join_json()})
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn lenient_reads_any_nonzero_bool_as_true() {
    // A Welcome member's is_primary: after tag, sender, count (19 bytes),
    // then id, addr and incarnation (31 bytes).
    let member = "00000000000000000000000000000002" // id
        .to_owned()
        + "047f0000011e1b" // 127.0.0.1:6942
        + "0500000000000000" // incarnation 5
        + "02" // is_primary: 2
        + "0000"; // no slots
    let welcome = format!("05{}0100{member}", "00000000000000000000000000000001");
    let strict = swimwire(&["decode", &welcome], b"");
    assert_eq!(strict.code, 1);
    assert!(
        strict.stderr.starts_with("error: invalid_bool at byte 50:"),
        "{}",
        strict.stderr
    );
    let lenient = swimwire(&["decode", "--lenient", &welcome], b"");
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    let message: Value = serde_json::from_str(&lenient.stdout).unwrap();
    assert_eq!(message["members"][0]["is_primary"], true);
}

#[test]
fn max_collection_sets_the_list_limit() {
    // 1024 Left updates: within the default limit, over a limit of 1000.
    let hex = hex::encode(corpus_bytes("ping_1024_left.hex"));
    assert_eq!(swimwire(&["decode", &hex], b"").code, 0);
    let run = swimwire(&["decode", "--max-collection", "1000", &hex], b"");
    assert_eq!(run.code, 1);
    // The count follows the tag, seq and sender: 1 + 8 + 16.
    assert!(
        run.stderr
            .starts_with("error: count_over_limit at byte 25:"),
        "{}",
        run.stderr
    );
    let lines = swimwire(
        &["decode", "--lines", "--max-collection", "1000"],
        hex.as_bytes(),
    );
    let line: Value = serde_json::from_str(lines.stdout.trim()).unwrap();
    assert_eq!(line["error"]["kind"], "count_over_limit");
    assert_eq!(line["error"]["offset"], 25);
    // Both say which option raises the limit.
    assert!(run.stderr.contains("--max-collection"), "{}", run.stderr);
    let message = line["error"]["message"].as_str().unwrap();
    assert!(message.contains("--max-collection"), "{message}");
}

#[test]
fn lines_answers_each_line_before_the_next_arrives() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swimwire"))
        .args(["decode", "--lines"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let output = BufReader::new(child.stdout.take().unwrap());
    let (sender, answers) = mpsc::channel();
    let reader = thread::spawn(move || {
        for line in output.lines() {
            sender.send(line.unwrap()).unwrap();
        }
    });
    for round in 0..3 {
        writeln!(input, "{JOIN}").unwrap();
        input.flush().unwrap();
        let answer = answers.recv_timeout(Duration::from_secs(30));
        if answer.is_err() {
            child.kill().unwrap();
        }
        let answer: Value = serde_json::from_str(&answer.unwrap()).unwrap();
        assert_eq!(answer["message"], join_json(), "round {round}");
    }
    drop(input);
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
}

#[test]
fn a_line_too_long_for_any_message_is_an_error_line_and_the_next_line_is_read() {
    // 3 MiB of hex on one line, between two good lines.
    let long = "00".repeat(3 << 19);
    let input = format!("{JOIN}\n{long}\n{JOIN}\n");
    let run = swimwire(&["decode", "--lines"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], lines[2]);
    assert_eq!(
        lines[1],
        json!({"ok": false, "error": {"kind": "line_too_long", "message":
            "a line of 3145729 bytes is over the 1048576 read, longer than the hex of any message could be"}})
    );
    // One message on stdin over the same limit is exit 2, and says so.
    let run = swimwire(&["decode"], long.as_bytes());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("longer than any message could be"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_tag_length_left_over_without_a_key_points_at_auth_key_file() {
    let tagged = format!("{JOIN}{}", "ab".repeat(32));
    let strict = swimwire(&["decode", &tagged], b"");
    assert_eq!(strict.code, 1);
    assert!(
        strict.stderr.contains("--auth-key-file"),
        "{}",
        strict.stderr
    );
    let lenient = swimwire(&["decode", "--lenient", &tagged], b"");
    assert_eq!(lenient.code, 0);
    assert!(
        lenient.stderr.contains("--auth-key-file"),
        "{}",
        lenient.stderr
    );
    let lines = swimwire(
        &["decode", "--lines"],
        format!("{tagged}\n{JOIN}00\n").as_bytes(),
    );
    let lines: Vec<Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let message = lines[0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("--auth-key-file"), "{message}");
    // One byte too many is not a tag.
    let message = lines[1]["error"]["message"].as_str().unwrap();
    assert!(!message.contains("--auth-key-file"), "{message}");
}
