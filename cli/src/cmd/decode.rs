//! `swimwire decode`: hex or raw bytes to JSON.

use std::io::{self, BufWriter, Write};

use swimwire::MessageBuf;

use crate::failure::Failure;
use crate::frame::{DecodeOptions, FrameDecoder};
use crate::hex_text;
use crate::lines::{self, Line, Lines};
use crate::report::{LOOKS_AUTHENTICATED, Outcome, Rejection};
use crate::view::{self, Format, ViewOptions};

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
    /// object per line: {"ok":true,"message":{…}} (with "trailing":N when
    /// --lenient ignored N bytes after it), or
    /// {"ok":false,"error":{"kind":…,"offset":…,"message":…}} where offset
    /// is a byte of the message; a line that is not hex is kind bad_hex
    /// with "column" (the character's byte offset in the line) instead, and
    /// a line over 1 MiB is kind line_too_long.
    #[arg(long, conflicts_with = "raw")]
    lines: bool,
    #[command(flatten)]
    options: DecodeOptions,
    /// With --lines: the output's format and filters.
    #[command(flatten)]
    show: ViewOptions,
}

const EXAMPLES: &str = "\
Examples (from the repository root):
  swimwire decode 040000000000000000000000000000000104c0a800011e1b
  swimwire decode < examples/ack.hex
  swimwire decode --lines < examples/messages.hex
  swimwire decode --lines --format text --type ping,ack < examples/messages.hex
  swimwire decode --lines --auth-key-file examples/cluster.key < examples/frames.hex
  swimwire decode --lenient --max-collection 4096 < examples/welcome.hex";

/// The longest input read: far more than the hex of the largest message
/// (65,507 bytes, and a 32-byte tag: 131,078 hex digits), whitespace and
/// all.
pub const MAX_INPUT: usize = 1 << 20;

/// Runs `swimwire decode`.
pub fn run(args: &Args) -> Result<(), Failure> {
    let decoder = args.options.decoder()?;
    if args.lines {
        return decode_lines(&decoder, &args.show);
    }
    let bytes = match &args.hex {
        Some(text) => from_hex(text.as_bytes())?,
        None if args.raw => read_stdin()?,
        None => from_hex(&read_stdin()?)?,
    };
    let (message, trailing) = decoder
        .decode(&bytes)
        .map_err(|error| Failure::Invalid(Rejection::new(&decoder, error, &bytes).to_text()))?;
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &MessageBuf::from(&message)).map_err(io::Error::from)?;
    writeln!(out)?;
    if trailing > 0 {
        let hint = if decoder.looks_authenticated(trailing) {
            format!(" ({LOOKS_AUTHENTICATED})")
        } else {
            String::new()
        };
        eprintln!(
            "warning: {} after the message ignored (lenient){hint}",
            byte_count(trailing)
        );
    }
    Ok(())
}

/// One hex message per input line to one JSON object per output line.
/// Memory stays that of the longest line allowed, whatever the input.
fn decode_lines(decoder: &FrameDecoder, show: &ViewOptions) -> Result<(), Failure> {
    let mut input = Lines::new(io::stdin().lock(), MAX_INPUT);
    let mut output = BufWriter::new(io::stdout().lock());
    let mut bytes = Vec::new();
    while let Some((_, line)) = input.next().map_err(Failure::stdin)? {
        let outcome = match line {
            Line::Text(text) => match hex_text::decode_into(text, &mut bytes) {
                Ok(()) => Outcome::decode(decoder, &bytes),
                Err(bad) => Outcome::Rejected(Rejection::from(bad)),
            },
            Line::TooLong(len) => Outcome::Rejected(Rejection::line_too_long(len, MAX_INPUT)),
        };
        if show.keeps(&outcome) {
            match show.format {
                Format::Json => {
                    serde_json::to_writer(&mut output, &outcome).map_err(io::Error::from)?;
                    output.write_all(b"\n")?;
                }
                Format::Text => writeln!(output, "{}", view::text(&outcome))?,
            }
        }
        if input.would_wait() {
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
    lines::read_stdin(MAX_INPUT, "longer than any message could be")
}

/// `1 byte`, `2 bytes`.
fn byte_count(count: usize) -> String {
    if count == 1 {
        "1 byte".to_owned()
    } else {
        format!("{count} bytes")
    }
}
