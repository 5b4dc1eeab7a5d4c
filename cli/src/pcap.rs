//! `swimwire pcap`: the gossip in a capture file, one JSON line a datagram.

use std::io::{self, BufWriter, Write};
use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::capture::{Capture, Stopped};
use crate::datagram::{Extracted, Extractor};
use crate::decode::DecodeOptions;
use crate::failure::Failure;
use crate::report::Outcome;
use crate::summary::Summary;

/// Decode the UDP datagrams of a capture file, one JSON line each.
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The capture: pcap or pcapng; link types Ethernet, Linux cooked (SLL,
    /// SLL2), raw IP and BSD loopback.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Decode only datagrams from or to this UDP port; others are skipped.
    #[arg(long, value_name = "P")]
    port: Option<u16>,
    #[command(flatten)]
    options: DecodeOptions,
}

const EXAMPLES: &str = "\
Each UDP datagram becomes one line:
  {\"ts\":\"<RFC 3339>\",\"src\":\"ip:port\",\"dst\":\"ip:port\",\"ok\":true,\"message\":{…}}
  {\"ts\":…,\"src\":…,\"dst\":…,\"ok\":false,\"error\":{\"kind\":…,\"offset\":…,\"message\":…}}
and a summary goes to stderr: packets, datagrams, decoded, rejected by kind,
skipped by reason.

Examples:
  swimwire pcap gossip.pcapng --port 7946
  swimwire pcap gossip.pcapng --port 7946 --auth-key-file cluster.key
  tcpdump -i any -w gossip.pcap udp port 7946; swimwire pcap gossip.pcap";

/// One line of output: where and when, then the outcome.
struct Line<'a> {
    ts: String,
    src: SocketAddr,
    dst: SocketAddr,
    outcome: &'a Outcome,
}

impl Serialize for Line<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("ts", &self.ts)?;
        map.serialize_entry("src", &self.src)?;
        map.serialize_entry("dst", &self.dst)?;
        self.outcome.serialize_entries(&mut map)?;
        map.end()
    }
}

/// Runs `swimwire pcap`.
pub fn run(args: &Args) -> Result<(), Failure> {
    let decoder = args.options.decoder()?;
    let mut capture = Capture::open(&args.file).map_err(Failure::Unreadable)?;
    let mut extractor = Extractor::default();
    let mut summary = Summary::default();
    let mut output = BufWriter::new(io::stdout().lock());

    let read = capture.for_each_frame(|frame| {
        summary.packets += 1;
        let datagram = match extractor.extract(frame.link, frame.data, frame.original_len) {
            Extracted::Datagram(datagram) => datagram,
            Extracted::Fragment => {
                summary.fragments += 1;
                return Ok(());
            }
            Extracted::Skipped(skip) => {
                summary.skip(skip.as_str());
                return Ok(());
            }
        };
        if datagram.reassembled {
            // The last fragment, which completed it.
            summary.fragments += 1;
            summary.reassembled += 1;
        }
        if args
            .port
            .is_some_and(|port| datagram.src.port() != port && datagram.dst.port() != port)
        {
            summary.skip("other_port");
            return Ok(());
        }
        let Some(time) = frame.time else {
            summary.skip("no_timestamp");
            return Ok(());
        };
        let (outcome, trailing) = Outcome::decode(&decoder, &datagram.payload);
        summary.datagram(outcome.rejected_kind());
        summary.trailing += u64::from(trailing > 0);
        let line = Line {
            ts: time.rfc3339(),
            src: datagram.src,
            dst: datagram.dst,
            outcome: &outcome,
        };
        serde_json::to_writer(&mut output, &line).map_err(io::Error::from)?;
        output.write_all(b"\n")
    });
    output.flush()?;
    match read {
        Ok(()) => {}
        Err(Stopped::Handler(error)) => return Err(error.into()),
        Err(Stopped::Damaged(error)) => eprintln!(
            "warning: {}: damaged after {} packets, the rest is not read: {error}",
            args.file.display(),
            summary.packets
        ),
    }
    eprintln!("{summary}");
    Ok(())
}
