//! Captures, pcap and pcapng, read as a stream (a file or a pipe): each
//! packet with its time and link type, in memory that one record bounds.
//! Damage is reported with the record's number and byte offset; a pcapng
//! block that is whole but cannot be used is skipped, and reading goes on.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read};
use std::time::{Duration, UNIX_EPOCH};

use pcap_file::pcap::PcapParser;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::{Block, PcapNgParser};
use pcap_file::{DataLink, Endianness, PcapError, TsResolution};

/// One packet as captured.
pub struct Frame<'a> {
    /// When it was captured; `None` when the capture does not say, or says
    /// a time RFC 3339 cannot write (after the year 9999).
    pub time: Option<Timestamp>,
    /// What its bytes start with.
    pub link: DataLink,
    /// The bytes captured.
    pub data: Cow<'a, [u8]>,
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

    /// The time since the Unix epoch.
    pub fn since_epoch(&self) -> Duration {
        self.since_epoch
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

/// The longest record read: pcap's largest snap length (262,144 bytes)
/// with room for a pcapng block's headers and options. A longer pcapng
/// block is skipped; a longer pcap record means the file is damaged.
pub const MAX_RECORD: usize = 1 << 20;

/// How much is read from the input at a time.
const CHUNK: usize = 64 * 1024;

/// The first four bytes of a pcapng file (a Section Header Block).
const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];
/// The byte-order magic of a Section Header Block, read big-endian.
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
/// The bytes of a pcap file header.
const PCAP_HEADER: usize = 24;
/// The bytes of a pcap record header: ts_sec, ts_frac, incl_len, orig_len.
const PCAP_RECORD_HEADER: usize = 16;
/// The bytes of a pcapng block's type and length fields.
const PCAPNG_BLOCK_HEADER: usize = 8;

/// A problem with a record: which one (counted from 1), where it starts,
/// and what is wrong.
#[derive(Debug)]
pub struct Damage {
    /// `record` (pcap) or `block` (pcapng).
    pub unit: &'static str,
    /// Its number in the file, from 1.
    pub number: u64,
    /// Its first byte's offset in the file.
    pub offset: u64,
    /// What is wrong with it.
    pub what: String,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} at byte {}: {}",
            self.unit, self.number, self.offset, self.what
        )
    }
}

/// What the capture holds next.
pub enum Next<'a> {
    /// A packet.
    Frame(Frame<'a>),
    /// A record that could not be used; reading goes on after it.
    Skipped(Damage),
    /// A record from which on the capture cannot be read.
    Stopped(Damage),
    /// A pcapng block that holds no packet (a section or interface
    /// description, statistics).
    NoPacket,
    /// The capture ended, after a whole record.
    End,
}

/// The format of a capture, with what its header said.
enum Format {
    Pcap(PcapParser),
    PcapNg {
        parser: PcapNgParser,
        /// The current section's interfaces, by interface id.
        interfaces: Vec<Interface>,
    },
}

impl Format {
    /// The length of the record whose header `unread` starts with.
    fn record_len(&self, unread: &[u8]) -> Option<usize> {
        match self {
            Self::Pcap(parser) => pcap_record_len(unread, parser.header().endianness),
            Self::PcapNg { parser, .. } => pcapng_block_len(unread, parser.section().endianness),
        }
    }

    fn unit(&self) -> &'static str {
        match self {
            Self::Pcap(_) => "record",
            Self::PcapNg { .. } => "block",
        }
    }
}

/// A capture being read.
pub struct Capture<R> {
    input: Input<R>,
    format: Format,
    /// Records (pcap) or blocks (pcapng) met so far.
    records: u64,
    /// Whether reading has stopped (at the end, or at damage).
    stopped: bool,
}

impl<R: Read> Capture<R> {
    /// Reads a pcap or pcapng header, whichever the input starts with.
    ///
    /// # Errors
    /// The input cannot be read, or is neither format.
    pub fn open(reader: R) -> Result<Self, String> {
        let not_a_capture = |why: &dyn fmt::Display| format!("not a pcap or pcapng file ({why})");
        let mut input = Input::new(reader);
        let fill = |input: &mut Input<R>, len| match input.fill(len) {
            Ok(true) => Ok(()),
            Ok(false) => Err(not_a_capture(&"too short")),
            Err(error) => Err(error.to_string()),
        };
        fill(&mut input, 4)?;
        let format = if input.unread().starts_with(&PCAPNG_MAGIC) {
            // A Section Header Block says its own length.
            fill(&mut input, 12)?;
            match pcapng_block_len(input.unread(), Endianness::Big) {
                Some(len) if (28..=MAX_RECORD).contains(&len) => fill(&mut input, len)?,
                _ => return Err(not_a_capture(&"bad section header length")),
            }
            let (rest, parser) = PcapNgParser::new(input.unread())
                .map_err(|error| not_a_capture(&describe(&error)))?;
            let taken = input.unread().len() - rest.len();
            input.consume(taken);
            Format::PcapNg {
                parser,
                interfaces: Vec::new(),
            }
        } else {
            fill(&mut input, PCAP_HEADER)?;
            let (_, parser) = PcapParser::new(input.unread())
                .map_err(|error| not_a_capture(&describe(&error)))?;
            input.consume(PCAP_HEADER);
            Format::Pcap(parser)
        };
        // The pcapng Section Header Block is the first block.
        let records = u64::from(matches!(format, Format::PcapNg { .. }));
        Ok(Self {
            input,
            format,
            records,
            stopped: false,
        })
    }

    /// What the records of this format are called: `record` or `block`.
    pub fn unit(&self) -> &'static str {
        self.format.unit()
    }

    /// Whether the next record is already read in whole, so that taking it
    /// will not wait for the input.
    pub fn next_is_buffered(&self) -> bool {
        let unread = self.input.unread();
        self.format
            .record_len(unread)
            .is_some_and(|len| len <= unread.len())
    }

    /// The next packet, or what keeps it from being one.
    pub fn next(&mut self) -> Next<'_> {
        if self.stopped {
            return Next::End;
        }
        match self.read_record() {
            Ok(Ok(len)) => self.parse_record(len),
            Ok(Err(next)) => next,
            Err(error) => self.stop(format!("cannot read the input: {error}")),
        }
    }

    /// Reads the next record into the buffer and returns its length, or
    /// what stands in its place.
    fn read_record(&mut self) -> io::Result<Result<usize, Next<'static>>> {
        let pcapng = matches!(self.format, Format::PcapNg { .. });
        let header_len = if pcapng {
            PCAPNG_BLOCK_HEADER
        } else {
            PCAP_RECORD_HEADER
        };
        if !self.input.fill(header_len)? {
            if self.input.unread().is_empty() {
                self.stopped = true;
                return Ok(Err(Next::End));
            }
            self.records += 1;
            let what = format!(
                "the capture ends inside its header ({} bytes)",
                self.input.unread().len()
            );
            return Ok(Err(self.stop(what)));
        }
        self.records += 1;
        let len = self.format.record_len(self.input.unread()).unwrap_or(0);
        if pcapng && (len < PCAPNG_BLOCK_HEADER + 4 || !len.is_multiple_of(4)) {
            return Ok(Err(self.stop(format!(
                "a block length of {len} is not a whole number of 32-bit words of at least 12: the rest is not read"
            ))));
        }
        if len > MAX_RECORD {
            if !pcapng {
                return Ok(Err(self.stop(format!(
                    "a captured length of {} bytes is over the {MAX_RECORD} this tool reads: the file is damaged, the rest is not read",
                    len - header_len
                ))));
            }
            let skipped = self.damage(format!(
                "a block of {len} bytes is over the {MAX_RECORD} this tool reads: skipped"
            ));
            return Ok(Err(if self.input.skip(len)? {
                Next::Skipped(skipped)
            } else {
                self.stop(format!("the capture ends inside this block of {len} bytes"))
            }));
        }
        if !self.input.fill(len)? {
            let what = format!(
                "the capture ends inside it ({} of {len} bytes)",
                self.input.unread().len()
            );
            return Ok(Err(self.stop(what)));
        }
        Ok(Ok(len))
    }

    /// The packet in the record of `len` bytes that
    /// [`read_record`](Self::read_record) read.
    fn parse_record(&mut self, len: usize) -> Next<'_> {
        let pcapng = matches!(self.format, Format::PcapNg { .. });
        let damage = self.damage(String::new());
        let record = self.input.take(len);
        if pcapng {
            let trailer = record
                .get(len - 4..)
                .map(|bytes| read_u32(bytes, Endianness::Little));
            let leading = record
                .get(4..8)
                .map(|bytes| read_u32(bytes, Endianness::Little));
            if trailer != leading {
                self.stopped = true;
                return Next::Stopped(Damage {
                    what: "its two length fields disagree: the rest is not read".to_owned(),
                    ..damage
                });
            }
        }
        let skipped = |error: PcapError| {
            Next::Skipped(Damage {
                what: format!("{}: skipped", describe(&error)),
                ..damage
            })
        };
        match &mut self.format {
            Format::Pcap(parser) => match parser.next_raw_packet(record) {
                Ok((_, packet)) => {
                    let nanos = parser.header().ts_resolution == TsResolution::NanoSecond;
                    let fraction = u64::from(packet.ts_frac) * if nanos { 1 } else { 1_000 };
                    let since_epoch = Duration::from_secs(u64::from(packet.ts_sec))
                        + Duration::from_nanos(fraction);
                    Next::Frame(Frame {
                        time: Timestamp::new(since_epoch, nanos),
                        link: parser.header().datalink,
                        data: packet.data,
                        original_len: packet.orig_len,
                    })
                }
                Err(error) => skipped(error),
            },
            Format::PcapNg { parser, interfaces } => match parser.next_block(record) {
                Ok((_, block)) => {
                    pcapng_next(block, interfaces).map_or(Next::NoPacket, Next::Frame)
                }
                Err(error) => skipped(error),
            },
        }
    }

    /// Stops reading at the record being read, for the reason `what`.
    fn stop(&mut self, what: String) -> Next<'static> {
        self.stopped = true;
        Next::Stopped(self.damage(what))
    }

    /// A problem with the record being read.
    fn damage(&self, what: String) -> Damage {
        Damage {
            unit: self.format.unit(),
            number: self.records,
            offset: self.input.offset,
            what,
        }
    }
}

/// The input, read a chunk at a time, and what of it is not yet used.
struct Input<R> {
    reader: R,
    /// Read but not yet used: `buffer[start..end]`; the rest is room to
    /// read into.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    /// The offset in the input of `buffer[start]`.
    offset: u64,
    ended: bool,
}

impl<R: Read> Input<R> {
    fn new(reader: R) -> Self {
        Self {
            reader,
            buffer: vec![0; CHUNK],
            start: 0,
            end: 0,
            offset: 0,
            ended: false,
        }
    }

    fn unread(&self) -> &[u8] {
        &self.buffer[self.start..self.end]
    }

    fn consume(&mut self, len: usize) {
        self.start += len;
        self.offset += len as u64;
    }

    /// The next `len` bytes, which [`fill`](Self::fill) has read.
    fn take(&mut self, len: usize) -> &[u8] {
        let start = self.start;
        self.consume(len);
        &self.buffer[start..start + len]
    }

    /// Reads until at least `len` bytes are unread; false if the input
    /// ends first.
    fn fill(&mut self, len: usize) -> io::Result<bool> {
        if self.end - self.start >= len {
            return Ok(true);
        }
        // Keep only what is unread, at the front, with room for `len`; the
        // room a large record needed is given back after it.
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        let room = len.max(CHUNK).max(self.end);
        if self.buffer.len() < room || self.buffer.len() > 2 * room {
            self.buffer.resize(room, 0);
            self.buffer.shrink_to_fit();
        }
        while self.end < len && !self.ended {
            match self.reader.read(&mut self.buffer[self.end..]) {
                Ok(0) => self.ended = true,
                Ok(read) => self.end += read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok(self.end >= len)
    }

    /// Passes over the next `len` bytes without keeping them; false if the
    /// input ends first.
    fn skip(&mut self, len: usize) -> io::Result<bool> {
        let mut left = len;
        loop {
            let take = left.min(self.end - self.start);
            self.consume(take);
            left -= take;
            if left == 0 {
                return Ok(true);
            }
            if !self.fill(left.min(CHUNK))? && self.start == self.end {
                return Ok(false);
            }
        }
    }
}

/// A pcap record's length, header included, from its header.
fn pcap_record_len(unread: &[u8], endianness: Endianness) -> Option<usize> {
    let incl_len = read_u32(unread.get(8..12)?, endianness);
    usize::try_from(incl_len)
        .ok()?
        .checked_add(PCAP_RECORD_HEADER)
}

/// A pcapng block's total length, from its type and length fields (a
/// Section Header Block says its own byte order).
fn pcapng_block_len(unread: &[u8], endianness: Endianness) -> Option<usize> {
    let endianness = if unread.get(..4)? == PCAPNG_MAGIC {
        let magic = read_u32(unread.get(8..12)?, Endianness::Big);
        if magic == BYTE_ORDER_MAGIC {
            Endianness::Big
        } else {
            Endianness::Little
        }
    } else {
        endianness
    };
    usize::try_from(read_u32(unread.get(4..8)?, endianness)).ok()
}

fn read_u32(bytes: &[u8], endianness: Endianness) -> u32 {
    let bytes: [u8; 4] = bytes.try_into().unwrap_or_default();
    match endianness {
        Endianness::Big => u32::from_be_bytes(bytes),
        Endianness::Little => u32::from_le_bytes(bytes),
    }
}

/// What pcap-file's error means, in the words of the formats.
fn describe(error: &PcapError) -> String {
    match error {
        PcapError::IncompleteBuffer => "shorter than its length fields say".to_owned(),
        PcapError::InvalidField(field) => format!("invalid field ({field})"),
        other => other.to_string(),
    }
}

/// The frame in a pcapng block, if it holds one; section and interface
/// blocks update `interfaces`.
fn pcapng_next<'a>(block: Block<'a>, interfaces: &mut Vec<Interface>) -> Option<Frame<'a>> {
    match block {
        Block::SectionHeader(_) => {
            interfaces.clear();
            None
        }
        Block::InterfaceDescription(description) => {
            interfaces.push(Interface::from(&description));
            None
        }
        Block::EnhancedPacket(packet) => {
            // pcap-file hands over the raw timestamp, in the interface's
            // units, as if it were nanoseconds.
            let raw = u64::try_from(packet.timestamp.as_nanos()).unwrap_or(u64::MAX);
            let interface = interfaces.get(packet.interface_id as usize);
            Some(pcapng_frame(
                interface,
                Some(raw),
                packet.data,
                packet.original_len,
            ))
        }
        Block::Packet(packet) => {
            let interface = interfaces.get(usize::from(packet.interface_id));
            Some(pcapng_frame(
                interface,
                Some(packet.timestamp),
                packet.data,
                packet.original_len,
            ))
        }
        // No interface id (the first is meant) and no time.
        Block::SimplePacket(packet) => Some(pcapng_frame(
            interfaces.first(),
            None,
            packet.data,
            packet.original_len,
        )),
        _ => None,
    }
}

/// A pcapng packet from `interface` (`None`: the file names none that
/// exists, so the link type is unknown), stamped `raw` of its units.
fn pcapng_frame<'a>(
    interface: Option<&Interface>,
    raw: Option<u64>,
    data: Cow<'a, [u8]>,
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
