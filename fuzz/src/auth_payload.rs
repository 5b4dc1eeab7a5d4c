//! `auth_payload`: arbitrary payloads behind their right tag. Checking the
//! tag changes nothing: `decode_authenticated` gives, in both profiles,
//! exactly what plain decoding of the payload gives. A decoded message
//! re-encodes with `encode_authenticated_into` to a frame whose tag is the
//! HMAC-SHA256 of its payload as [`super::auth_frame`] computes it, and that
//! is the input frame itself when the strict profile read it.
//!
//! The input is a secret (see [`split_secret`]) and the payload.

use swimwire::{AUTH_TAG_LEN, AuthKey, Decoder, EncodeError, Message, Profile};

use super::auth_frame::{authentic, check_frame, split_secret, tagged};

/// A byte the encoder never writes past the frame, to see that it did not.
const UNTOUCHED: u8 = 0xa5;

/// Splits `data` into secret and payload, tags the payload and checks the
/// frame.
pub fn check(data: &[u8]) {
    let (secret, payload) = split_secret(data);
    let key = AuthKey::new(secret);
    let frame = tagged(secret, payload);
    assert_eq!(key.tag(payload), frame[payload.len()..]);
    check_frame(secret, &frame);

    let mut strict = None;
    for profile in [Profile::Strict, Profile::Lenient] {
        let decoder = Decoder::new().with_profile(profile);
        let decoded = decoder.decode_authenticated(&frame, &key);
        assert_eq!(decoded, decoder.decode(payload), "{profile:?}");
        let Ok(message) = decoded else { continue };

        let encoded = encode(&message, &key);
        assert_eq!(
            authentic(secret, &encoded),
            Some(&encoded[..message.encoded_len()])
        );
        assert_eq!(swimwire::decode_authenticated(&encoded, &key), Ok(message));
        match profile {
            Profile::Strict => strict = Some(message),
            // What both profiles read is the same message.
            Profile::Lenient => {
                if let Some(strict) = strict {
                    assert_eq!(message, strict);
                }
            }
        }
        if strict.is_some() {
            assert_eq!(encoded, frame, "{profile:?}: strict decoding is canonical");
        }
    }
}

/// Encodes `message` with its tag into an output of exactly the frame's size,
/// after checking that one byte less is refused without a write.
fn encode(message: &Message<'_>, key: &AuthKey) -> Vec<u8> {
    let needed = message.encoded_len() + AUTH_TAG_LEN;
    let mut short = vec![UNTOUCHED; needed - 1];
    assert_eq!(
        message.encode_authenticated_into(key, &mut short),
        Err(EncodeError::OutputTooSmall {
            needed,
            available: needed - 1
        })
    );
    assert!(
        short.iter().all(|&b| b == UNTOUCHED),
        "a refused encode wrote"
    );

    let mut out = vec![UNTOUCHED; needed + 1];
    assert_eq!(message.encode_authenticated_into(key, &mut out), Ok(needed));
    assert_eq!(out.pop(), Some(UNTOUCHED), "wrote past the frame");
    out
}
