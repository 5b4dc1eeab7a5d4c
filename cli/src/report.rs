//! The JSON that reports a decoding: `"ok"`, then `"message"` or `"error"`
//! (SPEC §8), shared by `decode --lines` and `pcap`.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use swimwire::{DecodeError, MessageBuf};

use crate::decode::FrameDecoder;
use crate::hex_text::BadHex;

/// `{"kind": …, "offset": …, "message": …}`: why input was rejected.
#[derive(Debug, Serialize)]
pub struct Rejection {
    /// An error kind of SPEC §4, or `bad_hex` for text that is not hex.
    pub kind: &'static str,
    /// Byte offset into the message (into the line for `bad_hex`).
    pub offset: usize,
    /// What the kind means, for people.
    pub message: Cow<'static, str>,
}

impl From<DecodeError> for Rejection {
    fn from(error: DecodeError) -> Self {
        Self {
            kind: error.kind().as_str(),
            offset: error.offset(),
            message: Cow::Borrowed(error.kind().description()),
        }
    }
}

impl From<BadHex> for Rejection {
    fn from(bad: BadHex) -> Self {
        Self {
            kind: "bad_hex",
            offset: bad.offset,
            message: Cow::Owned(bad.message),
        }
    }
}

/// What became of one input: a message, or why there is none.
#[derive(Debug)]
pub enum Outcome {
    /// The input is a valid message.
    Decoded(MessageBuf),
    /// The input was rejected.
    Rejected(Rejection),
}

impl Outcome {
    /// Decodes the frame `bytes`, checking its tag when there is a key;
    /// also returns how many trailing bytes the lenient profile ignored.
    pub fn decode(decoder: &FrameDecoder, bytes: &[u8]) -> (Self, usize) {
        match decoder.decode(bytes) {
            Ok((message, trailing)) => (Self::Decoded(MessageBuf::from(&message)), trailing),
            Err(error) => (Self::Rejected(error.into()), 0),
        }
    }

    /// The kind of error, if rejected.
    pub fn rejected_kind(&self) -> Option<&'static str> {
        match self {
            Self::Decoded(_) => None,
            Self::Rejected(rejection) => Some(rejection.kind),
        }
    }

    /// Writes `"ok"` and then `"message"` or `"error"` into a JSON object.
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self {
            Self::Decoded(message) => {
                map.serialize_entry("ok", &true)?;
                map.serialize_entry("message", message)
            }
            Self::Rejected(rejection) => {
                map.serialize_entry("ok", &false)?;
                map.serialize_entry("error", rejection)
            }
        }
    }
}

/// `{"ok": true, "message": {…}}` or `{"ok": false, "error": {…}}`.
impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        self.serialize_entries(&mut map)?;
        map.end()
    }
}
