//! The primitives of the wire format (SPEC §1) that records are made of, and
//! what every record layout declares about itself.
//!
//! Each record's layout lives in the file of its family (`message.rs`,
//! `update.rs`, `member.rs`, `slots.rs`): a `zerocopy` struct, tag byte
//! included, read in place with one length check and written in one store.
//! All have alignment 1, so a prefix of any buffer of the right length fits.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use zerocopy::little_endian::U16;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// Address family bytes.
pub(crate) mod family {
    pub const V4: u8 = 4;
    pub const V6: u8 = 6;
}

/// The bytes of a node id, as `uuid::Uuid::as_bytes` gives them.
pub(crate) type NodeIdBytes = [u8; 16];

/// A fixed-size record layout: read in place with one length check, written
/// with one store.
pub trait Layout: FromBytes + IntoBytes + KnownLayout + Immutable + Unaligned + 'static {
    /// Where its fields start and which are `bool`s: what the error for a
    /// record the input cuts short is made from (SPEC §4).
    const FIELDS: &'static Fields;
}

/// The fields of a layout, as bit masks over its bytes (bit `i` stands for
/// byte `i`), so that one function, not one per layout, works out the error
/// for a record cut short.
#[derive(Debug)]
pub struct Fields {
    /// The byte each field starts at, the first 0: a record the input cuts
    /// short is `truncated` at the start of the first field that does not
    /// fit.
    pub(crate) starts: u64,
    /// The `bool` bytes: one that is wrong before the point where the input
    /// stops is reported first.
    pub(crate) bools: u64,
}

impl Fields {
    /// The fields starting at `starts`, of which those at `bools` are
    /// `bool`s.
    pub(crate) const fn new(starts: &[usize], bools: &[usize]) -> Self {
        Self {
            starts: mask(starts),
            bools: mask(bools),
        }
    }
}

/// The mask of byte offsets `offsets`.
// Evaluated while compiling: an offset past 63 (a record longer than any the
// format has) fails the build.
#[allow(clippy::arithmetic_side_effects)]
const fn mask(offsets: &[usize]) -> u64 {
    let mut mask = 0;
    let mut rest = offsets;
    while let [at, tail @ ..] = rest {
        mask |= 1 << *at;
        rest = tail;
    }
    mask
}

/// Declares a layout's fields, in order, and which of them are `bool`s.
macro_rules! layout {
    ($layout:ty: $($field:ident $(. $sub:ident)?),+ $(; bools: $($bool:ident),+)?) => {
        impl $crate::wire::Layout for $layout {
            const FIELDS: &'static $crate::wire::Fields = &$crate::wire::Fields::new(
                &[$(core::mem::offset_of!($layout, $field $(. $sub)?)),+],
                &[$($(core::mem::offset_of!($layout, $bool)),+)?],
            );
        }
    };
}
pub(crate) use layout;

/// A layout of one field.
const ONE_FIELD: &Fields = &Fields::new(&[0], &[]);

impl Layout for u8 {
    const FIELDS: &'static Fields = ONE_FIELD;
}

impl Layout for U16 {
    const FIELDS: &'static Fields = ONE_FIELD;
}

impl Layout for NodeIdBytes {
    const FIELDS: &'static Fields = ONE_FIELD;
}

/// An IPv4 address after its family byte.
#[derive(Clone, Copy, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct AddrV4 {
    pub ip: [u8; 4],
    pub port: U16,
}

/// An IPv6 address after its family byte.
#[derive(Clone, Copy, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct AddrV6 {
    pub ip: [u8; 16],
    pub port: U16,
}

/// The octets and port of an address of one family, inside a record.
pub trait Addr:
    FromBytes + IntoBytes + KnownLayout + Immutable + Unaligned + Copy + 'static
{
    /// Its family byte.
    const FAMILY: u8;
    /// The address.
    fn get(&self) -> SocketAddr;
}

impl Addr for AddrV4 {
    const FAMILY: u8 = family::V4;
    #[inline]
    fn get(&self) -> SocketAddr {
        SocketAddrV4::new(Ipv4Addr::from(self.ip), self.port.get()).into()
    }
}

impl Addr for AddrV6 {
    const FAMILY: u8 = family::V6;
    #[inline]
    fn get(&self) -> SocketAddr {
        // Bare-metal targets move the octets as four words: as a byte
        // array, they are copied by a call to memcpy at opt-level `s` (and
        // decoding takes 40 B more stack on thumbv7m). Elsewhere the array
        // is the faster: a byte swap there and back costs x86-64 6% more
        // instructions to walk welcome_64_members.
        let ip = if cfg!(target_os = "none") {
            Ipv6Addr::from_bits(u128::from_be_bytes(self.ip))
        } else {
            Ipv6Addr::from(self.ip)
        };
        SocketAddrV6::new(ip, self.port.get(), 0, 0).into()
    }
}

/// A copy of `addr`, built from its parts. Copied as bytes, an IPv6
/// address and its port are 18 bytes aligned to 2, which Cortex-M builds at
/// opt-level `s` copy by a call to memcpy; that call alone links
/// compiler_builtins' 744-byte memcpy into a receiver that needs no other
/// (decode + walk took 5,704 B of flash on thumbv7m with it, 4,808 B
/// without). As a `u128` the octets move as four words. Elsewhere copying the
/// bytes is the faster: with addresses rebuilt, x86-64 walked the decoded
/// bench messages in up to 49% more instructions (ping_1024_left).
#[inline(always)]
pub(crate) fn copy_addr(addr: &SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V6(v6) if cfg!(target_os = "none") => SocketAddrV6::new(
            Ipv6Addr::from_bits(v6.ip().to_bits()),
            v6.port(),
            v6.flowinfo(),
            v6.scope_id(),
        )
        .into(),
        _ => *addr,
    }
}

impl From<&SocketAddrV4> for AddrV4 {
    #[inline]
    fn from(addr: &SocketAddrV4) -> Self {
        Self {
            ip: addr.ip().octets(),
            port: addr.port().into(),
        }
    }
}

impl From<&SocketAddrV6> for AddrV6 {
    #[inline]
    fn from(addr: &SocketAddrV6) -> Self {
        Self {
            ip: addr.ip().octets(),
            port: addr.port().into(),
        }
    }
}

/// A record that holds an address, laid out once per family: the layouts
/// `V4` and `V6` differ only in the address.
pub enum ByFamily<V4, V6> {
    V4(V4),
    V6(V6),
}

/// Whether the wire can carry `addr`: an IPv6 flow label or scope id cannot.
#[inline]
pub(crate) fn representable(addr: &SocketAddr) -> bool {
    match addr {
        SocketAddr::V4(_) => true,
        SocketAddr::V6(v6) => v6.flowinfo() == 0 && v6.scope_id() == 0,
    }
}

/// The size of the layout, `V4` or `V6`, that holds `addr`.
#[inline]
pub(crate) const fn size_for<V4, V6>(addr: &SocketAddr) -> usize {
    match addr {
        SocketAddr::V4(_) => size_of::<V4>(),
        SocketAddr::V6(_) => size_of::<V6>(),
    }
}
