//! The bench corpus and the shared vectors through the binary, both ways:
//! bytes to the SPEC §8 JSON, byte for byte, and that JSON back to the bytes.

mod common;

use common::{corpus, swimwire, vector_lines};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Valid<'a> {
    hex: String,
    #[serde(borrow)]
    message: &'a RawValue,
}

#[derive(Deserialize)]
struct Invalid {
    hex: String,
    kind: String,
    offset: Option<u64>,
    lenient_ok: bool,
}

/// The vector's JSON as compact JSON prints it: the vectors put a space
/// after `,` and `:`, and no string in the SPEC's shape holds a space.
fn compact(json: &RawValue) -> String {
    json.get().replace(' ', "")
}

#[test]
fn valid_vectors_decode_line_by_line_to_their_json_byte_for_byte() {
    let lines = vector_lines("valid.jsonl");
    assert_eq!(lines.len(), 300);
    let vectors: Vec<Valid> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let input: String = vectors.iter().map(|v| format!("{}\n", v.hex)).collect();

    let run = swimwire(&["decode", "--lines"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(output.len(), vectors.len());
    for (number, (line, vector)) in output.iter().zip(&vectors).enumerate() {
        let expected = format!(r#"{{"ok":true,"message":{}}}"#, compact(vector.message));
        assert_eq!(*line, expected, "vector {}", number + 1);
    }
}

#[test]
fn valid_vectors_encode_line_by_line_to_their_bytes() {
    let vectors: Vec<String> = vector_lines("valid.jsonl");
    let vectors: Vec<Valid> = vectors
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // As the vectors write them, spaces and all.
    let input: String = vectors
        .iter()
        .map(|v| format!("{}\n", v.message.get()))
        .collect();

    let run = swimwire(&["encode", "--lines"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(output.len(), vectors.len());
    for (number, (line, vector)) in output.iter().zip(&vectors).enumerate() {
        assert_eq!(*line, vector.hex, "vector {}", number + 1);
    }
}

#[test]
fn invalid_vectors_are_rejected_line_by_line_with_their_kind_and_offset() {
    let vectors: Vec<Invalid> = vector_lines("invalid.jsonl")
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(vectors.len(), 300);
    let input: String = vectors.iter().map(|v| format!("{}\n", v.hex)).collect();

    let strict = swimwire(&["decode", "--lines"], input.as_bytes());
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    let lenient = swimwire(&["decode", "--lines", "--lenient"], input.as_bytes());
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    let strict: Vec<Value> = strict
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lenient: Vec<Value> = lenient
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!((strict.len(), lenient.len()), (300, 300));

    for (number, vector) in vectors.iter().enumerate() {
        let line = &strict[number];
        assert_eq!(line["ok"], false, "vector {}", number + 1);
        let error = line["error"].as_object().unwrap();
        assert_eq!(
            error.len(),
            3,
            "kind, offset, message: vector {}",
            number + 1
        );
        assert_eq!(error["kind"], vector.kind.as_str(), "vector {}", number + 1);
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
        if let Some(offset) = vector.offset {
            assert_eq!(error["offset"], offset, "vector {}", number + 1);
        }
        assert_eq!(
            lenient[number]["ok"],
            vector.lenient_ok,
            "lenient, vector {}",
            number + 1
        );
    }
}

#[test]
fn bench_corpus_decodes_and_the_json_encodes_back_to_the_same_bytes() {
    let corpus = corpus();
    assert_eq!(corpus.len(), 7);
    for (name, hex) in corpus {
        let decoded = swimwire(&["decode", &hex], b"");
        assert_eq!(decoded.code, 0, "{name}: {}", decoded.stderr);
        let message: Value = serde_json::from_str(&decoded.stdout).unwrap();
        assert!(message["type"].is_string(), "{name}");

        // The same from stdin, wrapped as a hex dump might be.
        let wrapped: String = hex
            .as_bytes()
            .chunks(64)
            .map(|chunk| format!("{}\n", std::str::from_utf8(chunk).unwrap()))
            .collect();
        let from_stdin = swimwire(&["decode"], wrapped.as_bytes());
        assert_eq!(from_stdin.stdout, decoded.stdout, "{name}");

        let encoded = swimwire(&["encode"], decoded.stdout.as_bytes());
        assert_eq!(encoded.code, 0, "{name}: {}", encoded.stderr);
        assert_eq!(encoded.stdout, format!("{hex}\n"), "{name}");
    }
}
