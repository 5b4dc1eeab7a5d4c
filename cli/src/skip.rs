//! The one list of reasons a packet of a capture gives no line, with the
//! names the summary counts them by.

/// Why a packet of a capture gives no line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// A link type this tool does not read.
    LinkType,
    /// Not IPv4 or IPv6 (ARP, say).
    NotIp,
    /// IP, but not UDP.
    NotUdp,
    /// The capture holds less of the packet than was sent (its snap
    /// length).
    Cut,
    /// The packet is whole, but its headers do not parse or their lengths
    /// disagree with it (an IP or UDP length longer than the packet, a UDP
    /// length below 8), or its fragment does not fit its datagram's.
    Malformed,
    /// A datagram from and to ports that `--port` does not name.
    OtherPort,
    /// A packet without a time that RFC 3339 can write.
    NoTimestamp,
    /// A datagram that `--node` or `--type` leaves out.
    Filtered,
}

impl Skip {
    /// The name the summary uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LinkType => "link_type",
            Self::NotIp => "not_ip",
            Self::NotUdp => "not_udp",
            Self::Cut => "cut",
            Self::Malformed => "malformed",
            Self::OtherPort => "other_port",
            Self::NoTimestamp => "no_timestamp",
            Self::Filtered => "filtered",
        }
    }
}
