//! The shared test vectors: bytes from ember's own encoder, and inputs ember
//! nodes reject, read from the copy in `tests/data/vectors`.

use std::path::PathBuf;

use serde_json::Value;
use swimwire::{Decoder, MessageBuf, Profile};

fn shared(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn bytes(vector: &Value) -> Vec<u8> {
    hex::decode(vector["hex"].as_str().unwrap()).unwrap()
}

#[test]
fn valid_vectors_decode_to_their_content_and_reencode_to_their_bytes() {
    let vectors = shared("valid.jsonl");
    assert_eq!(vectors.len(), 300);
    for (line, vector) in vectors.iter().enumerate() {
        let input = bytes(vector);
        let message = swimwire::decode(&input).unwrap_or_else(|e| panic!("line {}: {e}", line + 1));
        let owned = MessageBuf::from(&message);
        assert_eq!(
            serde_json::to_value(&owned).unwrap(),
            vector["message"],
            "line {}",
            line + 1
        );

        let mut out = vec![0; message.encoded_len()];
        assert_eq!(message.encode_into(&mut out), Ok(input.len()));
        assert_eq!(out, input, "re-encoding, line {}", line + 1);

        let from_json: MessageBuf = serde_json::from_value(vector["message"].clone()).unwrap();
        assert_eq!(from_json, owned, "line {}", line + 1);
        let mut out = vec![0; input.len()];
        assert_eq!(
            from_json.as_message().encode_into(&mut out),
            Ok(input.len())
        );
        assert_eq!(out, input, "encoding the JSON, line {}", line + 1);
    }
}

#[test]
fn invalid_vectors_are_rejected_with_their_kind_and_offset() {
    let vectors = shared("invalid.jsonl");
    assert_eq!(vectors.len(), 300);
    let lenient = Decoder::new().with_profile(Profile::Lenient);
    for (line, vector) in vectors.iter().enumerate() {
        let input = bytes(vector);
        let err = swimwire::decode(&input).expect_err(&format!("line {} accepted", line + 1));
        assert_eq!(
            err.kind().as_str(),
            vector["kind"].as_str().unwrap(),
            "line {}",
            line + 1
        );
        if let Some(offset) = vector["offset"].as_u64() {
            assert_eq!(err.offset() as u64, offset, "line {}", line + 1);
        }
        let lenient_ok = vector["lenient_ok"].as_bool().unwrap();
        assert_eq!(
            lenient.decode(&input).is_ok(),
            lenient_ok,
            "lenient, line {}",
            line + 1
        );
    }
}
