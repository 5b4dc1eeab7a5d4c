//! The counts `swimwire pcap` reports on stderr when it is done.

use std::collections::BTreeMap;
use std::fmt;

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
}

impl Summary {
    /// Counts a datagram rejected with `kind`, or decoded when `None`.
    pub fn datagram(&mut self, rejected: Option<&'static str>) {
        self.datagrams += 1;
        match rejected {
            None => self.decoded += 1,
            Some(kind) => *self.rejected.entry(kind).or_default() += 1,
        }
    }

    /// Counts something skipped for `reason`.
    pub fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
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
                "\nfragments: {} (datagrams reassembled: {})",
                self.fragments, self.reassembled
            )?;
        }
        if self.trailing > 0 {
            write!(
                f,
                "\ndatagrams with trailing bytes (lenient): {}",
                self.trailing
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
        summary.datagram(None);
        summary.datagram(Some("truncated"));
        summary.datagram(Some("truncated"));
        summary.skip("not_udp");
        summary.skip("cut");
        assert_eq!(
            summary.to_string(),
            "packets: 6\ndatagrams: 3\ndecoded: 1\nrejected: 2 (truncated: 2)\nskipped: 2 (cut: 1, not_udp: 1)"
        );
    }
}
