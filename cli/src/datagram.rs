//! From captured frames to UDP datagrams: link layers, IPv4 and IPv6, and
//! the reassembly of fragmented datagrams (a large Welcome does not fit in
//! one Ethernet frame).

use std::borrow::Cow;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use etherparse::{EtherType, IpNumber, NetSlice, SlicedPacket, TransportSlice, UdpSlice};
use pcap_file::DataLink;

use crate::reassembly::{Added, Reassembly};
use crate::skip::Skip;

/// A UDP datagram: its endpoints and its payload.
#[derive(Debug)]
pub struct Datagram<'a> {
    /// Sender.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
    /// The UDP payload: borrowed from the frame, or owned when reassembled.
    pub payload: Cow<'a, [u8]>,
    /// Whether it was reassembled from IP fragments.
    pub reassembled: bool,
}

/// What a frame holds.
#[derive(Debug)]
pub enum Extracted<'a> {
    /// A whole datagram (the last fragment completes a reassembled one).
    Datagram(Datagram<'a>),
    /// A fragment, kept until its datagram is whole.
    Fragment,
    /// Nothing to decode.
    Skipped(Skip),
}

/// Turns frames into datagrams, keeping fragments until they are whole.
#[derive(Default)]
pub struct Extractor {
    /// Fragments of datagrams not yet whole.
    pub fragments: Reassembly,
}

impl Extractor {
    /// What the frame `data` of link type `link`, `original_len` bytes on
    /// the wire, captured at `time` (since the epoch) if known, holds.
    pub fn extract<'a>(
        &mut self,
        link: DataLink,
        data: &'a [u8],
        original_len: u32,
        time: Option<Duration>,
    ) -> Extracted<'a> {
        if data.len() < original_len as usize {
            // Its lengths cannot be checked against what is not there.
            return Extracted::Skipped(Skip::Cut);
        }
        let sliced = match slice(link, data) {
            Ok(sliced) => sliced,
            Err(skip) => return Extracted::Skipped(skip),
        };
        let (src, dst, ip_payload) = match &sliced.net {
            Some(NetSlice::Ipv4(ip)) => (
                IpAddr::from(ip.header().source_addr()),
                IpAddr::from(ip.header().destination_addr()),
                ip.payload(),
            ),
            Some(NetSlice::Ipv6(ip)) => (
                IpAddr::from(ip.header().source_addr()),
                IpAddr::from(ip.header().destination_addr()),
                ip.payload(),
            ),
            Some(NetSlice::Arp(_)) | None => return Extracted::Skipped(Skip::NotIp),
        };
        if ip_payload.ip_number != IpNumber::UDP {
            return Extracted::Skipped(Skip::NotUdp);
        }
        if ip_payload.fragmented {
            return match self.fragments.add(&sliced, time) {
                Added::Pending => Extracted::Fragment,
                Added::Whole(whole) => match udp_payload(&whole) {
                    Some(payload) => Extracted::Datagram(Datagram {
                        src: SocketAddr::new(src, udp_port(&whole, 0)),
                        dst: SocketAddr::new(dst, udp_port(&whole, 2)),
                        payload: Cow::Owned(payload.to_vec()),
                        reassembled: true,
                    }),
                    None => Extracted::Skipped(Skip::Malformed),
                },
                Added::Malformed => Extracted::Skipped(Skip::Malformed),
            };
        }
        match sliced.transport {
            Some(TransportSlice::Udp(udp)) if udp_payload(ip_payload.payload).is_some() => {
                Extracted::Datagram(Datagram {
                    src: SocketAddr::new(src, udp.source_port()),
                    dst: SocketAddr::new(dst, udp.destination_port()),
                    payload: Cow::Borrowed(udp.payload()),
                    reassembled: false,
                })
            }
            _ => Extracted::Skipped(Skip::Malformed),
        }
    }
}

/// The payload of the UDP datagram `ip_payload`, if its length field says
/// exactly its length (at least its 8-byte header).
fn udp_payload(ip_payload: &[u8]) -> Option<&[u8]> {
    let udp = UdpSlice::from_slice(ip_payload).ok()?;
    let len = usize::from(udp.length());
    (len >= 8 && len == ip_payload.len()).then(|| udp.payload())
}

/// The port at `at` (0: source, 2: destination) of a UDP header.
fn udp_port(header: &[u8], at: usize) -> u16 {
    match header.get(at..at + 2) {
        Some(&[high, low]) => u16::from_be_bytes([high, low]),
        _ => 0,
    }
}

/// Bytes of a Linux cooked capture v2 header, before the network layer.
const SLL2_HEADER: usize = 20;
/// Bytes of a BSD loopback header (the address family).
const LOOPBACK_HEADER: usize = 4;

fn slice(link: DataLink, data: &[u8]) -> Result<SlicedPacket<'_>, Skip> {
    let sliced = match link {
        DataLink::ETHERNET => SlicedPacket::from_ethernet(data),
        DataLink::LINUX_SLL => SlicedPacket::from_linux_sll(data),
        DataLink::LINUX_SLL2 => {
            // The protocol type (an EtherType) comes first.
            let (header, network) = data.split_at_checked(SLL2_HEADER).ok_or(Skip::Malformed)?;
            let ether_type = EtherType(u16::from_be_bytes([header[0], header[1]]));
            SlicedPacket::from_ether_type(ether_type, network)
        }
        DataLink::RAW | DataLink::IPV4 | DataLink::IPV6 => SlicedPacket::from_ip(data),
        DataLink::NULL | DataLink::LOOP => {
            // The IP header's version tells IPv4 from IPv6 as well as the
            // family, whose byte order is the capturing host's, would.
            let network = data.get(LOOPBACK_HEADER..).ok_or(Skip::Malformed)?;
            SlicedPacket::from_ip(network)
        }
        _ => return Err(Skip::LinkType),
    };
    // The frame is whole (a cut one is not sliced), so any length that
    // does not fit is the headers' own fault.
    sliced.map_err(|_| Skip::Malformed)
}
