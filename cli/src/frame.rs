//! What every command shares about frames: the profile, the collection
//! limit and the key of authenticated framing, as options and as the
//! decoder they make.

use std::num::NonZeroU16;

use swimwire::{AUTH_TAG_LEN, AuthKey, DecodeError, Decoder, Message, Profile};

use crate::auth_key::AuthKeyFile;
use crate::failure::Failure;

/// Parses a collection limit: a whole number from 1 to 65535.
fn parse_limit(text: &str) -> Result<NonZeroU16, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a limit from 1 to 65535"))
}

/// What encoding and decoding share: the collection limit and the key of
/// authenticated frames.
#[derive(clap::Args)]
pub struct FrameOptions {
    /// The most items a list (updates, members, slot ranges) may have.
    #[arg(long, value_name = "N", default_value = "1024", value_parser = parse_limit)]
    pub max_collection: NonZeroU16,
    #[command(flatten)]
    auth: AuthKeyFile,
}

impl FrameOptions {
    /// The key of authenticated frames, read, if there is a key file.
    pub fn key(&self) -> Result<Option<AuthKey>, Failure> {
        self.auth.key()
    }
}

/// How to decode: the profile, and the options frames share.
#[derive(clap::Args)]
pub struct DecodeOptions {
    /// Accept what ember nodes accept: any non-zero bool byte is true, and
    /// bytes after the message are ignored (and reported).
    #[arg(long)]
    lenient: bool,
    #[command(flatten)]
    frame: FrameOptions,
}

impl DecodeOptions {
    /// The decoder these options describe, with its key read.
    pub fn decoder(&self) -> Result<FrameDecoder, Failure> {
        let profile = if self.lenient {
            Profile::Lenient
        } else {
            Profile::Strict
        };
        Ok(FrameDecoder {
            decoder: Decoder::new()
                .with_profile(profile)
                .with_max_collection(self.frame.max_collection),
            key: self.frame.key()?,
        })
    }
}

/// A decoder and, when frames are authenticated, their key.
pub struct FrameDecoder {
    decoder: Decoder,
    key: Option<AuthKey>,
}

impl FrameDecoder {
    /// Checks the frame's tag, if there is a key, then decodes the message
    /// before it. Also returns how many trailing bytes (before the tag) the
    /// lenient profile ignored.
    ///
    /// A missing or wrong tag is `bad_auth_tag` at offset 0; the message
    /// starts the frame, so other offsets are offsets in the frame too.
    pub fn decode<'a>(&self, frame: &'a [u8]) -> Result<(Message<'a>, usize), DecodeError> {
        let payload = match &self.key {
            Some(key) => key.verify(frame)?,
            None => frame,
        };
        self.decoder.decode_with_trailing(payload)
    }

    /// Whether a message followed by `left_over` bytes could be the payload
    /// of an authenticated frame read without its key: exactly a tag's
    /// length is left over.
    pub fn looks_authenticated(&self, left_over: usize) -> bool {
        self.key.is_none() && left_over == AUTH_TAG_LEN
    }
}
