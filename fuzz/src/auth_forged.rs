//! `auth_forged`: frames with forged, altered and cut tags. Nothing panics,
//! and a frame is accepted only if its last 32 bytes are the HMAC-SHA256 of
//! the rest as [`super::auth_frame`] computes it; every other frame, one too
//! short for a tag included, is `bad_auth_tag` at offset 0 whatever its
//! payload holds.
//!
//! The input is a secret (see [`split_secret`]), two bytes that choose an
//! alteration, and a frame. The frame is checked as it is; then its payload
//! gets its right tag, and that frame is checked as it is, with one bit
//! flipped or cut short as chosen, and under another key.

use swimwire::{AUTH_TAG_LEN, AuthKey};

use super::auth_frame::{check_frame, split_secret, tagged};

/// Splits `data` into secret, alteration and frame, and checks them.
pub fn check(data: &[u8]) {
    let (secret, rest) = split_secret(data);
    let (choice, frame) = match rest.split_first_chunk::<2>() {
        Some((choice, frame)) => (u16::from_le_bytes(*choice), frame),
        None => (0, rest),
    };
    check_frame(secret, frame);

    // A frame too short to carry a tag is all payload.
    let payload = frame
        .split_last_chunk::<AUTH_TAG_LEN>()
        .map_or(frame, |(payload, _)| payload);
    let good = tagged(secret, payload);
    assert_eq!(AuthKey::new(secret).tag(payload), good[payload.len()..]);
    check_frame(secret, &good);

    let altered = alter(&good, choice);
    assert_ne!(altered, good);
    check_frame(secret, &altered);

    // One byte more changes HMAC's key block: it is padded with zeros up to
    // 64 bytes, and longer keys are hashed.
    let other = [secret, &[1]].concat();
    check_frame(&other, &good);
}

/// `frame` with one bit flipped or from 1 to all of its bytes cut off the
/// end, as `choice` says. Bits count from the end of the frame, so that
/// every bit of the tag can be chosen whatever the payload's size.
fn alter(frame: &[u8], choice: u16) -> Vec<u8> {
    let mut altered = frame.to_vec();
    let n = usize::from(choice >> 1);
    if choice & 1 == 0 {
        let bit = n % (8 * frame.len());
        let byte = frame.len() - 1 - bit / 8;
        altered[byte] ^= 1 << (bit % 8);
    } else {
        altered.truncate(frame.len() - 1 - n % frame.len());
    }
    altered
}
