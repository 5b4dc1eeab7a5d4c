//! `swimwire encode`: JSON to hex or raw bytes.

use std::io::{self, BufWriter, Write};

use serde::Deserialize;
use serde_json::value::RawValue;
use swimwire::{AuthKey, Encoder, MessageBuf};

use crate::failure::Failure;
use crate::frame::FrameOptions;
use crate::json_message::{self, FieldError};
use crate::lines::{self, Line, Lines};

/// Encode one message, or one per line, from JSON to hex (or raw bytes).
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The message as JSON, in the shape `decode` prints; a u64 (seq,
    /// incarnation, epoch, offset) may also be a decimal string, which JSON
    /// tools that read numbers as doubles keep exact. Read from stdin when
    /// absent.
    #[arg(value_name = "JSON", conflicts_with = "lines")]
    json: Option<String>,
    /// Read one JSON message per line of stdin and print one hex line each.
    /// A line is a message, or a line of `decode --lines` or `pcap`
    /// ({"ok":true,"message":{…}}). A line that cannot be encoded, or that
    /// reports a message that did not decode ("ok":false), gets an empty
    /// output line and an error on stderr, and the exit code is then 1.
    #[arg(long, conflicts_with = "raw")]
    lines: bool,
    /// Write the message's bytes instead of hex.
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    frame: FrameOptions,
}

const EXAMPLES: &str = "\
Examples (from the repository root):
  swimwire encode '{\"type\":\"join\",\"sender\":\"00000000-0000-0000-0000-000000000001\",\"sender_addr\":\"192.168.0.1:6942\"}'
  swimwire encode < examples/join.json
  swimwire encode --raw < examples/join.json > join.bin
  swimwire decode --lines < examples/messages.hex | swimwire encode --lines
  swimwire encode --lines --auth-key-file examples/cluster.key < examples/messages.jsonl";

/// The longest JSON read, as one input or one line: fifty times the JSON of
/// the largest message a UDP datagram holds (65,507 bytes make at most
/// about 330 kB of compact JSON).
const MAX_JSON: usize = 16 << 20;

/// Runs `swimwire encode`.
pub fn run(args: &Args) -> Result<(), Failure> {
    let encoder = FrameEncoder {
        encoder: Encoder::new().with_max_collection(args.frame.max_collection),
        key: args.frame.key()?,
    };
    if args.lines {
        return encode_lines(&encoder);
    }
    let text = match &args.json {
        Some(text) => text.clone().into_bytes(),
        None => lines::read_stdin(MAX_JSON, "more than the JSON of any message")?,
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
    let mut input = Lines::new(io::stdin().lock(), MAX_JSON);
    let mut output = BufWriter::new(io::stdout().lock());
    let (mut lines, mut failed) = (0u64, 0u64);
    while let Some((number, line)) = input.next().map_err(Failure::stdin)? {
        lines = number;
        let encoded = match line {
            Line::Text(text) => line_message(text).and_then(|message| encoder.encode(&message)),
            Line::TooLong(len) => Err(FieldError::new(
                "",
                format_args!("a line of {len} bytes is over the {MAX_JSON} read"),
            )),
        };
        match encoded {
            Ok(bytes) => output.write_all(hex::encode(bytes).as_bytes())?,
            Err(error) => {
                failed += 1;
                eprintln!("error: line {number}: {error}");
            }
        }
        output.write_all(b"\n")?;
        if input.would_wait() {
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
        json_message::encode(message, &self.encoder, self.key.as_ref())
    }
}

/// The keys of a line that `decode --lines` or `pcap` wrote; any other key
/// (`type` and the message's fields, `ts`, `src`, `dst`) is ignored here.
#[derive(Deserialize)]
struct Reported<'a> {
    ok: Option<bool>,
    #[serde(borrow)]
    message: Option<&'a RawValue>,
    error: Option<ReportedError>,
}

/// The part of a reported error that says what it was.
#[derive(Deserialize)]
struct ReportedError {
    kind: String,
    offset: Option<u64>,
}

/// The message of one `--lines` input line: the line itself, or the
/// message of a decoding it reports.
fn line_message(line: &[u8]) -> Result<MessageBuf, FieldError> {
    let reported = serde_json::from_slice::<Reported<'_>>(line).ok();
    match reported {
        Some(Reported {
            ok: Some(true),
            message: Some(message),
            ..
        }) => {
            json_message::parse(message.get().as_bytes()).map_err(|error| error.within(".message"))
        }
        Some(Reported { ok: Some(true), .. }) => Err(FieldError::new(
            "",
            "\"ok\":true but no \"message\" to encode",
        )),
        Some(Reported {
            ok: Some(false),
            error,
            ..
        }) => {
            let what = match error {
                Some(ReportedError {
                    kind,
                    offset: Some(offset),
                }) => format!(" ({kind} at byte {offset})"),
                Some(ReportedError { kind, offset: None }) => format!(" ({kind})"),
                None => String::new(),
            };
            Err(FieldError::new(
                "",
                format_args!(
                    "\"ok\":false: this line reports input that did not decode{what}, so there is no message to encode"
                ),
            ))
        }
        _ => json_message::parse(line),
    }
}
