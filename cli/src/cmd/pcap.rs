//! `swimwire pcap`: the gossip in a capture file, one JSON line a datagram.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::SocketAddr;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::capture::{Capture, Frame, Next, Timestamp};
use crate::datagram::{Datagram, Extracted, Extractor};
use crate::failure::Failure;
use crate::frame::DecodeOptions;
use crate::members::Members;
use crate::report::Outcome;
use crate::skip::Skip;
use crate::summary::Summary;
use crate::view::{self, Format, ViewOptions};

/// Decode the UDP datagrams of a capture, one line each: JSON, or text.
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The capture: pcap or pcapng, a file or `-` for standard input (a
    /// pipe is read as it comes, each line written as soon as its datagram
    /// is read); link types Ethernet, Linux cooked (SLL, SLL2), raw IP and
    /// BSD loopback.
    #[arg(value_name = "FILE")]
    file: String,
    /// Decode only datagrams from or to these UDP ports; others are
    /// skipped. Repeatable, and takes ranges: `--port 17101-17401`. An ember
    /// node's gossip port is its data port + 10000 (6379 → 16379).
    #[arg(long, value_name = "P|P-Q", value_parser = Ports::parse)]
    port: Vec<Ports>,
    /// members: instead of a line a datagram, print the table of what the
    /// traffic said about each node (address, last state claimed and by
    /// whom, highest incarnation, slots, time last mentioned). With
    /// --format text the table follows the summary on stderr.
    #[arg(long, value_enum, value_name = "VIEW")]
    view: Option<View>,
    #[command(flatten)]
    options: DecodeOptions,
    #[command(flatten)]
    show: ViewOptions,
}

/// What `pcap` prints on stdout instead of its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum View {
    /// The members table.
    Members,
}

const EXAMPLES: &str = "\
Each UDP datagram becomes one line:
  {\"ts\":\"<RFC 3339>\",\"src\":\"ip:port\",\"dst\":\"ip:port\",\"ok\":true,\"message\":{…}}
  {\"ts\":…,\"src\":…,\"dst\":…,\"ok\":false,\"error\":{\"kind\":…,\"offset\":…,\"message\":…}}
with \"trailing\":N after \"ok\" when --lenient ignored N bytes after the message.
A summary goes to stderr: packets, datagrams, decoded, rejected by kind,
skipped by reason, and records of the capture that could not be read.

Exit codes: 0 the whole capture was read; 1 some of it is damaged and could
not be read (said on stderr, with record number and byte offset; every
datagram before and after it is still reported); 2 not a capture, or a
file or key file that cannot be read.

Examples (from the repository root):
  swimwire pcap tests/data/captures/ember-big-welcome.pcap --port 17111 --port 17211
  swimwire pcap tests/data/captures/ember-big-welcome.pcap --format text --type welcome,join
  swimwire pcap tests/data/captures/ember-big-welcome.pcap --view members
  tcpdump -i any -U -w - udp portrange 17101-17401 | swimwire pcap - --port 17101-17401 --format text";

/// A range of UDP ports, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ports {
    first: u16,
    last: u16,
}

impl Ports {
    /// `7946` or `17101-17401`.
    fn parse(text: &str) -> Result<Self, String> {
        let port = |part: &str| {
            part.trim()
                .parse::<u16>()
                .map_err(|_| format!("`{part}` is not a port from 0 to 65535"))
        };
        let (first, last) = match text.split_once('-') {
            Some((first, last)) => (port(first)?, port(last)?),
            None => (port(text)?, port(text)?),
        };
        if first > last {
            return Err(format!(
                "`{text}`: a range goes from the lower port to the higher"
            ));
        }
        Ok(Self { first, last })
    }

    fn contains(self, port: u16) -> bool {
        (self.first..=self.last).contains(&port)
    }
}

/// One line of output: where and when, then the outcome.
struct Line<'a> {
    ts: String,
    src: SocketAddr,
    dst: SocketAddr,
    outcome: &'a Outcome,
}

impl Serialize for Line<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("ts", &self.ts)?;
        map.serialize_entry("src", &Addr(self.src))?;
        map.serialize_entry("dst", &Addr(self.dst))?;
        self.outcome.serialize_entries(&mut map)?;
        map.end()
    }
}

/// An address, written as the messages' addresses are.
struct Addr(SocketAddr);

impl Serialize for Addr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        swimwire::addr_text::serialize(&self.0, serializer)
    }
}

/// `2023-11-14T22:13:20.123456Z 10.0.0.1:40000 → 10.0.0.2:7946 ping seq=…`
impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = view::text(self.outcome);
        write!(f, "{} {} → {} {text}", self.ts, self.src, self.dst)
    }
}

/// The datagram to decode in `frame`, and its time; or `None`, with the
/// reason counted in `summary`.
fn datagram_of<'a>(
    frame: &'a Frame<'_>,
    extractor: &mut Extractor,
    ports: &[Ports],
    summary: &mut Summary,
) -> Option<(Datagram<'a>, Timestamp)> {
    let time = frame.time.map(|time| time.since_epoch());
    let datagram = match extractor.extract(frame.link, &frame.data, frame.original_len, time) {
        Extracted::Datagram(datagram) => datagram,
        Extracted::Fragment => {
            summary.fragments += 1;
            return None;
        }
        Extracted::Skipped(skip) => {
            summary.skip(skip);
            return None;
        }
    };
    if datagram.reassembled {
        // The last fragment, which completed it.
        summary.fragments += 1;
        summary.reassembled += 1;
    }
    let wanted = |port| ports.iter().any(|range| range.contains(port));
    if !ports.is_empty() && !wanted(datagram.src.port()) && !wanted(datagram.dst.port()) {
        summary.skip(Skip::OtherPort);
        return None;
    }
    let Some(time) = frame.time else {
        summary.skip(Skip::NoTimestamp);
        return None;
    };
    Some((datagram, time))
}

/// Damage reports shown on stderr; the summary counts the rest.
const DAMAGE_SHOWN: u64 = 10;

/// Runs `swimwire pcap`.
pub fn run(args: &Args) -> Result<(), Failure> {
    let decoder = args.options.decoder()?;
    let (input, name): (Box<dyn Read>, &str) = if args.file == "-" {
        (Box::new(io::stdin().lock()), "standard input")
    } else {
        let file = File::open(&args.file).map_err(|error| {
            Failure::Unreadable(format!("cannot read capture {}: {error}", args.file))
        })?;
        (Box::new(file), &args.file)
    };
    let mut capture = Capture::open(input)
        .map_err(|error| Failure::Unreadable(format!("cannot read capture {name}: {error}")))?;
    let mut extractor = Extractor::default();
    let mut summary = Summary {
        unit: capture.unit(),
        ..Summary::default()
    };
    let mut output = BufWriter::new(io::stdout().lock());
    let mut members = (args.view == Some(View::Members) || args.show.format == Format::Text)
        .then(Members::default);

    loop {
        // Before waiting for more input, hand over what is done, so that a
        // live capture's lines come as its packets do.
        if !capture.next_is_buffered() {
            output.flush()?;
        }
        let frame = match capture.next() {
            Next::Frame(frame) => frame,
            Next::NoPacket => continue,
            Next::End => break,
            Next::Skipped(damage) => {
                summary.damaged += 1;
                if summary.damaged <= DAMAGE_SHOWN {
                    eprintln!("warning: {name}: {damage}");
                }
                continue;
            }
            Next::Stopped(damage) => {
                summary.damaged += 1;
                eprintln!("warning: {name}: {damage}");
                break;
            }
        };
        summary.packets += 1;
        let Some((datagram, time)) = datagram_of(&frame, &mut extractor, &args.port, &mut summary)
        else {
            continue;
        };
        let outcome = Outcome::decode(&decoder, &datagram.payload);
        summary.datagram(&outcome, decoder.looks_authenticated(outcome.trailing()));
        if !args.show.keeps(&outcome) {
            summary.skip(Skip::Filtered);
            continue;
        }
        let ts = time.rfc3339();
        if let (Some(members), Outcome::Decoded { message, .. }) = (&mut members, &outcome) {
            members.add(message, datagram.src, &ts);
        }
        if args.view.is_some() {
            continue;
        }
        let line = Line {
            ts,
            src: datagram.src,
            dst: datagram.dst,
            outcome: &outcome,
        };
        match args.show.format {
            Format::Json => {
                serde_json::to_writer(&mut output, &line).map_err(io::Error::from)?;
                output.write_all(b"\n")?;
            }
            Format::Text => writeln!(output, "{line}")?,
        }
    }
    if let (Some(members), Some(View::Members)) = (&members, args.view) {
        writeln!(output, "{members}")?;
    }
    output.flush()?;
    summary.evicted = extractor.fragments.evicted;
    summary.timed_out = extractor.fragments.timed_out;
    summary.incomplete = extractor.fragments.pending() as u64;
    eprintln!("{summary}");
    if let (Some(members), None) = (&members, args.view) {
        eprintln!("{members}");
    }
    if summary.damaged > 0 {
        return Err(Failure::Invalid(format!("{name} is damaged")));
    }
    Ok(())
}
