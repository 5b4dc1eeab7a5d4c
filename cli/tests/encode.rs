//! `swimwire encode`: exit codes, field paths in errors, `--lines`, `--raw`
//! and `--max-collection`.

mod common;

use common::{corpus_bytes, swimwire, swimwire_bytes, vector_lines};
use serde_json::{Value, json};

const NODE: &str = "00000000-0000-0000-0000-000000000001";
const JOIN_HEX: &str = "040000000000000000000000000000000104c0a800011e1b";

fn join() -> Value {
    json!({"type": "join", "sender": NODE, "sender_addr": "192.168.0.1:6942"})
}

/// Runs `encode` on `message` and returns (exit code, stderr).
fn refusal(message: &Value) -> (i32, String) {
    let run = swimwire(&["encode", &message.to_string()], b"");
    assert_eq!(run.stdout, "", "nothing on stdout for {message}");
    (run.code, run.stderr)
}

#[test]
fn json_from_the_argument_or_stdin_becomes_hex_with_exit_0() {
    let run = swimwire(&["encode", &join().to_string()], b"");
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "040000000000000000000000000000000104c0a800011e1b\n", "")
    );
    let pretty = serde_json::to_string_pretty(&join()).unwrap();
    let run = swimwire(&["encode"], pretty.as_bytes());
    assert_eq!(run.stdout, format!("{JOIN_HEX}\n"));
}

#[test]
fn raw_writes_the_bytes_themselves() {
    let (code, stdout, _) = swimwire_bytes(&["encode", "--raw", &join().to_string()], b"");
    assert_eq!(code, 0);
    assert_eq!(stdout, hex::decode(JOIN_HEX).unwrap());
}

#[test]
fn invalid_json_is_exit_1() {
    for text in ["{\"type\":", "", "[1, 2]", "{\"type\":\"join\"} extra"] {
        let run = swimwire(&["encode", text], b"");
        assert_eq!(run.code, 1, "{text:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{text:?}: {}",
            run.stderr
        );
    }
    let (code, stderr) = refusal(&json!({"type": "pong", "sender": NODE}));
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown variant `pong`"), "{stderr}");
}

#[test]
fn a_bad_value_is_named_by_its_field_path() {
    let cases = [
        (
            json!({"type": "join", "sender": "not-a-uuid", "sender_addr": "1.2.3.4:1"}),
            "error: .sender: ",
        ),
        (
            json!({"type": "join", "sender": NODE, "sender_addr": "1.2.3.4"}),
            "error: .sender_addr: invalid socket address syntax",
        ),
        (
            json!({"type": "ping_req", "seq": -1, "sender": NODE, "target": NODE, "target_addr": "[::1]:1"}),
            "error: .seq: invalid value: integer `-1`, expected u64",
        ),
        (
            json!({"type": "slots_announce", "sender": NODE, "incarnation": 1, "slots": [[0, 1], [5, 16384]]}),
            "error: .slots[1]: invalid slot range [5, 16384]: need start <= end < 16384",
        ),
        (
            json!({"type": "ack", "seq": 1, "sender": NODE, "updates": [
                {"type": "left", "node": NODE},
                {"type": "role_changed", "node": NODE, "incarnation": 1, "is_primary": false, "replicates": "x"},
            ]}),
            "error: .updates[1].replicates: ",
        ),
        (
            json!({"type": "ping", "seq": 1, "sender": NODE, "updates": [
                {"type": "slots_changed", "node": NODE, "incarnation": 1, "slots": [[3, 2]]},
            ]}),
            "error: .updates[0].slots[0]: invalid slot range [3, 2]",
        ),
        (
            json!({"type": "welcome", "sender": NODE, "members": [
                {"id": NODE, "addr": "1.2.3.4:1", "incarnation": 1, "is_primary": "yes", "slots": []},
            ]}),
            "error: .members[0].is_primary: invalid type: string \"yes\", expected a boolean",
        ),
        (
            json!({"type": "ping", "seq": 1, "sender": NODE, "updates": [{"type": "left"}]}),
            "error: .updates[0]: missing field `node`",
        ),
        (
            json!({"type": "ping", "seq": 1, "sender": NODE, "updates": [{"type": "gone", "node": NODE}]}),
            "error: .updates[0]: unknown variant `gone`",
        ),
        (
            json!({"type": "join", "sender": NODE, "sender_addr": "1.2.3.4:1", "colour": "red"}),
            "error: unknown field `colour`",
        ),
        (
            json!({"type": "join", "sender": NODE, "sender_addr": "[fe80::1%3]:7946"}),
            "error: .sender_addr: IPv6 flow label and scope id cannot be encoded",
        ),
    ];
    for (message, expected) in cases {
        let (code, stderr) = refusal(&message);
        assert_eq!(code, 1, "{message}");
        assert!(stderr.starts_with(expected), "{message}:\n{stderr}");
    }
}

#[test]
fn errors_speak_of_the_specs_shapes_not_of_rust_types() {
    let cases = [
        (
            format!(
                r#"{{"type":"ping","seq":18446744073709551616,"sender":"{NODE}","updates":[]}}"#
            ),
            "error: .seq: a whole number over 18446744073709551615 (2^64 - 1), the largest u64\n",
        ),
        (
            "[1, 2]".to_owned(),
            "error: invalid type: sequence, expected a message: a JSON object with \"type\" and its fields (SPEC §8)\n",
        ),
        (
            format!(r#"{{"type":"ping","seq":1,"sender":"{NODE}","updates":[5]}}"#),
            "error: .updates[0]: expected an update: a JSON object with \"type\" and its fields (SPEC §8)\n",
        ),
        (
            format!(r#"{{"type":"ping","seq":1,"sender":"{NODE}","updates":{{}}}}"#),
            "error: .updates: invalid type: map, expected a list",
        ),
        (
            format!(r#"{{"type":5,"sender":"{NODE}"}}"#),
            "error: .type: invalid type: integer `5`, expected a string\n",
        ),
    ];
    for (text, expected) in cases {
        let run = swimwire(&["encode", &text], b"");
        assert_eq!(run.code, 1, "{text}");
        assert!(run.stderr.starts_with(expected), "{text}:\n{}", run.stderr);
        for rust in [
            "Buf",
            "internally tagged",
            "variant identifier",
            "floating point",
        ] {
            assert!(!run.stderr.contains(rust), "{text}:\n{}", run.stderr);
        }
    }
}

#[test]
fn a_bad_value_deep_in_megabytes_of_json_is_found_by_its_path() {
    // A Welcome of 30,000 members, 4 MB of JSON, the last one's address bad.
    let member = |addr: &str| json!({"id": NODE, "addr": addr, "incarnation": 1, "is_primary": true, "slots": [[0, 1]]});
    let mut members = vec![member("10.0.0.1:17946"); 29_999];
    members.push(member("10.0.0.1"));
    let welcome = json!({"type": "welcome", "sender": NODE, "members": members}).to_string();
    assert!(welcome.len() > 3_500_000, "{}", welcome.len());
    let run = swimwire(&["encode", "--max-collection", "65535"], welcome.as_bytes());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: .members[29999].addr: invalid socket address syntax\n"
    );
}

#[test]
fn a_list_over_the_limit_is_named_and_max_collection_raises_the_limit() {
    let left = json!({"type": "left", "node": NODE});
    let ping = json!({"type": "ping", "seq": 1, "sender": NODE, "updates": vec![left; 1025]});
    let (code, stderr) = refusal(&ping);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: .updates: list of 1025 items is over the limit of 1024 (see --max-collection)\n"
    );
    let run = swimwire(
        &["encode", "--max-collection", "1025", &ping.to_string()],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Tag, seq, sender, count, then 17 bytes an update.
    assert_eq!(run.stdout.trim().len(), 2 * (1 + 8 + 16 + 2 + 1025 * 17));

    let member = |slots: usize| json!({"id": NODE, "addr": "[::1]:1", "incarnation": 0, "is_primary": false, "slots": vec![[0, 0]; slots]});
    let welcome = json!({"type": "welcome", "sender": NODE, "members": [member(2), member(3)]});
    let run = swimwire(
        &["encode", "--max-collection", "2", &welcome.to_string()],
        b"",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: .members[1].slots: list of 3 items"),
        "{}",
        run.stderr
    );
}

#[test]
fn lines_encode_in_order_and_a_bad_line_leaves_an_empty_line_and_exit_1() {
    let bytes = corpus_bytes("ping_empty.hex");
    let ping = swimwire(&["decode", &hex::encode(&bytes)], b"");
    let ping: Value = serde_json::from_str(&ping.stdout).unwrap();
    let input = format!("{}\nnot json\n{}\n", join(), ping);
    let run = swimwire(&["encode", "--lines"], input.as_bytes());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        format!("{JOIN_HEX}\n\n{}\n", hex::encode(&bytes))
    );
    assert!(
        run.stderr.starts_with("error: line 2: invalid JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: 1 of 3 lines could not be encoded\n"),
        "{}",
        run.stderr
    );

    let good = format!("{}\n{}\n", join(), ping);
    let run = swimwire(&["encode", "--lines"], good.as_bytes());
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

/// The `hex` of each line of a vector file.
fn vector_hex(name: &str) -> Vec<String> {
    vector_lines(name)
        .iter()
        .map(|line| {
            let vector: Value = serde_json::from_str(line).unwrap();
            vector["hex"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn decode_lines_then_encode_lines_gives_back_every_valid_input() {
    // Valid and invalid messages in turn, and a line that is not hex.
    let valid = vector_hex("valid.jsonl");
    let invalid = vector_hex("invalid.jsonl");
    let mut input: Vec<String> = valid
        .iter()
        .zip(&invalid)
        .flat_map(|(good, bad)| [good.clone(), bad.clone()])
        .collect();
    input.push("not hex".to_owned());
    let text: String = input.iter().map(|line| format!("{line}\n")).collect();

    let decoded = swimwire(&["decode", "--lines"], text.as_bytes());
    assert_eq!(decoded.code, 0, "{}", decoded.stderr);
    let encoded = swimwire(&["encode", "--lines"], decoded.stdout.as_bytes());

    let expected: Vec<&str> = valid
        .iter()
        .flat_map(|good| [good.as_str(), ""])
        .chain([""])
        .collect();
    assert_eq!(encoded.stdout.lines().collect::<Vec<_>>(), expected);
    assert_eq!(encoded.code, 1);
    let refused = encoded
        .stderr
        .lines()
        .filter(|line| line.contains("\"ok\":false: this line reports input that did not decode"))
        .count();
    assert_eq!(refused, invalid.len() + 1, "{}", encoded.stderr);
    assert!(
        encoded.stderr.ends_with(&format!(
            "error: {} of {} lines could not be encoded\n",
            invalid.len() + 1,
            input.len()
        )),
        "{}",
        encoded.stderr
    );
}

#[test]
fn a_reported_line_names_its_kind_and_a_bad_message_in_it_by_its_path() {
    let line = json!({"ok": false, "error": {"kind": "truncated", "offset": 3, "message": "…"}});
    let run = swimwire(&["encode", "--lines"], format!("{line}\n").as_bytes());
    assert!(
        run.stderr.starts_with("error: line 1: \"ok\":false: this line reports input that did not decode (truncated at byte 3)"),
        "{}",
        run.stderr
    );
    let mut message = join();
    message["sender_addr"] = json!("nowhere");
    let line = json!({"ts": "2023-11-14T22:13:20.123456Z", "ok": true, "message": message});
    let run = swimwire(&["encode", "--lines"], format!("{line}\n").as_bytes());
    assert!(
        run.stderr
            .starts_with("error: line 1: .message.sender_addr: "),
        "{}",
        run.stderr
    );
    // A line of `pcap` encodes as its message does.
    let line = json!({"ts": "2023-11-14T22:13:20.123456Z", "src": "10.0.0.1:1", "dst": "10.0.0.2:2", "ok": true, "message": join()});
    let run = swimwire(&["encode", "--lines"], format!("{line}\n").as_bytes());
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, format!("{JOIN_HEX}\n").as_str())
    );
}

#[test]
fn usage_errors_are_exit_2() {
    for args in [
        &["encode", "--lines", "{}"][..],
        &["encode", "--lines", "--raw"],
        &["encode", "--max-collection", "none"],
    ] {
        let run = swimwire(args, b"");
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn u64_fields_take_decimal_strings_that_json_tools_keep_exact() {
    // seq 2^63 + 1: jq 1.6 and JavaScript would make it 9223372036854776000.
    let number = format!(
        r#"{{"type":"ack","seq":9223372036854775809,"sender":"{NODE}","updates":[
            {{"type":"suspect","node":"{NODE}","incarnation":18446744073709551615}},
            {{"type":"vote_request","candidate":"{NODE}","epoch":7,"offset":8}}]}}"#
    );
    let string = format!(
        r#"{{"type":"ack","seq":"9223372036854775809","sender":"{NODE}","updates":[
            {{"type":"suspect","node":"{NODE}","incarnation":"18446744073709551615"}},
            {{"type":"vote_request","candidate":"{NODE}","epoch":"7","offset":"8"}}]}}"#
    );
    let from_number = swimwire(&["encode", &number], b"");
    assert_eq!(from_number.code, 0, "{}", from_number.stderr);
    let from_string = swimwire(&["encode", &string], b"");
    assert_eq!(from_string.code, 0, "{}", from_string.stderr);
    assert_eq!(from_string.stdout, from_number.stdout);
    // 03, then seq little-endian: 2^63 + 1.
    assert!(
        from_string.stdout.starts_with("030100000000000080"),
        "{}",
        from_string.stdout
    );

    for (seq, expected) in [
        (
            "\"18446744073709551616\"",
            "error: .seq: a whole number over 18446744073709551615 (2^64 - 1), the largest u64\n",
        ),
        (
            "\"12a\"",
            "error: .seq: expected a u64: a whole number from 0 to 18446744073709551615, or its decimal digits in a string\n",
        ),
        (
            "\" 1\"",
            "error: .seq: expected a u64: a whole number from 0 to 18446744073709551615, or its decimal digits in a string\n",
        ),
    ] {
        let text = format!(r#"{{"type":"ping","seq":{seq},"sender":"{NODE}","updates":[]}}"#);
        let run = swimwire(&["encode", &text], b"");
        assert_eq!((run.code, run.stderr.as_str()), (1, expected), "{seq}");
    }
    let text = format!(
        r#"{{"type":"ping","seq":1,"sender":"{NODE}","updates":[{{"type":"dead","node":"{NODE}","incarnation":"-1"}}]}}"#
    );
    let run = swimwire(&["encode", &text], b"");
    assert!(
        run.stderr
            .starts_with("error: .updates[0].incarnation: expected a u64"),
        "{}",
        run.stderr
    );
}
