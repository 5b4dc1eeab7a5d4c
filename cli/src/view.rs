//! How decodings are shown and which are kept: `--format`, `--node` and
//! `--type`, shared by `decode --lines` and `pcap`, and the readable line
//! of `--format text`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use swimwire::{MessageBuf, Uuid};

use crate::gossip::{self, TYPE_NAMES};
use crate::report::Outcome;

/// What output looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One compact JSON object a line (SPEC §8).
    Json,
    /// One readable line a message, as tshark prints packets.
    Text,
}

/// The options that choose what is shown, and how.
#[derive(clap::Args)]
pub struct ViewOptions {
    /// json: one JSON object a line; text: one readable line each (type,
    /// seq, short sender id, a summary of the updates or members, or the
    /// error).
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Keep only messages that mention this node: as sender, target, the
    /// subject of an update, a member, voter or candidate. Repeatable.
    #[arg(long = "node", value_name = "UUID")]
    nodes: Vec<Uuid>,
    /// Keep only messages of these types: ping, ping_req, ack, join,
    /// welcome, slots_announce (comma-separated, or repeated).
    #[arg(long = "type", value_name = "TYPES", value_delimiter = ',', value_parser = TYPE_NAMES)]
    types: Vec<String>,
}

impl ViewOptions {
    /// Whether the outcome passes the filters; a rejected input passes
    /// only when there are none.
    pub fn keeps(&self, outcome: &Outcome) -> bool {
        if self.nodes.is_empty() && self.types.is_empty() {
            return true;
        }
        let Outcome::Decoded { message, .. } = outcome else {
            return false;
        };
        let type_ok = self.types.is_empty()
            || self
                .types
                .iter()
                .any(|name| name == gossip::type_name(message));
        let node_ok = self.nodes.is_empty()
            || gossip::claims(message)
                .iter()
                .any(|claim| self.nodes.contains(&claim.node));
        type_ok && node_ok
    }
}

/// The readable text of an outcome, without time or addresses.
pub fn text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Decoded { message, trailing } => {
            let mut text = message_text(message);
            if *trailing > 0 {
                let _ = write!(text, " (+{trailing} trailing bytes)");
            }
            text
        }
        Outcome::Rejected(rejection) => format!("error {}", rejection.to_text()),
    }
}

fn message_text(message: &MessageBuf) -> String {
    let name = gossip::type_name(message);
    let from = gossip::short_id(&gossip::sender(message));
    match message {
        MessageBuf::Ping { seq, updates, .. } | MessageBuf::Ack { seq, updates, .. } => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for update in updates {
                *counts.entry(gossip::update_name(update)).or_default() += 1;
            }
            let counts: Vec<String> = counts
                .iter()
                .map(|(name, count)| format!("{name} {count}"))
                .collect();
            let mut text = format!("{name} seq={seq} from {from} updates {}", updates.len());
            if !counts.is_empty() {
                let _ = write!(text, ": {}", counts.join(", "));
            }
            text
        }
        MessageBuf::PingReq {
            seq,
            target,
            target_addr,
            ..
        } => format!(
            "{name} seq={seq} from {from} target {} at {target_addr}",
            gossip::short_id(target)
        ),
        MessageBuf::Join { sender_addr, .. } => format!("{name} from {from} at {sender_addr}"),
        MessageBuf::Welcome { members, .. } => {
            let primaries = members.iter().filter(|member| member.is_primary).count();
            format!(
                "{name} from {from} members {} (primaries {primaries})",
                members.len()
            )
        }
        MessageBuf::SlotsAnnounce {
            incarnation, slots, ..
        } => format!(
            "{name} from {from} incarnation {incarnation} slots {}",
            gossip::slots_text(slots)
        ),
    }
}
