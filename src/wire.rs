//! Byte layouts of the fixed-size parts of the wire format (SPEC §1–§3).
//!
//! Each struct is read in place with `zerocopy` after one length check; all
//! have alignment 1, so a prefix of any buffer of the right length fits.

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
pub(crate) const fn addr_len(addr: &core::net::SocketAddr) -> usize {
    match addr {
        core::net::SocketAddr::V4(_) => ADDR_V4_LEN,
        core::net::SocketAddr::V6(_) => ADDR_V6_LEN,
    }
}
