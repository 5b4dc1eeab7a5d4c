//! Capture files, pcap and pcapng: each packet with its time and link type.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use pcap_file::pcap::PcapReader;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::{DataLink, PcapError, TsResolution};

/// One packet as captured.
pub struct Frame<'a> {
    /// When it was captured; `None` when the capture does not say, or says
    /// a time RFC 3339 cannot write (after the year 9999).
    pub time: Option<Timestamp>,
    /// What its bytes start with.
    pub link: DataLink,
    /// The bytes captured.
    pub data: &'a [u8],
    /// Its length on the wire: more than `data.len()` if the capture cut it.
    pub original_len: u32,
}

/// A capture time, with the precision the capture records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    since_epoch: Duration,
    nanos: bool,
}

impl Timestamp {
    /// The first second RFC 3339 cannot write: year 10000.
    const END: u64 = 253_402_300_800;

    fn new(since_epoch: Duration, nanos: bool) -> Option<Self> {
        (since_epoch.as_secs() < Self::END).then_some(Self { since_epoch, nanos })
    }

    /// As RFC 3339 in UTC, to the microsecond or, where the capture records
    /// them, the nanosecond: `2026-11-28T09:15:02.123456Z`.
    pub fn rfc3339(&self) -> String {
        let time = UNIX_EPOCH + self.since_epoch;
        if self.nanos {
            humantime::format_rfc3339_nanos(time).to_string()
        } else {
            humantime::format_rfc3339_micros(time).to_string()
        }
    }
}

/// Why reading a capture stopped before its end.
#[derive(Debug)]
pub enum Stopped<E> {
    /// The file is damaged or ends inside a record.
    Damaged(PcapError),
    /// Handling a frame failed.
    Handler(E),
}

/// An open capture file.
pub enum Capture {
    /// The classic libpcap format: one link type for the file.
    Pcap(PcapReader<File>),
    /// pcapng: a link type and clock for each interface.
    PcapNg {
        /// The blocks.
        reader: PcapNgReader<File>,
        /// The current section's interfaces, by interface id.
        interfaces: Vec<Interface>,
    },
}

/// The first four bytes of a pcapng file (a Section Header Block).
const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

impl Capture {
    /// Opens a pcap or pcapng file, whichever it is.
    ///
    /// # Errors
    /// The file cannot be read, or is neither format.
    pub fn open(path: &Path) -> Result<Self, String> {
        let unreadable = |error: &dyn std::fmt::Display| {
            format!("cannot read capture {}: {error}", path.display())
        };
        let not_a_capture = |error: &dyn std::fmt::Display| {
            unreadable(&format_args!("not a pcap or pcapng file ({error})"))
        };
        let mut file = File::open(path).map_err(|e| unreadable(&e))?;
        let mut magic = [0; 4];
        file.read_exact(&mut magic).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => not_a_capture(&"too short"),
            _ => unreadable(&e),
        })?;
        file.seek(SeekFrom::Start(0)).map_err(|e| unreadable(&e))?;
        if magic == PCAPNG_MAGIC {
            let reader = PcapNgReader::new(file).map_err(|e| not_a_capture(&e))?;
            Ok(Self::PcapNg {
                reader,
                interfaces: Vec::new(),
            })
        } else {
            let reader = PcapReader::new(file).map_err(|e| not_a_capture(&e))?;
            Ok(Self::Pcap(reader))
        }
    }

    /// Calls `on_frame` with each packet in turn, until it fails.
    ///
    /// # Errors
    /// `on_frame` failed, or the file is damaged or ends inside a record
    /// (after the frames before have been handed over).
    pub fn for_each_frame<E>(
        &mut self,
        mut on_frame: impl FnMut(Frame<'_>) -> Result<(), E>,
    ) -> Result<(), Stopped<E>> {
        match self {
            Self::Pcap(reader) => {
                let header = reader.header();
                let nanos = header.ts_resolution == TsResolution::NanoSecond;
                while let Some(packet) = reader.next_raw_packet() {
                    // Raw records: `next_packet` refuses any packet longer
                    // than the snap length, which is what a cut packet is.
                    let packet = packet.map_err(Stopped::Damaged)?;
                    let fraction = u64::from(packet.ts_frac) * if nanos { 1 } else { 1_000 };
                    let since_epoch = Duration::from_secs(u64::from(packet.ts_sec))
                        + Duration::from_nanos(fraction);
                    on_frame(Frame {
                        time: Timestamp::new(since_epoch, nanos),
                        link: header.datalink,
                        data: &packet.data,
                        original_len: packet.orig_len,
                    })
                    .map_err(Stopped::Handler)?;
                }
            }
            Self::PcapNg { reader, interfaces } => {
                while let Some(block) = reader.next_block() {
                    let block = block.map_err(Stopped::Damaged)?;
                    let frame = match &block {
                        Block::SectionHeader(_) => {
                            interfaces.clear();
                            continue;
                        }
                        Block::InterfaceDescription(description) => {
                            interfaces.push(Interface::from(description));
                            continue;
                        }
                        Block::EnhancedPacket(packet) => {
                            // pcap-file hands over the raw timestamp, in the
                            // interface's units, as if it were nanoseconds.
                            let raw =
                                u64::try_from(packet.timestamp.as_nanos()).unwrap_or(u64::MAX);
                            let interface = interfaces.get(packet.interface_id as usize);
                            pcapng_frame(interface, Some(raw), &packet.data, packet.original_len)
                        }
                        Block::Packet(packet) => {
                            let interface = interfaces.get(usize::from(packet.interface_id));
                            let raw = Some(packet.timestamp);
                            pcapng_frame(interface, raw, &packet.data, packet.original_len)
                        }
                        // No interface id (the first is meant) and no time.
                        Block::SimplePacket(packet) => pcapng_frame(
                            interfaces.first(),
                            None,
                            &packet.data,
                            packet.original_len,
                        ),
                        _ => continue,
                    };
                    on_frame(frame).map_err(Stopped::Handler)?;
                }
            }
        }
        Ok(())
    }
}

/// A pcapng packet from `interface` (`None`: the file names none that
/// exists, so the link type is unknown), stamped `raw` of its units.
fn pcapng_frame<'a>(
    interface: Option<&Interface>,
    raw: Option<u64>,
    data: &'a [u8],
    original_len: u32,
) -> Frame<'a> {
    Frame {
        time: interface
            .zip(raw)
            .and_then(|(interface, raw)| interface.time(raw)),
        link: interface.map_or(DataLink::Unknown(u32::MAX), |interface| interface.link),
        data,
        original_len,
    }
}

/// What a pcapng interface says about its packets.
#[derive(Clone, Copy, Debug)]
pub struct Interface {
    link: DataLink,
    /// `if_tsresol`: units of 10^-n seconds, or of 2^-n when the top bit is set.
    resolution: u8,
    /// `if_tsoffset`: seconds to add to every timestamp.
    offset: u64,
}

impl From<&InterfaceDescriptionBlock<'_>> for Interface {
    fn from(block: &InterfaceDescriptionBlock<'_>) -> Self {
        let mut interface = Self {
            link: block.linktype,
            resolution: 6,
            offset: 0,
        };
        for option in &block.options {
            match *option {
                InterfaceDescriptionOption::IfTsResol(resolution) => {
                    interface.resolution = resolution
                }
                InterfaceDescriptionOption::IfTsOffset(offset) => interface.offset = offset,
                _ => {}
            }
        }
        interface
    }
}

impl Interface {
    /// The time of a packet stamped `raw` units after the offset.
    fn time(&self, raw: u64) -> Option<Timestamp> {
        const NANOS_PER_SEC: u128 = 1_000_000_000;
        let raw = u128::from(raw);
        let exponent = u32::from(self.resolution & 0x7f);
        let (nanos, precise) = if self.resolution & 0x80 == 0 {
            let nanos = match exponent.checked_sub(9) {
                None => raw * 10u128.pow(9 - exponent),
                Some(finer) => 10u128.checked_pow(finer).map_or(0, |unit| raw / unit),
            };
            (nanos, exponent > 6)
        } else {
            // Below 2^64 × 10^9 < 2^94, so it fits.
            ((raw * NANOS_PER_SEC) >> exponent, exponent > 20)
        };
        let secs = u64::try_from(nanos / NANOS_PER_SEC)
            .ok()?
            .checked_add(self.offset)?;
        let subsec = u32::try_from(nanos % NANOS_PER_SEC).ok()?;
        Timestamp::new(Duration::new(secs, subsec), precise)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interface(resolution: u8, offset: u64) -> Interface {
        Interface {
            link: DataLink::ETHERNET,
            resolution,
            offset,
        }
    }

    #[test]
    fn pcapng_timestamps_follow_the_interface_resolution() {
        let micros = interface(6, 0).time(1_700_000_000_123_456).unwrap();
        assert_eq!(micros.rfc3339(), "2023-11-14T22:13:20.123456Z");
        let nanos = interface(9, 0).time(1_700_000_000_123_456_789).unwrap();
        assert_eq!(nanos.rfc3339(), "2023-11-14T22:13:20.123456789Z");
        let binary = interface(0x80 | 1, 10).time(3).unwrap();
        assert_eq!(binary.rfc3339(), "1970-01-01T00:00:11.500000Z");
        let seconds = interface(0, 0).time(1).unwrap();
        assert_eq!(seconds.rfc3339(), "1970-01-01T00:00:01.000000Z");
    }

    #[test]
    fn times_rfc3339_cannot_write_are_none() {
        assert!(interface(0, 0).time(Timestamp::END).is_none());
        assert!(interface(0, 0).time(Timestamp::END - 1).is_some());
        assert!(interface(0, u64::MAX).time(1).is_none());
    }
}
