//! `swimwire`: SWIM gossip messages and captures to JSON or readable
//! lines, JSON to bytes.
//!
//! Exit codes: 0 success; 1 the input is not a valid message (or, for
//! `encode`, not a valid message description; with `--auth-key-file`, a
//! missing or wrong tag; for `pcap`, a damaged capture); 2 usage, input that
//! is not hex, input that cannot be read at all, or a key file that cannot
//! be read, is not UTF-8 or is empty.

mod auth_key;
mod capture;
mod cmd;
mod datagram;
mod failure;
mod frame;
mod gossip;
mod hex_text;
mod json_message;
mod lines;
mod members;
mod reassembly;
mod report;
mod skip;
mod summary;
mod view;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd::{decode, encode, pcap};

/// Decode and encode the SWIM gossip messages of ember cache clusters.
#[derive(Parser)]
#[command(name = "swimwire", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples (from the repository root):
  swimwire decode 040000000000000000000000000000000104c0a800011e1b
  swimwire decode --lines < examples/messages.hex | swimwire encode --lines
  swimwire encode < examples/join.json
  swimwire pcap tests/data/captures/ember-big-welcome.pcap --format text
  tcpdump -i lo -U -w - udp portrange 17000-17999 | swimwire pcap - --format text

Exit codes: 0 success; 1 an invalid message (or a missing or wrong tag),
JSON that describes none, or a damaged capture; 2 usage, text that is not
hex, input that cannot be read, or a key file that cannot be read, is not
UTF-8 or is empty.";

#[derive(Subcommand)]
enum Command {
    Decode(decode::Args),
    Encode(encode::Args),
    Pcap(pcap::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode(args) => decode::run(&args),
        Command::Encode(args) => encode::run(&args),
        Command::Pcap(args) => pcap::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
