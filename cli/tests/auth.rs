//! `--auth-key-file` on `decode` and `encode` (SPEC §5): frames whose tags
//! Python's `hmac` computed decode, and encoding makes them byte for byte;
//! forged, flipped and short frames are `bad_auth_tag` at offset 0; a key
//! file's trailing line ending is not part of the secret, and an empty key
//! file is refused.

mod common;

use std::collections::BTreeMap;

use common::{AuthFrame, auth_frames, corpus_bytes, key_file, swimwire, swimwire_bytes};
use serde::Deserialize;
use serde_json::Value;

/// Whether a key file can hold `secret` as it is: ember reads key files as
/// UTF-8 and drops trailing whitespace, so a secret that is not UTF-8 or
/// ends in whitespace cannot be written to one.
fn fits_a_key_file(secret: &[u8]) -> bool {
    std::str::from_utf8(secret).is_ok_and(|text| !text.is_empty() && text.trim_end() == text)
}

/// The fixture's frames whose secret fits a key file, grouped by key, each
/// group in file order.
fn frames_by_key() -> BTreeMap<String, Vec<AuthFrame>> {
    let frames = auth_frames();
    assert!(frames.len() >= 40, "{} frames", frames.len());
    let mut groups: BTreeMap<String, Vec<AuthFrame>> = BTreeMap::new();
    for frame in frames
        .into_iter()
        .filter(|f| fits_a_key_file(&f.key_bytes()))
    {
        groups.entry(frame.key.clone()).or_default().push(frame);
    }
    assert!(groups.len() >= 4, "{} keys", groups.len());
    groups
}

fn hex_lines(frames: &[Vec<u8>]) -> String {
    frames
        .iter()
        .map(|f| format!("{}\n", hex::encode(f)))
        .collect()
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `decode --lines args…` of `frames`: one JSON value a frame.
fn decode_lines(args: &[&str], frames: &[Vec<u8>]) -> Vec<Value> {
    let mut all = vec!["decode", "--lines"];
    all.extend_from_slice(args);
    let run = swimwire(&all, hex_lines(frames).as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), frames.len());
    lines
}

fn assert_bad_auth_tag(line: &Value, what: &str) {
    assert_eq!(line["ok"], false, "{what}: {line}");
    let error = line["error"].as_object().unwrap();
    assert_eq!(error.len(), 3, "kind, offset, message: {what}");
    assert_eq!(error["kind"], "bad_auth_tag", "{what}: {line}");
    assert_eq!(error["offset"], 0, "{what}: {line}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn python_frames_decode_like_their_payloads_and_keep_their_errors() {
    for (key, frames) in frames_by_key() {
        let file = key_file(&format!("decode-{key:.16}"), &hex::decode(&key).unwrap());
        let tagged: Vec<Vec<u8>> = frames.iter().map(AuthFrame::frame_bytes).collect();
        let payloads: Vec<Vec<u8>> = frames.iter().map(AuthFrame::payload).collect();

        for profile in [&[][..], &["--lenient"]] {
            let keyed: Vec<&str> = ["--auth-key-file", &file]
                .into_iter()
                .chain(profile.iter().copied())
                .collect();
            let with_key = decode_lines(&keyed, &tagged);
            // Behind a good tag, the payload decodes as it does untagged:
            // same message, same error kind and offset.
            assert_eq!(with_key, decode_lines(profile, &payloads), "{profile:?}");

            for (frame, line) in frames.iter().zip(&with_key) {
                let expected_ok = match (&frame.kind, profile.is_empty()) {
                    (None, _) => true,
                    (Some(_), true) => false,
                    (Some(_), false) => frame.lenient_ok.unwrap(),
                };
                assert_eq!(line["ok"], expected_ok, "{} {profile:?}", frame.name);
                if let (Some(kind), true) = (&frame.kind, profile.is_empty()) {
                    assert_eq!(line["error"]["kind"], kind.as_str(), "{}", frame.name);
                    if let Some(offset) = frame.offset {
                        assert_eq!(line["error"]["offset"], offset, "{}", frame.name);
                    }
                }
            }
        }
    }
}

#[test]
fn encode_with_the_key_makes_the_python_frames_byte_for_byte() {
    let mut encoded = 0;
    for (key, frames) in frames_by_key() {
        let file = key_file(&format!("encode-{key:.16}"), &hex::decode(&key).unwrap());
        let frames: Vec<&AuthFrame> = frames.iter().filter(|f| f.kind.is_none()).collect();
        let payloads: Vec<Vec<u8>> = frames.iter().map(|f| f.payload()).collect();
        let messages: String = decode_lines(&[], &payloads)
            .iter()
            .map(|line| format!("{}\n", line["message"]))
            .collect();

        let run = swimwire(
            &["encode", "--lines", "--auth-key-file", &file],
            messages.as_bytes(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let output: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(output.len(), frames.len());
        for (line, frame) in output.iter().zip(&frames) {
            assert_eq!(*line, frame.frame, "{}", frame.name);
        }
        encoded += frames.len();

        // One message: as hex, and as the frame's bytes with --raw.
        let first = messages.lines().next().unwrap();
        let run = swimwire(&["encode", "--auth-key-file", &file, first], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, format!("{}\n", frames[0].frame));
        let (code, raw, stderr) = swimwire_bytes(
            &["encode", "--raw", "--auth-key-file", &file],
            first.as_bytes(),
        );
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(raw, frames[0].frame_bytes());
    }
    assert!(encoded >= 16, "{encoded} frames");
}

#[test]
fn a_key_files_trailing_whitespace_is_not_part_of_the_secret() {
    let frame = &auth_frames()[0];
    let key = frame.key_bytes();
    assert_eq!(key, b"correct horse battery staple");
    let message = decode_lines(&[], &[frame.payload()])[0]["message"].to_string();

    for (name, suffix) in [
        ("bare", &b""[..]),
        ("lf", b"\n"),
        ("crlf", b"\r\n"),
        ("blanks", b" \t\r\n\n"),
    ] {
        let file = key_file(&format!("trim-{name}"), &[&key[..], suffix].concat());
        let run = swimwire(&["encode", "--auth-key-file", &file, &message], b"");
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, format!("{}\n", frame.frame), "{name}");
        let run = swimwire(&["decode", "--auth-key-file", &file, &frame.frame], b"");
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    }

    // Leading and inner whitespace is the secret's own.
    for (name, secret) in [
        ("leading", &b" correct horse battery staple"[..]),
        ("inner", b"correct horse  battery staple"),
    ] {
        let file = key_file(&format!("trim-{name}"), secret);
        let line = decode_lines(&["--auth-key-file", &file], &[frame.frame_bytes()]);
        assert_bad_auth_tag(&line[0], name);
    }

    // The same for any secret: `secret`, `secret\n` and `secret\r\n` are one key.
    let encode = |name: &str, contents: &[u8]| {
        let file = key_file(name, contents);
        let run = swimwire(&["encode", "--auth-key-file", &file, &message], b"");
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        run.stdout
    };
    let plain = encode("secret", b"secret");
    assert_eq!(encode("secret-lf", b"secret\n"), plain);
    assert_eq!(encode("secret-crlf", b"secret\r\n"), plain);
    assert_ne!(encode("secret-other", b"secrets\n"), plain);
    assert_ne!(
        plain,
        format!("{}\n", frame.frame),
        "another key, another tag"
    );
}

/// One line of `data/key_files.jsonl`: a key file, the secret an ember node
/// takes from it, and the frame of `join_v4` that Python's `hmac` tagged
/// with that secret (see `data/make_key_files.py`).
#[derive(Deserialize)]
struct KeyFile {
    name: String,
    file: String,
    /// The secret, hex: what the file says, as ember reads it.
    secret: String,
    frame: String,
}

#[test]
fn key_files_read_as_ember_reads_them_tag_as_python_computed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/key_files.jsonl");
    let cases: Vec<KeyFile> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(cases.len() >= 10);
    let payload = corpus_bytes("join_v4.hex");
    let message = decode_lines(&[], &[payload])[0]["message"].to_string();
    for case in &cases {
        let file = key_file(
            &format!("ember-{}", case.name),
            &hex::decode(&case.file).unwrap(),
        );
        let run = swimwire(&["encode", "--auth-key-file", &file, &message], b"");
        assert_eq!(run.code, 0, "{}: {}", case.name, run.stderr);
        assert_eq!(run.stdout, format!("{}\n", case.frame), "{}", case.name);
        let run = swimwire(&["decode", "--auth-key-file", &file, &case.frame], b"");
        assert_eq!(run.code, 0, "{}: {}", case.name, run.stderr);
        // What was trimmed is not part of the key: a file of just the
        // secret's bytes, where they differ, tags the same.
        if case.secret != case.file {
            let exact = key_file(
                &format!("exact-{}", case.name),
                &hex::decode(&case.secret).unwrap(),
            );
            let run = swimwire(&["encode", "--auth-key-file", &exact, &message], b"");
            assert_eq!(run.stdout, format!("{}\n", case.frame), "{}", case.name);
        }
    }
}

#[test]
fn a_key_file_that_is_not_utf8_is_exit_2_naming_it() {
    let frame = &auth_frames()[0];
    let file = key_file("latin1", b"s\xe9cret\n");
    for args in [
        &["decode", &frame.frame][..],
        &["encode", "--lines"],
        &["pcap", "-"],
    ] {
        let all: Vec<&str> = args
            .iter()
            .copied()
            .chain(["--auth-key-file", &file])
            .collect();
        let run = swimwire(&all, b"");
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(&file), "{}", run.stderr);
        assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
    }
}

#[test]
fn an_empty_or_unreadable_key_file_is_exit_2_for_every_command() {
    let frame = &auth_frames()[0];
    let message = decode_lines(&[], &[frame.payload()])[0]["message"].to_string();
    let empty = key_file("empty", b"");
    let blank = key_file("blank", b" \r\n\t\n");
    let missing = key_file("missing", b"");
    std::fs::remove_file(&missing).unwrap();

    for (file, says) in [
        (&empty, "is empty"),
        (&blank, "is empty"),
        (&missing, "cannot read key file"),
    ] {
        for args in [
            &["decode", &frame.frame][..],
            &["decode", "--lines"],
            &["decode", "--raw"],
            &["encode", &message],
            &["encode", "--lines"],
            &["pcap", "capture.pcap"],
        ] {
            let all: Vec<&str> = args
                .iter()
                .copied()
                .chain(["--auth-key-file", file])
                .collect();
            let stdin = format!("{}\n", frame.frame);
            let run = swimwire(&all, stdin.as_bytes());
            assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
            assert_eq!(run.stdout, "", "{all:?}");
            assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
            assert!(run.stderr.contains(says), "{all:?}: {}", run.stderr);
            assert!(run.stderr.contains(file.as_str()), "{}", run.stderr);
        }
    }
}

/// A good frame of a valid message, and frames that must not pass for it.
struct Forgeries {
    /// The key, hex.
    key: String,
    good: Vec<u8>,
    /// What was done, and the frame it gave.
    forged: Vec<(&'static str, Vec<u8>)>,
}

fn forgeries() -> Forgeries {
    let frames = auth_frames();
    let good = frames
        .iter()
        .find(|f| f.name == "bench/ack_piggyback_11")
        .unwrap();
    assert!(fits_a_key_file(&good.key_bytes()));
    let bad_payload = frames
        .iter()
        .find(|f| f.key == good.key && f.kind.as_deref() == Some("unknown_message_type"))
        .unwrap();
    let other_key = frames.iter().find(|f| f.key != good.key).unwrap();
    let frame = good.frame_bytes();
    let flip = |index: usize, bit: u8| {
        let mut forged = frame.clone();
        forged[index] ^= bit;
        forged
    };
    let mut retagged = bad_payload.frame_bytes();
    *retagged.last_mut().unwrap() ^= 0x80;

    let forged = vec![
        ("flipped tag bit", flip(frame.len() - 1, 0x01)),
        ("flipped payload bit", flip(5, 0x10)),
        (
            "flipped bit in the first tag byte",
            flip(good.payload().len(), 0x40),
        ),
        ("payload without its tag", good.payload()),
        ("31 bytes", frame[..31].to_vec()),
        ("tag alone", frame[frame.len() - 32..].to_vec()),
        ("empty", Vec::new()),
        ("another key's frame", other_key.frame_bytes()),
        ("an invalid payload with a forged tag", retagged),
    ];
    Forgeries {
        key: good.key.clone(),
        good: frame,
        forged,
    }
}

#[test]
fn forged_flipped_and_short_frames_are_bad_auth_tag_at_offset_0_in_lines() {
    let Forgeries { key, good, forged } = forgeries();
    let file = key_file("forged-lines", &hex::decode(key).unwrap());
    let mut frames = vec![good.clone()];
    frames.extend(forged.iter().map(|(_, frame)| frame.clone()));
    frames.push(good);

    for profile in [&[][..], &["--lenient"]] {
        let args: Vec<&str> = ["--auth-key-file", file.as_str()]
            .into_iter()
            .chain(profile.iter().copied())
            .collect();
        let lines = decode_lines(&args, &frames);
        assert_eq!(lines[0]["ok"], true, "{}", lines[0]);
        assert_eq!(lines[0], lines[lines.len() - 1]);
        for ((what, _), line) in forged.iter().zip(&lines[1..]) {
            assert_bad_auth_tag(line, what);
        }
    }
}

#[test]
fn forged_flipped_and_short_frames_are_exit_1_in_single_mode() {
    let Forgeries { key, good, forged } = forgeries();
    let file = key_file("forged-single", &hex::decode(key).unwrap());

    let run = swimwire(
        &["decode", "--auth-key-file", &file, &hex::encode(&good)],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let message: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(message["type"], "ack");

    let expected = "error: bad_auth_tag at byte 0: authentication tag is missing or wrong\n";
    for (what, frame) in &forged {
        let run = swimwire(
            &["decode", "--auth-key-file", &file, &hex::encode(frame)],
            b"",
        );
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{what}");
        assert_eq!(run.stderr, expected, "{what}");

        let (code, stdout, stderr) =
            swimwire_bytes(&["decode", "--raw", "--auth-key-file", &file], frame);
        assert_eq!((code, stdout.len()), (1, 0), "--raw, {what}");
        assert_eq!(stderr, expected, "--raw, {what}");
    }
}
