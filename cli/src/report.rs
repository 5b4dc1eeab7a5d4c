//! The JSON that reports a decoding: `"ok"`, then `"message"` or `"error"`
//! (SPEC §8), shared by `decode --lines` and `pcap`.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use swimwire::{DecodeError, ErrorKind, MessageBuf};

use crate::frame::FrameDecoder;
use crate::hex_text::BadHex;

/// `{"kind": …, "offset": …, "message": …}`: why input was rejected.
#[derive(Debug, Serialize)]
pub struct Rejection {
    /// An error kind of SPEC §4; or, for a line of `decode --lines`,
    /// `bad_hex` (text that is not hex) or `line_too_long`.
    pub kind: &'static str,
    /// Byte offset into the message (SPEC §4); absent for the line kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// For `bad_hex`: byte offset of the character into the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, for people.
    pub message: Cow<'static, str>,
}

impl Rejection {
    /// Why `decoder` rejected the frame `bytes` with `error`, with a hint
    /// where the fix is an option.
    pub fn new(decoder: &FrameDecoder, error: DecodeError, bytes: &[u8]) -> Self {
        let description = error.kind().description();
        let left_over = bytes.len().saturating_sub(error.offset());
        let message = if error.kind() == ErrorKind::CountOverLimit {
            Cow::Owned(format!(
                "{description}; --max-collection raises the limit (up to 65535)"
            ))
        } else if error.kind() == ErrorKind::TrailingBytes && decoder.looks_authenticated(left_over)
        {
            Cow::Owned(format!("{description}; {LOOKS_AUTHENTICATED}"))
        } else {
            Cow::Borrowed(description)
        };
        Self {
            kind: error.kind().as_str(),
            offset: Some(error.offset()),
            column: None,
            message,
        }
    }

    /// The one-line text of a single decoding's failure.
    pub fn to_text(&self) -> String {
        match self.offset {
            Some(offset) => format!("{} at byte {offset}: {}", self.kind, self.message),
            None => format!("{}: {}", self.kind, self.message),
        }
    }

    /// A line of `len` bytes, over the `max` read.
    pub fn line_too_long(len: u64, max: usize) -> Self {
        Self {
            kind: "line_too_long",
            offset: None,
            column: None,
            message: Cow::Owned(format!(
                "a line of {len} bytes is over the {max} read, longer than the hex of any message could be"
            )),
        }
    }
}

impl From<BadHex> for Rejection {
    fn from(bad: BadHex) -> Self {
        Self {
            kind: "bad_hex",
            offset: None,
            column: Some(bad.offset),
            message: Cow::Owned(bad.message),
        }
    }
}

/// What a frame without a key looks like when a tag follows its message.
pub const LOOKS_AUTHENTICATED: &str = "32 bytes after the message, as an authentication tag would \
     be: an authenticated frame? --auth-key-file checks it";

/// What became of one input: a message, or why there is none.
#[derive(Debug)]
pub enum Outcome {
    /// The input is a valid message, followed by `trailing` bytes that the
    /// lenient profile ignored.
    Decoded {
        /// The message.
        message: MessageBuf,
        /// Bytes after it (lenient profile only; else 0).
        trailing: usize,
    },
    /// The input was rejected.
    Rejected(Rejection),
}

impl Outcome {
    /// Decodes the frame `bytes`, checking its tag when there is a key.
    pub fn decode(decoder: &FrameDecoder, bytes: &[u8]) -> Self {
        match decoder.decode(bytes) {
            Ok((message, trailing)) => Self::Decoded {
                message: MessageBuf::from(&message),
                trailing,
            },
            Err(error) => Self::Rejected(Rejection::new(decoder, error, bytes)),
        }
    }

    /// The kind of error, if rejected.
    pub fn rejected_kind(&self) -> Option<&'static str> {
        match self {
            Self::Decoded { .. } => None,
            Self::Rejected(rejection) => Some(rejection.kind),
        }
    }

    /// The bytes the lenient profile ignored after the message.
    pub fn trailing(&self) -> usize {
        match self {
            Self::Decoded { trailing, .. } => *trailing,
            Self::Rejected(_) => 0,
        }
    }

    /// Writes `"ok"`, then `"trailing"` if there are trailing bytes, then
    /// `"message"` or `"error"`, into a JSON object.
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self {
            Self::Decoded { message, trailing } => {
                map.serialize_entry("ok", &true)?;
                if *trailing > 0 {
                    map.serialize_entry("trailing", trailing)?;
                }
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
        let mut map = serializer.serialize_map(None)?;
        self.serialize_entries(&mut map)?;
        map.end()
    }
}
