//! Socket addresses in JSON (feature `serde`), as SPEC §8 writes them: the
//! text of `Display`, built without `core::fmt` for IPv4, which is most of
//! what a cluster sends. Formatting through `core::fmt` took over 40 % of
//! the instructions of `swimwire pcap` on the ember capture.
//!
//! The owned messages use it for their addresses; a type that puts addresses
//! beside them can too:
//!
//! ```
//! #[derive(serde::Serialize)]
//! struct Seen {
//!     #[serde(serialize_with = "swimwire::addr_text::serialize")]
//!     from: std::net::SocketAddr,
//! }
//!
//! let seen = Seen { from: "10.0.0.1:17946".parse()? };
//! assert_eq!(serde_json::to_string(&seen)?, r#"{"from":"10.0.0.1:17946"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::net::{SocketAddr, SocketAddrV4};

use heapless::String;
use serde::ser::{Error, Serialize, Serializer};

/// The longest IPv4 socket address: `255.255.255.255:65535`.
const V4_MAX: usize = 21;

/// Serializes `addr` as the string `Display` writes, in human-readable
/// formats; as `SocketAddr`'s own `Serialize` does in the others.
///
/// # Errors
///
/// Those of `serializer`.
pub fn serialize<S: Serializer>(addr: &SocketAddr, serializer: S) -> Result<S::Ok, S::Error> {
    match addr {
        SocketAddr::V4(v4) if serializer.is_human_readable() => match v4_text(v4) {
            Some(text) => serializer.serialize_str(&text),
            None => Err(S::Error::custom(
                "an IPv4 socket address over 21 characters",
            )),
        },
        _ => addr.serialize(serializer),
    }
}

/// `a.b.c.d:port`; never `None`, as the longest fits.
fn v4_text(addr: &SocketAddrV4) -> Option<String<V4_MAX>> {
    let mut text = String::new();
    for (at, octet) in addr.ip().octets().into_iter().enumerate() {
        if at > 0 {
            text.push('.').ok()?;
        }
        push_decimal(&mut text, octet.into())?;
    }
    text.push(':').ok()?;
    push_decimal(&mut text, addr.port())?;
    Some(text)
}

/// Appends `value` in decimal, without leading zeros.
fn push_decimal(text: &mut String<V4_MAX>, value: u16) -> Option<()> {
    for unit in [10_000, 1_000, 100, 10, 1] {
        if value >= unit || unit == 1 {
            let digit = value.checked_div(unit)? % 10;
            text.push(char::from_digit(digit.into(), 10)?).ok()?;
        }
    }
    Some(())
}
