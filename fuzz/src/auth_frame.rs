//! Authenticated frames (SPEC §5) for the `auth_*` targets, worked out
//! without swimwire's `auth` module: how an input carries a key, the tag
//! computed with the `hmac` and `sha2` crates directly, and what decoding a
//! frame must give.

use std::ptr;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use swimwire::{AUTH_TAG_LEN, AuthKey, DecodeError, Decoder, ErrorKind, Message, Profile};

/// The verdict on every frame whose tag is short or wrong.
pub const BAD_TAG: DecodeError = DecodeError::new(ErrorKind::BadAuthTag, 0);

/// Splits an input into a secret and the rest: the first byte is the
/// secret's length (0 to 255, so that keys of SHA-256's block size, shorter
/// and longer ones all occur), and the secret is cut short if the input is.
pub fn split_secret(data: &[u8]) -> (&[u8], &[u8]) {
    match data.split_first() {
        Some((&len, rest)) => rest.split_at(usize::from(len).min(rest.len())),
        None => (&[], &[]),
    }
}

/// HMAC-SHA256 of `payload` under the raw `secret`.
pub fn reference_tag(secret: &[u8], payload: &[u8]) -> [u8; AUTH_TAG_LEN] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(payload);
    mac.finalize().into_bytes().into()
}

/// `payload` followed by its reference tag.
pub fn tagged(secret: &[u8], payload: &[u8]) -> Vec<u8> {
    [payload, &reference_tag(secret, payload)].concat()
}

/// The payload of `frame` if its last 32 bytes are the reference tag of
/// what precedes them.
pub fn authentic<'a>(secret: &[u8], frame: &'a [u8]) -> Option<&'a [u8]> {
    let (payload, tag) = frame.split_last_chunk::<AUTH_TAG_LEN>()?;
    (*tag == reference_tag(secret, payload)).then_some(payload)
}

/// What `decoder` must make of `frame` under `secret`: the plain decoding of
/// an authentic frame's payload, and [`BAD_TAG`] for any other frame,
/// whatever it holds.
pub fn expected<'a>(
    decoder: &Decoder,
    secret: &[u8],
    frame: &'a [u8],
) -> Result<Message<'a>, DecodeError> {
    match authentic(secret, frame) {
        Some(payload) => decoder.decode(payload),
        None => Err(BAD_TAG),
    }
}

/// Checks swimwire's verdict on `frame` under `secret` against
/// [`expected`]: through `verify`, and through `decode_authenticated` in
/// both profiles (and as the function, for the strict one).
pub fn check_frame(secret: &[u8], frame: &[u8]) {
    let key = AuthKey::new(secret);
    let payload = authentic(secret, frame);
    if frame.len() < AUTH_TAG_LEN {
        assert_eq!(payload, None, "a frame too short for a tag");
    }
    match key.verify(frame) {
        Ok(verified) => {
            let payload = payload.expect("verify accepted a wrong tag");
            assert!(ptr::eq(verified, payload), "verify returned another slice");
        }
        Err(error) => {
            assert!(payload.is_none(), "verify rejected a right tag: {error}");
            assert_eq!(error, BAD_TAG);
        }
    }

    for profile in [Profile::Strict, Profile::Lenient] {
        let decoder = Decoder::new().with_profile(profile);
        let want = expected(&decoder, secret, frame);
        assert_eq!(
            decoder.decode_authenticated(frame, &key),
            want,
            "{profile:?}"
        );
        if profile == Profile::Strict {
            assert_eq!(swimwire::decode_authenticated(frame, &key), want);
        }
    }
}
