//! The counts `swimwire pcap` reports on stderr when it is done.

use std::collections::BTreeMap;
use std::fmt;

use crate::reassembly::TIMEOUT;
use crate::report::{LOOKS_AUTHENTICATED, Outcome};
use crate::skip::Skip;

/// What became of the packets of a capture.
#[derive(Debug, Default)]
pub struct Summary {
    /// Packet records read.
    pub packets: u64,
    /// UDP datagrams decoded or rejected.
    pub datagrams: u64,
    /// Datagrams that are valid messages.
    pub decoded: u64,
    /// Datagrams rejected, by error kind.
    pub rejected: BTreeMap<&'static str, u64>,
    /// Packets or datagrams not decoded, by reason.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Packets that were IP fragments of a UDP datagram.
    pub fragments: u64,
    /// Datagrams put together from fragments.
    pub reassembled: u64,
    /// Datagrams whose trailing bytes the lenient profile ignored.
    pub trailing: u64,
    /// Of those, datagrams with exactly a tag's length of trailing bytes.
    pub trailing_tag_len: u64,
    /// Incomplete datagrams dropped to keep reassembly in its budget.
    pub evicted: u64,
    /// Incomplete datagrams dropped when their fragments timed out.
    pub timed_out: u64,
    /// Datagrams still incomplete when the capture ended.
    pub incomplete: u64,
    /// Records of the capture that could not be read.
    pub damaged: u64,
    /// What the capture's records are called: `record` or `block`.
    pub unit: &'static str,
}

impl Summary {
    /// Counts a datagram with its outcome; `looks_authenticated` if its
    /// trailing bytes could be a tag.
    pub fn datagram(&mut self, outcome: &Outcome, looks_authenticated: bool) {
        self.datagrams += 1;
        match outcome.rejected_kind() {
            None => self.decoded += 1,
            Some(kind) => *self.rejected.entry(kind).or_default() += 1,
        }
        let trailing = outcome.trailing();
        self.trailing += u64::from(trailing > 0);
        self.trailing_tag_len += u64::from(trailing > 0 && looks_authenticated);
    }

    /// Counts a packet skipped for `reason`.
    pub fn skip(&mut self, reason: Skip) {
        *self.skipped.entry(reason.as_str()).or_default() += 1;
    }
}

/// One `name: count` line each; breakdowns in parentheses.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "packets: {}", self.packets)?;
        writeln!(f, "datagrams: {}", self.datagrams)?;
        writeln!(f, "decoded: {}", self.decoded)?;
        writeln!(f, "rejected: {}", breakdown(&self.rejected))?;
        write!(f, "skipped: {}", breakdown(&self.skipped))?;
        if self.fragments > 0 {
            write!(
                f,
                "\nfragments: {} (datagrams reassembled: {}",
                self.fragments, self.reassembled
            )?;
            if self.evicted > 0 {
                write!(
                    f,
                    ", incomplete and dropped to stay in memory: {}",
                    self.evicted
                )?;
            }
            if self.timed_out > 0 {
                write!(
                    f,
                    ", incomplete and dropped after {} s: {}",
                    TIMEOUT.as_secs(),
                    self.timed_out
                )?;
            }
            if self.incomplete > 0 {
                write!(f, ", incomplete at the end: {}", self.incomplete)?;
            }
            f.write_str(")")?;
        }
        if self.trailing > 0 {
            write!(
                f,
                "\ndatagrams with trailing bytes (lenient): {}",
                self.trailing
            )?;
            if self.trailing_tag_len > 0 {
                write!(f, " ({} with {LOOKS_AUTHENTICATED})", self.trailing_tag_len)?;
            }
        }
        if self.damaged > 0 {
            let unit = self.unit;
            let s = if self.damaged == 1 { "" } else { "s" };
            write!(
                f,
                "\nlost: {} {unit}{s} of the capture could not be read",
                self.damaged
            )?;
        }
        Ok(())
    }
}

/// `3 (cut: 1, not_udp: 2)`, or `0`.
fn breakdown(counts: &BTreeMap<&'static str, u64>) -> String {
    let total: u64 = counts.values().sum();
    if total == 0 {
        return "0".to_owned();
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(name, count)| format!("{name}: {count}"))
        .collect();
    format!("{total} ({})", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_totals_and_breakdowns() {
        let mut summary = Summary {
            packets: 6,
            ..Summary::default()
        };
        let rejected = || {
            Outcome::Rejected(crate::report::Rejection {
                kind: "truncated",
                offset: Some(0),
                column: None,
                message: "".into(),
            })
        };
        let join = hex::decode("040000000000000000000000000000000104c0a800011e1b").unwrap();
        let message = swimwire::MessageBuf::from(&swimwire::decode(&join).unwrap());
        let decoded = Outcome::Decoded {
            message,
            trailing: 32,
        };
        summary.datagram(&decoded, true);
        summary.datagram(&rejected(), false);
        summary.datagram(&rejected(), false);
        summary.skip(Skip::NotUdp);
        summary.skip(Skip::Cut);
        assert_eq!(
            summary.to_string(),
            "packets: 6\ndatagrams: 3\ndecoded: 1\nrejected: 2 (truncated: 2)\nskipped: 2 (cut: 1, not_udp: 1)\n\
             datagrams with trailing bytes (lenient): 1 (1 with 32 bytes after the message, \
             as an authentication tag would be: an authenticated frame? --auth-key-file checks it)"
        );
    }
}
