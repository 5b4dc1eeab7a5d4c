//! Byte layouts of the fixed-size parts of the wire format (SPEC §1–§3).
//!
//! Each struct is read in place with `zerocopy` after one length check; all
//! have alignment 1, so a prefix of any buffer of the right length fits.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use zerocopy::little_endian::{U16, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// Message tags.
pub(crate) mod message_tag {
    pub const PING: u8 = 1;
    pub const PING_REQ: u8 = 2;
    pub const ACK: u8 = 3;
    pub const JOIN: u8 = 4;
    pub const WELCOME: u8 = 5;
    pub const SLOTS_ANNOUNCE: u8 = 6;
}

/// Update tags.
pub(crate) mod update_tag {
    pub const ALIVE: u8 = 1;
    pub const SUSPECT: u8 = 2;
    pub const DEAD: u8 = 3;
    pub const LEFT: u8 = 4;
    pub const SLOTS_CHANGED: u8 = 5;
    pub const ROLE_CHANGED: u8 = 6;
    pub const VOTE_REQUEST: u8 = 7;
    pub const VOTE_GRANTED: u8 = 8;
}

/// Address family bytes.
pub(crate) mod family {
    pub const V4: u8 = 4;
    pub const V6: u8 = 6;
}

/// The bytes of a node id, as `uuid::Uuid::as_bytes` gives them.
pub(crate) type NodeIdBytes = [u8; 16];

/// A fixed-size part read with one length check, and where its fields
/// start: a part the input cuts short is `truncated` at the start of the
/// first field that does not fit (SPEC §4).
pub(crate) trait Fields {
    /// The offset of each field in the part, ascending, the first 0.
    const STARTS: &'static [usize];
}

/// A part of a single field.
macro_rules! one_field {
    ($($part:ty),+) => {
        $(impl Fields for $part {
            const STARTS: &'static [usize] = &[0];
        })+
    };
}

/// A part of several fields, named in order.
macro_rules! fields {
    ($part:ty: $($field:ident),+) => {
        impl Fields for $part {
            const STARTS: &'static [usize] = &[$(core::mem::offset_of!($part, $field)),+];
        }
    };
}

one_field!(u8, U16, U64, NodeIdBytes);
fields!(ProbeHeader: seq, sender);
fields!(PingReqHeader: seq, sender, target);
fields!(NodeIncarnation: node, incarnation);
fields!(VoteRequest: candidate, epoch, offset);
fields!(VoteGranted: from, candidate, epoch);
fields!(AddrV4: ip, port);
fields!(AddrV6: ip, port);

/// Ping and Ack, after the tag: `seq`, `sender` (the count follows).
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct ProbeHeader {
    pub seq: U64,
    pub sender: NodeIdBytes,
}

/// PingReq, after the tag: `seq`, `sender`, `target` (the address follows).
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct PingReqHeader {
    pub seq: U64,
    pub sender: NodeIdBytes,
    pub target: NodeIdBytes,
}

/// A node id followed by an incarnation: SlotsAnnounce's header, Suspect,
/// Dead, and the start of SlotsChanged and RoleChanged.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct NodeIncarnation {
    pub node: NodeIdBytes,
    pub incarnation: U64,
}

/// RoleChanged, after the tag, up to the id that `has_replicates` announces.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct RoleChanged {
    pub node: NodeIdBytes,
    pub incarnation: U64,
    pub is_primary: u8,
    pub has_replicates: u8,
}

/// VoteRequest, after the tag.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct VoteRequest {
    pub candidate: NodeIdBytes,
    pub epoch: U64,
    pub offset: U64,
}

/// VoteGranted, after the tag.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct VoteGranted {
    pub from: NodeIdBytes,
    pub candidate: NodeIdBytes,
    pub epoch: U64,
}

/// An IPv4 address after its family byte.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct AddrV4 {
    pub ip: [u8; 4],
    pub port: U16,
}

/// An IPv6 address after its family byte.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct AddrV6 {
    pub ip: [u8; 16],
    pub port: U16,
}

/// The octets and port of an address of one family.
pub(crate) trait Addr: FromBytes + KnownLayout + Immutable + Unaligned + 'static {
    /// Its family byte.
    const FAMILY: u8;
    /// The address.
    fn get(&self) -> SocketAddr;
}

impl Addr for AddrV4 {
    const FAMILY: u8 = family::V4;
    fn get(&self) -> SocketAddr {
        SocketAddrV4::new(Ipv4Addr::from(self.ip), self.port.get()).into()
    }
}

impl Addr for AddrV6 {
    const FAMILY: u8 = family::V6;
    fn get(&self) -> SocketAddr {
        SocketAddrV6::new(Ipv6Addr::from(self.ip), self.port.get(), 0, 0).into()
    }
}

/// A whole Alive update after its tag, for an address of one family: most
/// are read with one length check.
#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct Alive<A> {
    pub node: NodeIdBytes,
    pub family: u8,
    pub addr: A,
    pub incarnation: U64,
}

/// A Welcome member up to its slot ranges, for an address of one family:
/// most are read with one length check.
#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct Member<A> {
    pub id: NodeIdBytes,
    pub family: u8,
    pub addr: A,
    pub incarnation: U64,
    pub is_primary: u8,
    pub slot_count: U16,
}

/// One slot range: `start`, `end`.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct SlotRange {
    pub start: U16,
    pub end: U16,
}

/// Wire size of an IPv4 address with its family byte.
const ADDR_V4_LEN: usize = 1 + size_of::<AddrV4>();
/// Wire size of an IPv6 address with its family byte.
const ADDR_V6_LEN: usize = 1 + size_of::<AddrV6>();

/// Wire size of an address with its family byte.
pub(crate) const fn addr_len(addr: &SocketAddr) -> usize {
    match addr {
        SocketAddr::V4(_) => ADDR_V4_LEN,
        SocketAddr::V6(_) => ADDR_V6_LEN,
    }
}
