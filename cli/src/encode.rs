//! `swimwire encode`: JSON to hex or raw bytes.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::num::NonZeroU16;

use swimwire::{AuthKey, Encoder, MessageBuf};

use crate::auth_key::AuthKeyFile;
use crate::failure::Failure;
use crate::json_message::{self, FieldError};
use crate::limit;

/// Encode one message, or one per line, from JSON to hex (or raw bytes).
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The message as JSON, in the shape `decode` prints. Read from stdin
    /// when absent.
    #[arg(value_name = "JSON", conflicts_with = "lines")]
    json: Option<String>,
    /// Read one JSON message per line of stdin and print one hex line each.
    /// A line that cannot be encoded gets an empty output line and an error
    /// on stderr, and the exit code is then 1.
    #[arg(long, conflicts_with = "raw")]
    lines: bool,
    /// Write the message's bytes instead of hex.
    #[arg(long)]
    raw: bool,
    /// The most items a list (updates, members, slot ranges) may have.
    #[arg(long, value_name = "N", default_value = "1024", value_parser = limit::parse)]
    max_collection: NonZeroU16,
    #[command(flatten)]
    auth: AuthKeyFile,
}

const EXAMPLES: &str = "\
Examples:
  swimwire encode '{\"type\":\"join\",\"sender\":\"00000000-0000-0000-0000-000000000001\",\"sender_addr\":\"192.168.0.1:6942\"}'
  swimwire encode < message.json
  swimwire encode --raw < message.json > message.bin
  swimwire encode --lines < messages.jsonl > messages.hex
  swimwire encode --raw --auth-key-file cluster.key < message.json > frame.bin";

/// Runs `swimwire encode`.
pub fn run(args: &Args) -> Result<(), Failure> {
    let encoder = FrameEncoder {
        encoder: Encoder::new().with_max_collection(args.max_collection),
        key: args.auth.key()?,
    };
    if args.lines {
        return encode_lines(&encoder);
    }
    let text = match &args.json {
        Some(text) => text.clone().into_bytes(),
        None => {
            let mut text = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut text)
                .map_err(Failure::stdin)?;
            text
        }
    };
    let bytes = json_message::parse(&text)
        .and_then(|message| encoder.encode(&message))
        .map_err(|error| Failure::Invalid(error.to_string()))?;
    let mut out = io::stdout().lock();
    if args.raw {
        out.write_all(&bytes)?;
    } else {
        writeln!(out, "{}", hex::encode(&bytes))?;
    }
    out.flush()?;
    Ok(())
}

/// One JSON message per input line to one hex line per output line.
fn encode_lines(encoder: &FrameEncoder) -> Result<(), Failure> {
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    let mut line = Vec::new();
    let (mut lines, mut failed) = (0u64, 0u64);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(Failure::stdin)? == 0 {
            break;
        }
        lines += 1;
        match json_message::parse(&line).and_then(|message| encoder.encode(&message)) {
            Ok(bytes) => output.write_all(hex::encode(bytes).as_bytes())?,
            Err(error) => {
                failed += 1;
                eprintln!("error: line {lines}: {error}");
            }
        }
        output.write_all(b"\n")?;
        // Before waiting for more input, hand over what is done.
        if input.buffer().is_empty() {
            output.flush()?;
        }
    }
    output.flush()?;
    if failed > 0 {
        return Err(Failure::Invalid(format!(
            "{failed} of {lines} lines could not be encoded"
        )));
    }
    Ok(())
}

/// An encoder and, when frames are authenticated, their key.
struct FrameEncoder {
    encoder: Encoder,
    key: Option<AuthKey>,
}

impl FrameEncoder {
    /// The message's bytes, followed by their tag when there is a key.
    fn encode(&self, message: &MessageBuf) -> Result<Vec<u8>, FieldError> {
        let mut bytes = json_message::encode(message, &self.encoder)?;
        if let Some(key) = &self.key {
            let tag = key.tag(&bytes);
            bytes.extend_from_slice(&tag);
        }
        Ok(bytes)
    }
}
