//! `swimwire`: SWIM gossip messages and captures to JSON, JSON to bytes.
//!
//! Exit codes: 0 success; 1 the input is not a valid message (or, for
//! `encode`, not a valid message description; with `--auth-key-file`, a
//! missing or wrong tag); 2 usage, input that is not hex, input that cannot
//! be read at all, or a key file that cannot be read or is empty.

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
Examples:
  swimwire decode 040000000000000000000000000000000104c0a800011e1b
  swimwire decode --lines < messages.hex > messages.jsonl
  swimwire encode '{\"type\":\"join\",\"sender\":\"00000000-0000-0000-0000-000000000001\",\"sender_addr\":\"192.168.0.1:6942\"}'
  swimwire pcap gossip.pcapng --port 7946

Exit codes: 0 success; 1 an invalid message (or a missing or wrong tag), or
JSON that describes none; 2 usage, text that is not hex, input that cannot be
read, or a key file that cannot be read or is empty.";

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
