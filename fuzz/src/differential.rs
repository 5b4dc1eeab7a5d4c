//! `differential`: the zero-copy decoder against the plain reference decoder
//! of [`super::reference`], in both profiles and at several collection
//! limits: same verdict, same error kind and an offset the SPEC allows, same
//! content and the same count of trailing bytes.

use std::num::NonZeroU16;

use swimwire::{Decoder, MessageBuf, Profile};

use super::reference::{self, Options};

/// The configurations compared: the defaults, the widest limit, and a tiny
/// one that small inputs can exceed.
const CONFIGS: [(Profile, u16); 4] = [
    (Profile::Strict, 1024),
    (Profile::Lenient, 1024),
    (Profile::Strict, u16::MAX),
    (Profile::Lenient, 2),
];

/// Decodes `data` with both decoders in every configuration and compares.
pub fn check(data: &[u8]) {
    for (profile, limit) in CONFIGS {
        let decoder = Decoder::new()
            .with_profile(profile)
            .with_max_collection(NonZeroU16::new(limit).unwrap());
        let options = Options {
            lenient: profile == Profile::Lenient,
            limit,
        };
        match (
            decoder.decode_with_trailing(data),
            reference::decode(data, options),
        ) {
            (Ok((message, trailing)), Ok((expected, expected_trailing))) => {
                assert_eq!(MessageBuf::from(&message), expected, "{profile:?}/{limit}");
                assert!(message == expected.as_message(), "{profile:?}/{limit}");
                assert_eq!(trailing, expected_trailing, "{profile:?}/{limit}");
            }
            (Err(error), Err(expected)) => {
                assert_eq!(error.kind(), expected.kind, "{profile:?}/{limit}: {error}");
                assert!(
                    expected.offsets.contains(&error.offset()),
                    "{profile:?}/{limit}: {error}, expected at one of {:?}",
                    expected.offsets
                );
            }
            (actual, expected) => {
                panic!("{profile:?}/{limit}: library {actual:?}, reference {expected:?}")
            }
        }
    }
}
