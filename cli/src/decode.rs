//! `swimwire decode`: hex or raw bytes to JSON.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::num::NonZeroU16;

use swimwire::{AuthKey, DecodeError, Decoder, Message, MessageBuf, Profile};

use crate::auth_key::AuthKeyFile;
use crate::failure::Failure;
use crate::hex_text;
use crate::limit;
use crate::report::{Outcome, Rejection};

/// Decode one message, or one per line, from hex (or raw bytes) to JSON.
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The message as hex; whitespace is ignored. Read from stdin when absent.
    #[arg(value_name = "HEX", conflicts_with_all = ["raw", "lines"])]
    hex: Option<String>,
    /// Read the message from stdin as raw bytes instead of hex.
    #[arg(long)]
    raw: bool,
    /// Read one hex message per line of stdin and print one compact JSON
    /// object per line: {"ok":true,"message":{…}} or
    /// {"ok":false,"error":{"kind":…,"offset":…,"message":…}}.
    #[arg(long, conflicts_with = "raw")]
    lines: bool,
    #[command(flatten)]
    options: DecodeOptions,
}

const EXAMPLES: &str = "\
Examples:
  swimwire decode 040000000000000000000000000000000104c0a800011e1b
  swimwire decode < message.hex
  swimwire decode --raw < message.bin
  swimwire decode --lines < messages.hex > messages.jsonl
  swimwire decode --lines --auth-key-file cluster.key < frames.hex
  swimwire decode --lenient --max-collection 4096 \"$(cat welcome.hex)\"";

/// How to decode: profile, collection limit and the key of authenticated
/// frames.
#[derive(clap::Args)]
pub struct DecodeOptions {
    /// Accept what ember nodes accept: any non-zero bool byte is true, and
    /// bytes after the message are ignored (and reported on stderr).
    #[arg(long)]
    lenient: bool,
    /// The most items a list (updates, members, slot ranges) may have.
    #[arg(long, value_name = "N", default_value = "1024", value_parser = limit::parse)]
    max_collection: NonZeroU16,
    #[command(flatten)]
    auth: AuthKeyFile,
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
                .with_max_collection(self.max_collection),
            key: self.auth.key()?,
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
}

/// Runs `swimwire decode`.
pub fn run(args: &Args) -> Result<(), Failure> {
    let decoder = args.options.decoder()?;
    if args.lines {
        return decode_lines(&decoder);
    }
    let bytes = match &args.hex {
        Some(text) => from_hex(text.as_bytes())?,
        None if args.raw => read_stdin()?,
        None => from_hex(&read_stdin()?)?,
    };
    let (message, trailing) = decoder.decode(&bytes).map_err(|error| {
        Failure::Invalid(format!(
            "{error}: {description}",
            description = error.kind().description()
        ))
    })?;
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &MessageBuf::from(&message)).map_err(io::Error::from)?;
    writeln!(out)?;
    if trailing > 0 {
        eprintln!(
            "warning: {} after the message ignored (lenient)",
            byte_count(trailing)
        );
    }
    Ok(())
}

/// One hex message per input line to one JSON object per output line.
/// Memory stays that of the longest line, whatever the input's length.
fn decode_lines(decoder: &FrameDecoder) -> Result<(), Failure> {
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    let (mut line, mut bytes) = (Vec::new(), Vec::new());
    for number in 1u64.. {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(Failure::stdin)? == 0 {
            break;
        }
        let outcome = match hex_text::decode_into(&line, &mut bytes) {
            Ok(()) => {
                let (outcome, trailing) = Outcome::decode(decoder, &bytes);
                if trailing > 0 {
                    eprintln!(
                        "warning: line {number}: {} after the message ignored (lenient)",
                        byte_count(trailing)
                    );
                }
                outcome
            }
            Err(bad) => Outcome::Rejected(Rejection::from(bad)),
        };
        serde_json::to_writer(&mut output, &outcome).map_err(io::Error::from)?;
        output.write_all(b"\n")?;
        // Before waiting for more input, hand over what is done, so that a
        // program feeding lines one at a time gets its answers.
        if input.buffer().is_empty() {
            output.flush()?;
        }
    }
    output.flush()?;
    Ok(())
}

fn from_hex(text: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::with_capacity(text.len() / 2);
    hex_text::decode_into(text, &mut bytes).map_err(|bad| Failure::Unreadable(bad.to_string()))?;
    Ok(bytes)
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(Failure::stdin)?;
    Ok(bytes)
}

/// `1 byte`, `2 bytes`.
fn byte_count(count: usize) -> String {
    if count == 1 {
        "1 byte".to_owned()
    } else {
        format!("{count} bytes")
    }
}
