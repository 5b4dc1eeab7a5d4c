//! The members table at the end of `pcap`: what the traffic said about
//! each node, in at most [`MAX_NODES`] rows.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;

use swimwire::{MessageBuf, SlotRange, Uuid};

use crate::gossip;

/// The most nodes the table follows; later ones are only counted.
pub const MAX_NODES: usize = 4096;

/// What is known of one node.
#[derive(Debug, Default)]
struct Node {
    /// The address last claimed for it (or, until one is, where it sent
    /// from).
    addr: Option<SocketAddr>,
    claimed_addr: bool,
    /// The state last claimed for it, and by whom.
    state: Option<(&'static str, Uuid)>,
    incarnation: Option<u64>,
    slots: Option<Vec<SlotRange>>,
    /// When it was last mentioned.
    last: String,
}

/// The nodes a capture mentions.
#[derive(Debug, Default)]
pub struct Members {
    nodes: BTreeMap<Uuid, Node>,
    /// Nodes not followed, past [`MAX_NODES`].
    untracked: u64,
}

impl Members {
    /// Takes in what `message`, sent from `src` at `time`, says.
    pub fn add(&mut self, message: &MessageBuf, src: SocketAddr, time: &str) {
        let sender = gossip::sender(message);
        for (index, claim) in gossip::claims(message).into_iter().enumerate() {
            let full = self.nodes.len() >= MAX_NODES;
            let node = match self.nodes.get_mut(&claim.node) {
                Some(node) => node,
                None if full => {
                    self.untracked += 1;
                    continue;
                }
                None => self.nodes.entry(claim.node).or_default(),
            };
            if let Some(addr) = claim.addr {
                node.addr = Some(addr);
                node.claimed_addr = true;
            } else if index == 0 && !node.claimed_addr {
                node.addr = Some(src);
            }
            if let Some(state) = claim.state {
                node.state = Some((state, sender));
            }
            if let Some(incarnation) = claim.incarnation {
                node.incarnation = node.incarnation.max(Some(incarnation));
            }
            if let Some(slots) = claim.slots {
                node.slots = Some(slots.to_vec());
            }
            time.clone_into(&mut node.last);
        }
    }
}

/// One row a node: id, address, last state claimed and by whom, highest
/// incarnation, slots, last mentioned.
impl fmt::Display for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<36}  {:<22}  {:<7}  {:<8}  {:>20}  {:<24}  last mentioned",
            "node", "address", "state", "by", "incarnation", "slots"
        )?;
        for (id, node) in &self.nodes {
            let dash = || "-".to_owned();
            let (state, by) = node.state.map_or((dash(), dash()), |(state, by)| {
                (state.to_owned(), gossip::short_id(&by))
            });
            writeln!(
                f,
                "{id:<36}  {:<22}  {state:<7}  {by:<8}  {:>20}  {:<24}  {}",
                node.addr.map_or_else(dash, |addr| addr.to_string()),
                node.incarnation.map_or_else(dash, |n| n.to_string()),
                node.slots.as_deref().map_or_else(dash, gossip::slots_text),
                node.last
            )?;
        }
        write!(f, "nodes: {}", self.nodes.len())?;
        if self.untracked > 0 {
            write!(
                f,
                " (and {} mentions of nodes past the {MAX_NODES} followed)",
                self.untracked
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_max_nodes_nodes_are_counted_not_kept() {
        let mut members = Members::default();
        let src: SocketAddr = "10.0.0.1:17946".parse().unwrap();
        for n in 0..MAX_NODES as u128 + 10 {
            let join = MessageBuf::Join {
                sender: Uuid::from_u128(n),
                sender_addr: src,
            };
            members.add(&join, src, "t");
        }
        assert_eq!(members.nodes.len(), MAX_NODES);
        assert_eq!(members.untracked, 10);
        assert!(members.to_string().ends_with(&format!(
            "nodes: {MAX_NODES} (and 10 mentions of nodes past the {MAX_NODES} followed)"
        )));
    }
}
