//! Putting fragmented IP datagrams together, in a fixed budget: at most
//! [`MAX_PENDING_DATAGRAMS`] incomplete datagrams and
//! [`MAX_PENDING_BYTES`] of their bytes are kept; past either, the one
//! waiting longest is dropped and counted, so no capture can make memory
//! grow without bound. As in Linux (`ipfrag_time`), a datagram still
//! incomplete [`TIMEOUT`] after its first fragment is dropped too.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::time::Duration;

use etherparse::defrag::IpDefragBuf;
use etherparse::{IpFragOffset, IpNumber, Ipv6ExtensionSlice, NetSlice, SlicedPacket};

/// The most incomplete datagrams kept at once.
pub const MAX_PENDING_DATAGRAMS: usize = 1024;
/// The most bytes of incomplete datagrams kept at once.
pub const MAX_PENDING_BYTES: usize = 16 << 20;
/// How long, in capture time, fragments wait for the rest of their datagram.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What a fragment did.
#[derive(Debug)]
pub enum Added {
    /// Its datagram is not yet whole.
    Pending,
    /// It completed its datagram: the IP payload, put together.
    Whole(Vec<u8>),
    /// It does not fit with the fragments before it (overlapping or beyond
    /// the largest datagram); its datagram is dropped.
    Malformed,
}

/// The fragments of one datagram share these.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct DatagramId {
    src: IpAddr,
    dst: IpAddr,
    identification: u32,
    protocol: IpNumber,
}

struct Pending {
    /// When it was first seen, in fragments added.
    since: u64,
    /// When its first fragment was captured, if the capture says.
    first_time: Option<Duration>,
    fragments: IpDefragBuf,
    /// What its buffers take.
    bytes: usize,
}

/// Datagrams waiting for fragments.
#[derive(Default)]
pub struct Reassembly {
    pending: HashMap<DatagramId, Pending>,
    /// The pending datagrams, the one waiting longest first, with the time
    /// of their first fragment.
    by_age: BTreeMap<u64, (DatagramId, Option<Duration>)>,
    added: u64,
    bytes: usize,
    /// Incomplete datagrams dropped to stay in the budget.
    pub evicted: u64,
    /// Incomplete datagrams dropped after [`TIMEOUT`].
    pub timed_out: u64,
}

impl Reassembly {
    /// Adds the fragment in `packet`, an IPv4 or IPv6 packet whose payload
    /// is fragmented, captured at `time` (since the epoch) if known.
    pub fn add(&mut self, packet: &SlicedPacket<'_>, time: Option<Duration>) -> Added {
        let Some((id, offset, more, payload)) = fragment(packet) else {
            return Added::Malformed;
        };
        if let Some(now) = time {
            self.time_out(now);
        }
        self.added += 1;
        let mut pending = match self.pending.remove(&id) {
            Some(pending) => pending,
            None => Pending {
                since: self.added,
                first_time: time,
                fragments: IpDefragBuf::new(id.protocol, Vec::new(), Vec::new()),
                bytes: 0,
            },
        };
        self.by_age.remove(&pending.since);
        self.bytes -= pending.bytes;
        if pending.fragments.add(offset, more, payload).is_err() {
            return Added::Malformed;
        }
        if pending.fragments.is_complete() {
            return Added::Whole(pending.fragments.take_bufs().0);
        }
        pending.bytes = pending.fragments.data().capacity()
            + pending.fragments.sections().capacity()
                * size_of::<etherparse::defrag::IpFragRange>();
        self.bytes += pending.bytes;
        self.by_age
            .insert(pending.since, (id.clone(), pending.first_time));
        self.pending.insert(id, pending);
        while self.pending.len() > MAX_PENDING_DATAGRAMS || self.bytes > MAX_PENDING_BYTES {
            if !self.drop_oldest() {
                break;
            }
            self.evicted += 1;
        }
        Added::Pending
    }

    /// Drops the datagrams whose first fragment came over [`TIMEOUT`]
    /// before `now`, oldest first.
    fn time_out(&mut self, now: Duration) {
        while let Some((_, (_, Some(first)))) = self.by_age.first_key_value() {
            if now.saturating_sub(*first) <= TIMEOUT {
                break;
            }
            self.drop_oldest();
            self.timed_out += 1;
        }
    }

    /// Drops the datagram waiting longest; false if there is none.
    fn drop_oldest(&mut self) -> bool {
        let Some((_, (oldest, _))) = self.by_age.pop_first() else {
            return false;
        };
        if let Some(dropped) = self.pending.remove(&oldest) {
            self.bytes -= dropped.bytes;
        }
        true
    }

    /// Datagrams still incomplete.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}

/// The datagram a fragment belongs to, where it goes, whether more follow,
/// and its bytes.
fn fragment<'a>(packet: &SlicedPacket<'a>) -> Option<(DatagramId, IpFragOffset, bool, &'a [u8])> {
    match &packet.net {
        Some(NetSlice::Ipv4(ip)) => {
            let header = ip.header();
            let id = DatagramId {
                src: header.source_addr().into(),
                dst: header.destination_addr().into(),
                identification: u32::from(header.identification()),
                protocol: ip.payload().ip_number,
            };
            Some((
                id,
                header.fragments_offset(),
                header.more_fragments(),
                ip.payload().payload,
            ))
        }
        Some(NetSlice::Ipv6(ip)) => {
            let header = ip
                .extensions()
                .clone()
                .into_iter()
                .find_map(|ext| match ext {
                    Ipv6ExtensionSlice::Fragment(fragment) => Some(fragment.to_header()),
                    _ => None,
                })?;
            let id = DatagramId {
                src: ip.header().source_addr().into(),
                dst: ip.header().destination_addr().into(),
                identification: header.identification,
                protocol: ip.payload().ip_number,
            };
            Some((
                id,
                header.fragment_offset,
                header.more_fragments,
                ip.payload().payload,
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use etherparse::Ipv4Header;

    use super::*;

    /// An IPv4 packet of UDP, the first fragment (more to come) of the
    /// datagram `identification`, carrying `len` bytes.
    fn first_fragment(identification: u16, len: usize) -> Vec<u8> {
        let mut header =
            Ipv4Header::new(len as u16, 64, IpNumber::UDP, [10, 0, 0, 1], [10, 0, 0, 2]).unwrap();
        header.identification = identification;
        header.more_fragments = true;
        let mut packet = header.to_bytes().to_vec();
        packet.resize(packet.len() + len, 0);
        packet
    }

    fn add(reassembly: &mut Reassembly, packet: &[u8], secs: u64) -> Added {
        let sliced = SlicedPacket::from_ip(packet).unwrap();
        reassembly.add(&sliced, Some(Duration::from_secs(secs)))
    }

    #[test]
    fn large_fragments_are_dropped_past_the_byte_budget() {
        let mut reassembly = Reassembly::default();
        // 60,000-byte first fragments: 16 MiB holds fewer than 280.
        for id in 0..400 {
            let added = add(&mut reassembly, &first_fragment(id, 60_000), 0);
            assert!(matches!(added, Added::Pending));
            assert!(reassembly.bytes <= MAX_PENDING_BYTES);
        }
        assert!(reassembly.pending() < 280, "{}", reassembly.pending());
        assert_eq!(reassembly.evicted, 400 - reassembly.pending() as u64);
        assert_eq!(reassembly.timed_out, 0);
    }

    #[test]
    fn the_oldest_are_dropped_first() {
        let mut reassembly = Reassembly::default();
        for id in 0..=MAX_PENDING_DATAGRAMS as u16 {
            add(&mut reassembly, &first_fragment(id, 8), 0);
        }
        assert_eq!(reassembly.evicted, 1);
        let ids: Vec<u32> = reassembly
            .by_age
            .values()
            .map(|(id, _)| id.identification)
            .collect();
        assert_eq!(ids.first(), Some(&1), "datagram 0 went first");
        // 31 s later every one of them has timed out.
        add(&mut reassembly, &first_fragment(9999, 8), 31);
        assert_eq!(reassembly.timed_out, MAX_PENDING_DATAGRAMS as u64);
        assert_eq!(reassembly.pending(), 1);
    }
}
