//! `swimwire pcap`: captures written here with pcap-file (every link type,
//! IPv4 and IPv6, cut, non-UDP and fragmented packets), and captures made
//! by tcpdump and dumpcap (see `data/README.md`).

mod common;

use std::borrow::Cow;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{auth_frames, corpus_bytes, key_file, swimwire};
use etherparse::{
    EtherType, Ethernet2Header, IpFragOffset, IpNumber, Ipv4Header, LinuxSllPacketType,
    PacketBuilder, UdpHeader,
};
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
use pcap_file::pcapng::PcapNgWriter;
use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::{DataLink, TsResolution};
use serde_json::Value;

const V4_SRC: [u8; 4] = [10, 0, 0, 1];
const V4_DST: [u8; 4] = [10, 0, 0, 2];
const V6_SRC: [u8; 16] = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const V6_DST: [u8; 16] = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
const MACS: ([u8; 6], [u8; 6]) = ([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);

/// 2023-11-14T22:13:20.123456Z, and later by `millis`.
fn time(millis: u64) -> Duration {
    Duration::new(1_700_000_000, 123_456_000) + Duration::from_millis(millis)
}

fn build(builder: etherparse::PacketBuilderStep<UdpHeader>, payload: &[u8]) -> Vec<u8> {
    let mut frame = Vec::new();
    builder.write(&mut frame, payload).unwrap();
    frame
}

fn ethernet_v4_udp(src_port: u16, dst_port: u16, payload: &[u8]) -> Vec<u8> {
    let builder = PacketBuilder::ethernet2(MACS.0, MACS.1).ipv4(V4_SRC, V4_DST, 64);
    build(builder.udp(src_port, dst_port), payload)
}

fn ethernet_v6_udp(src_port: u16, dst_port: u16, payload: &[u8]) -> Vec<u8> {
    let builder = PacketBuilder::ethernet2(MACS.0, MACS.1).ipv6(V6_SRC, V6_DST, 64);
    build(builder.udp(src_port, dst_port), payload)
}

fn ethernet_v4_tcp() -> Vec<u8> {
    let mut frame = Vec::new();
    PacketBuilder::ethernet2(MACS.0, MACS.1)
        .ipv4(V4_SRC, V4_DST, 64)
        .tcp(40000, 7946, 1, 1024)
        .write(&mut frame, b"hello")
        .unwrap();
    frame
}

/// An Ethernet frame of LLDP: not IP.
fn ethernet_lldp() -> Vec<u8> {
    let header = Ethernet2Header {
        source: MACS.0,
        destination: MACS.1,
        ether_type: EtherType(0x88cc),
    };
    let mut frame = header.to_bytes().to_vec();
    frame.extend_from_slice(&[0; 46]);
    frame
}

/// A UDP datagram from 10.0.0.1:40000 to 10.0.0.2:7946 in Ethernet frames
/// of IPv4 fragments carrying at most `chunk` bytes each.
fn ethernet_v4_fragments(payload: &[u8], chunk: usize) -> Vec<Vec<u8>> {
    let udp = UdpHeader::without_ipv4_checksum(40000, 7946, payload.len()).unwrap();
    let mut datagram = udp.to_bytes().to_vec();
    datagram.extend_from_slice(payload);
    let pieces: Vec<&[u8]> = datagram.chunks(chunk).collect();
    pieces
        .iter()
        .enumerate()
        .map(|(index, piece)| {
            let mut ip =
                Ipv4Header::new(piece.len() as u16, 64, IpNumber::UDP, V4_SRC, V4_DST).unwrap();
            ip.identification = 77;
            ip.more_fragments = index + 1 < pieces.len();
            ip.fragment_offset = IpFragOffset::try_new((index * chunk / 8) as u16).unwrap();
            ip.header_checksum = ip.calc_header_checksum();
            let ethernet = Ethernet2Header {
                source: MACS.0,
                destination: MACS.1,
                ether_type: EtherType::IPV4,
            };
            let mut frame = ethernet.to_bytes().to_vec();
            frame.extend_from_slice(&ip.to_bytes());
            frame.extend_from_slice(piece);
            frame
        })
        .collect()
}

/// A fresh path for a capture file of this test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pcap-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The JSON `decode` prints for `bytes`.
fn decoded(bytes: &[u8]) -> Value {
    let run = swimwire(&["decode", &hex::encode(bytes)], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn pcap(path: &Path, args: &[&str]) -> (Vec<Value>, String) {
    let mut all = vec!["pcap", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = swimwire(&all, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    (lines(&run.stdout), run.stderr)
}

/// An Ethernet pcap of whole `frames`, a millisecond apart.
fn write_pcap(path: &Path, frames: &[Vec<u8>]) {
    let mut writer = PcapWriter::new(File::create(path).unwrap()).unwrap();
    for (millis, data) in frames.iter().enumerate() {
        let packet = PcapPacket::new(time(millis as u64), data.len() as u32, data);
        writer.write_packet(&packet).unwrap();
    }
}

/// An Ethernet pcap of every kind of packet: see `ethernet_capture_…`.
fn write_ethernet_capture(path: &Path) {
    let join = corpus_bytes("join_v4.hex");
    let ping = corpus_bytes("ping_empty.hex");
    let ack = corpus_bytes("ack_piggyback_11.hex");
    let welcome = corpus_bytes("welcome_64_members.hex");
    let fragments = ethernet_v4_fragments(&welcome, 1480);
    assert_eq!(fragments.len(), 2);
    let cut = ethernet_v4_udp(40000, 7946, &ack);

    let frames: Vec<(Vec<u8>, usize)> = vec![
        (ethernet_v4_udp(40000, 7946, &join), 0),
        (ethernet_v6_udp(40000, 7946, &ping), 0),
        (ethernet_v4_tcp(), 0),
        (cut[..60].to_vec(), cut.len()),
        (ethernet_v4_udp(7946, 40000, &[0x01]), 0),
        (ethernet_lldp(), 0),
        (fragments[0].clone(), 0),
        (ethernet_v4_udp(53, 53, b"abc"), 0),
        (fragments[1].clone(), 0),
    ];
    let mut writer = PcapWriter::new(File::create(path).unwrap()).unwrap();
    for (millis, (data, original_len)) in frames.iter().enumerate() {
        let original_len = if *original_len == 0 {
            data.len()
        } else {
            *original_len
        };
        let packet = PcapPacket::new(time(millis as u64), original_len as u32, data);
        writer.write_packet(&packet).unwrap();
    }
}

#[test]
fn ethernet_capture_decodes_every_udp_datagram_and_counts_the_rest() {
    let path = scratch("ethernet.pcap");
    write_ethernet_capture(&path);

    let (lines, summary) = pcap(&path, &["--port", "7946"]);
    assert_eq!(lines.len(), 4, "{lines:#?}");

    let join = &lines[0];
    assert_eq!(join["ts"], "2023-11-14T22:13:20.123456Z");
    assert_eq!(join["src"], "10.0.0.1:40000");
    assert_eq!(join["dst"], "10.0.0.2:7946");
    assert_eq!(join["ok"], true);
    assert_eq!(join["message"], decoded(&corpus_bytes("join_v4.hex")));
    let keys: Vec<&String> = join.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5, "ts, src, dst, ok, message: {keys:?}");

    let ping = &lines[1];
    assert_eq!(ping["ts"], "2023-11-14T22:13:20.124456Z");
    assert_eq!(ping["src"], "[fd00::1]:40000");
    assert_eq!(ping["dst"], "[fd00::2]:7946");
    assert_eq!(ping["message"], decoded(&corpus_bytes("ping_empty.hex")));

    let truncated = &lines[2];
    assert_eq!(truncated["ts"], "2023-11-14T22:13:20.127456Z");
    assert_eq!(truncated["src"], "10.0.0.1:7946");
    assert_eq!(truncated["ok"], false);
    assert_eq!(truncated["error"]["kind"], "truncated");
    assert_eq!(truncated["error"]["offset"], 1);
    assert!(truncated.get("message").is_none());

    // Reassembled from two fragments; stamped with the last one's time.
    let welcome = &lines[3];
    assert_eq!(welcome["ts"], "2023-11-14T22:13:20.131456Z");
    assert_eq!(
        welcome["message"],
        decoded(&corpus_bytes("welcome_64_members.hex"))
    );

    assert_eq!(
        summary,
        "packets: 9\ndatagrams: 4\ndecoded: 3\nrejected: 1 (truncated: 1)\n\
         skipped: 4 (cut: 1, not_ip: 1, not_udp: 1, other_port: 1)\n\
         fragments: 2 (datagrams reassembled: 1)\n"
    );

    // Without --port the DNS datagram is decoded too, and rejected.
    let (lines, summary) = pcap(&path, &[]);
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[3]["src"], "10.0.0.1:53");
    assert_eq!(lines[3]["error"]["kind"], "unknown_message_type");
    assert!(
        summary.contains("\nskipped: 3 (cut: 1, not_ip: 1, not_udp: 1)\n"),
        "{summary}"
    );
}

#[test]
fn pcapng_with_cooked_raw_and_unknown_link_types_and_its_own_clocks() {
    let join = corpus_bytes("join_v4.hex");
    let ping = corpus_bytes("ping_empty.hex");
    let path = scratch("links.pcapng");
    let mut writer = PcapNgWriter::new(File::create(&path).unwrap()).unwrap();
    let interface = |linktype, options| InterfaceDescriptionBlock {
        linktype,
        snaplen: 0,
        options,
    };
    // 0: default clock, microseconds. 1 and 2: nanoseconds.
    writer
        .write_pcapng_block(interface(DataLink::LINUX_SLL, vec![]))
        .unwrap();
    let nanos = || vec![InterfaceDescriptionOption::IfTsResol(9)];
    writer
        .write_pcapng_block(interface(DataLink::LINUX_SLL2, nanos()))
        .unwrap();
    writer
        .write_pcapng_block(interface(DataLink::RAW, nanos()))
        .unwrap();
    writer
        .write_pcapng_block(interface(DataLink::IEEE802_11, vec![]))
        .unwrap();

    let sll = build(
        PacketBuilder::linux_sll(LinuxSllPacketType::OUTGOING, 6, [2, 0, 0, 0, 0, 1, 0, 0])
            .ipv4(V4_SRC, V4_DST, 64)
            .udp(40000, 7946),
        &join,
    );
    // SLL2: protocol, reserved, interface index, ARPHRD, packet type,
    // address length, address; then the IP packet.
    let mut sll2 = vec![
        0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0,
    ];
    sll2.extend(build(
        PacketBuilder::ipv4(V4_DST, V4_SRC, 64).udp(7946, 40000),
        &ping,
    ));
    let raw = build(
        PacketBuilder::ipv6(V6_SRC, V6_DST, 64).udp(40000, 7946),
        &ping,
    );

    let seconds = 1_700_000_000u64;
    // pcap-file writes a timestamp's nanoseconds as the raw count of the
    // interface's units.
    let packets = [
        (0, Duration::from_nanos(seconds * 1_000_000 + 654_321), &sll),
        (
            1,
            Duration::from_nanos(seconds * 1_000_000_000 + 987_654_321),
            &sll2,
        ),
        (2, Duration::from_nanos(seconds * 1_000_000_000 + 1), &raw),
        (3, Duration::from_nanos(seconds * 1_000_000), &sll),
    ];
    for (interface_id, timestamp, data) in packets {
        writer
            .write_pcapng_block(EnhancedPacketBlock {
                interface_id,
                timestamp,
                original_len: data.len() as u32,
                data: Cow::Borrowed(data),
                options: vec![],
            })
            .unwrap();
    }
    drop(writer);

    let (lines, summary) = pcap(&path, &[]);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert_eq!(lines[0]["ts"], "2023-11-14T22:13:20.654321Z");
    assert_eq!(lines[0]["src"], "10.0.0.1:40000");
    assert_eq!(lines[0]["message"], decoded(&join));
    assert_eq!(lines[1]["ts"], "2023-11-14T22:13:20.987654321Z");
    assert_eq!(lines[1]["src"], "10.0.0.2:7946");
    assert_eq!(lines[1]["dst"], "10.0.0.1:40000");
    assert_eq!(lines[1]["message"], decoded(&ping));
    assert_eq!(lines[2]["ts"], "2023-11-14T22:13:20.000000001Z");
    assert_eq!(lines[2]["src"], "[fd00::1]:40000");
    assert_eq!(lines[2]["message"], decoded(&ping));
    assert!(summary.contains("\nskipped: 1 (link_type: 1)"), "{summary}");
}

#[test]
fn nanosecond_pcap_of_raw_ip() {
    let ping = corpus_bytes("ping_empty.hex");
    let path = scratch("raw-nanos.pcap");
    let header = PcapHeader {
        datalink: DataLink::RAW,
        ts_resolution: TsResolution::NanoSecond,
        ..PcapHeader::default()
    };
    let mut writer = PcapWriter::with_header(File::create(&path).unwrap(), header).unwrap();
    let raw = build(
        PacketBuilder::ipv4(V4_SRC, V4_DST, 64).udp(40000, 7946),
        &ping,
    );
    let packet = PcapPacket::new(Duration::new(1_700_000_000, 5), raw.len() as u32, &raw);
    writer.write_packet(&packet).unwrap();
    drop(writer);

    let (lines, _) = pcap(&path, &[]);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["ts"], "2023-11-14T22:13:20.000000005Z");
    assert_eq!(lines[0]["message"], decoded(&ping));
}

#[test]
fn lenient_decodes_trailing_bytes_and_counts_them() {
    let mut join = corpus_bytes("join_v4.hex");
    join.push(0);
    let path = scratch("trailing.pcap");
    let mut writer = PcapWriter::new(File::create(&path).unwrap()).unwrap();
    let frame = ethernet_v4_udp(40000, 7946, &join);
    writer
        .write_packet(&PcapPacket::new(time(0), frame.len() as u32, &frame))
        .unwrap();
    drop(writer);

    let (strict, _) = pcap(&path, &[]);
    assert_eq!(strict[0]["error"]["kind"], "trailing_bytes");
    let (lenient, summary) = pcap(&path, &["--lenient"]);
    assert_eq!(lenient[0]["ok"], true);
    assert_eq!(lenient[0]["message"], decoded(&join[..join.len() - 1]));
    assert!(
        summary.ends_with("\ndatagrams with trailing bytes (lenient): 1\n"),
        "{summary}"
    );
}

#[test]
fn with_a_key_every_datagram_is_verified_before_it_is_decoded() {
    // Frames whose tags Python's `hmac` computed, all under one key.
    let frames = auth_frames();
    let frame = |name: &str| {
        let found = frames.iter().find(|f| f.name == name).unwrap();
        (found.key_bytes(), found.frame_bytes(), found.payload())
    };
    let (key, ack, ack_payload) = frame("bench/ack_piggyback_11");
    let (welcome_key, welcome, welcome_payload) = frame("bench/welcome_64_members");
    assert_eq!(key, welcome_key);
    let mut forged = ack.clone();
    forged[3] ^= 0x01;

    let path = scratch("authenticated.pcap");
    let mut writer = PcapWriter::new(File::create(&path).unwrap()).unwrap();
    let mut packets = vec![
        ethernet_v4_udp(40000, 7946, &ack),
        ethernet_v4_udp(40000, 7946, &forged),
        ethernet_v4_udp(40000, 7946, &ack_payload),
    ];
    packets.extend(ethernet_v4_fragments(&welcome, 1480));
    for (millis, packet) in packets.iter().enumerate() {
        let record = PcapPacket::new(time(millis as u64), packet.len() as u32, packet);
        writer.write_packet(&record).unwrap();
    }
    drop(writer);

    let file = key_file("pcap-cluster.key", &[&key[..], b"\n"].concat());
    let (lines, summary) = pcap(&path, &["--auth-key-file", &file]);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(lines[0]["ok"], true, "{}", lines[0]);
    assert_eq!(lines[0]["message"], decoded(&ack_payload));
    for (line, what) in [(&lines[1], "forged"), (&lines[2], "untagged")] {
        assert_eq!(line["src"], "10.0.0.1:40000", "{what}");
        assert_eq!(line["ok"], false, "{what}");
        assert_eq!(line["error"]["kind"], "bad_auth_tag", "{what}");
        assert_eq!(line["error"]["offset"], 0, "{what}");
    }
    assert_eq!(lines[3]["message"], decoded(&welcome_payload));
    assert_eq!(
        summary,
        "packets: 5\ndatagrams: 4\ndecoded: 2\nrejected: 2 (bad_auth_tag: 2)\n\
         skipped: 0\nfragments: 2 (datagrams reassembled: 1)\n"
    );

    // Without the key the tag is 32 bytes too many, and the untagged
    // message is fine.
    let (lines, _) = pcap(&path, &[]);
    assert_eq!(lines[0]["error"]["kind"], "trailing_bytes");
    assert_eq!(lines[0]["error"]["offset"], ack_payload.len());
    assert_eq!(lines[2]["ok"], true);
}

/// Runs `pcap` on a capture that is damaged: exit 1, and its lines.
fn pcap_damaged(path: &Path, args: &[&str]) -> (Vec<Value>, String) {
    let mut all = vec!["pcap", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = swimwire(&all, b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.ends_with(" is damaged\n"), "{}", run.stderr);
    (lines(&run.stdout), run.stderr)
}

#[test]
fn a_capture_damaged_at_the_end_gives_what_comes_before() {
    let path = scratch("damaged.pcap");
    write_ethernet_capture(&path);
    let whole = std::fs::read(&path).unwrap();
    // Cut inside the last record: its header and a few bytes stay.
    std::fs::write(&path, &whole[..whole.len() - 100]).unwrap();
    let last_record = whole.len()
        - (16 + ethernet_v4_fragments(&corpus_bytes("welcome_64_members.hex"), 1480)[1].len());

    let (lines, summary) = pcap_damaged(&path, &["--port", "7946"]);
    assert_eq!(lines.len(), 3, "everything but the reassembled Welcome");
    let damage = format!(
        "warning: {}: record 9 at byte {last_record}: the capture ends inside it",
        path.display()
    );
    assert!(summary.starts_with(&damage), "{summary}");
    assert!(summary.contains("\npackets: 8\n"), "{summary}");
    assert!(
        summary.contains("\nlost: 1 record of the capture could not be read\n"),
        "{summary}"
    );
}

#[test]
fn a_pcap_record_longer_than_any_packet_stops_the_reading_where_it_is() {
    let path = scratch("huge-record.pcap");
    write_ethernet_capture(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    // The first record's captured length, at bytes 24 + 8.
    let first_len = 16 + u32::from_le_bytes(bytes[32..36].try_into().unwrap()) as usize;
    let second = 24 + first_len;
    bytes[second + 8..second + 12].copy_from_slice(&0x7fff_0000u32.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();

    let (lines, summary) = pcap_damaged(&path, &[]);
    assert_eq!(lines.len(), 1, "the record before");
    assert!(
        summary.contains(&format!(
            "record 2 at byte {second}: a captured length of 2147418112 bytes is over"
        )),
        "{summary}"
    );
}

/// A pcapng file of Ethernet packets, with `extra` blocks (raw bytes)
/// after the first packet.
fn pcapng_with(extra: &[u8]) -> Vec<u8> {
    let mut writer = PcapNgWriter::new(Vec::new()).unwrap();
    writer
        .write_pcapng_block(InterfaceDescriptionBlock {
            linktype: DataLink::ETHERNET,
            snaplen: 0,
            // pcap-file writes timestamps in nanoseconds.
            options: vec![InterfaceDescriptionOption::IfTsResol(9)],
        })
        .unwrap();
    let packet = |data: &[u8]| EnhancedPacketBlock {
        interface_id: 0,
        timestamp: time(0),
        original_len: data.len() as u32,
        data: Cow::Owned(data.to_vec()),
        options: vec![],
    };
    let join = ethernet_v4_udp(40000, 7946, &corpus_bytes("join_v4.hex"));
    writer.write_pcapng_block(packet(&join)).unwrap();
    let mut bytes = writer.into_inner();
    bytes.extend_from_slice(extra);
    let mut writer = PcapNgWriter::new(Vec::new()).unwrap();
    writer
        .write_pcapng_block(InterfaceDescriptionBlock {
            linktype: DataLink::ETHERNET,
            snaplen: 0,
            // pcap-file writes timestamps in nanoseconds.
            options: vec![InterfaceDescriptionOption::IfTsResol(9)],
        })
        .unwrap();
    let ping = ethernet_v4_udp(40000, 7946, &corpus_bytes("ping_empty.hex"));
    writer.write_pcapng_block(packet(&ping)).unwrap();
    bytes.extend_from_slice(&writer.into_inner());
    bytes
}

/// A pcapng block of `type_` with `len` bytes of body, as the format frames it.
fn pcapng_block(type_: u32, body_len: usize) -> Vec<u8> {
    let total = (12 + body_len) as u32;
    let mut block = type_.to_le_bytes().to_vec();
    block.extend_from_slice(&total.to_le_bytes());
    block.resize(8 + body_len, 0);
    block.extend_from_slice(&total.to_le_bytes());
    block
}

#[test]
fn an_oversized_or_unusable_pcapng_block_is_skipped_and_reading_goes_on() {
    // A block of 9 MB of an unknown type, and an Enhanced Packet Block too
    // short for its own fields.
    let mut extra = pcapng_block(0x0bad_0001, 9 << 20);
    extra.extend_from_slice(&pcapng_block(6, 4));
    let path = scratch("big-block.pcapng");
    std::fs::write(&path, pcapng_with(&extra)).unwrap();

    let (lines, summary) = pcap_damaged(&path, &[]);
    let types: Vec<&Value> = lines.iter().map(|l| &l["message"]["type"]).collect();
    assert_eq!(types, ["join", "ping"], "the packets on both sides");
    assert!(
        summary.contains("block 4 at byte 160: a block of 9437196 bytes is over the 1048576 this tool reads: skipped"),
        "{summary}"
    );
    assert!(summary.contains("block 5 at byte 9437356: invalid field (EnhancedPacketBlock: block length length < 20): skipped"), "{summary}");
    assert!(
        summary.contains("\nlost: 2 blocks of the capture could not be read\n"),
        "{summary}"
    );
}

#[test]
fn pcapng_length_fields_that_disagree_stop_the_reading_where_they_are() {
    let mut extra = pcapng_block(0x0bad_0001, 8);
    let at = extra.len() - 4;
    extra[at] ^= 4;
    let path = scratch("bad-lengths.pcapng");
    std::fs::write(&path, pcapng_with(&extra)).unwrap();
    let (lines, summary) = pcap_damaged(&path, &[]);
    assert_eq!(lines.len(), 1);
    assert!(
        summary
            .contains("block 4 at byte 160: its two length fields disagree: the rest is not read"),
        "{summary}"
    );
}

/// Runs `pcap -` with `capture` on stdin, and `pcap FILE` on it as a file:
/// the same lines and the same summary.
fn assert_stdin_reads_as_the_file(path: &Path, args: &[&str]) {
    let capture = std::fs::read(path).unwrap();
    let file = path.to_str().unwrap();
    let run_file = swimwire(&[&["pcap", file][..], args].concat(), b"");
    let run_stdin = swimwire(&[&["pcap", "-"][..], args].concat(), &capture);
    assert_eq!(run_stdin.code, run_file.code, "{file}");
    assert!(!run_file.stdout.is_empty(), "{file}");
    assert_eq!(run_stdin.stdout, run_file.stdout, "{file}");
    assert_eq!(
        run_stdin.stderr,
        run_file.stderr.replace(file, "standard input"),
        "{file}"
    );
}

#[test]
fn a_capture_on_stdin_reads_as_the_same_file_does() {
    let mut captures: Vec<PathBuf> = Vec::new();
    let dirs = [
        fixture(""),
        // The copies of the SPEC's captures (`tests/shared_copies.rs` holds
        // them to the originals).
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/captures"),
    ];
    for dir in dirs {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|e| e == "pcap" || e == "pcapng")
            {
                captures.push(path);
            }
        }
    }
    assert!(captures.len() >= 4, "{captures:?}");
    assert!(
        captures
            .iter()
            .any(|p| p.ends_with("ember-big-welcome.pcap")),
        "{captures:?}"
    );
    for path in &captures {
        assert_stdin_reads_as_the_file(path, &[]);
    }
    let written = scratch("stdin-ethernet.pcap");
    write_ethernet_capture(&written);
    assert_stdin_reads_as_the_file(&written, &["--port", "7946"]);
    let damaged = scratch("stdin-damaged.pcapng");
    std::fs::write(&damaged, pcapng_with(&pcapng_block(0x0bad_0001, 2 << 20))).unwrap();
    assert_stdin_reads_as_the_file(&damaged, &[]);
}

#[test]
fn a_live_capture_gets_each_line_as_its_packet_comes() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let path = scratch("live.pcap");
    write_ethernet_capture(&path);
    let capture = std::fs::read(&path).unwrap();
    let first_record = 24 + 16 + u32::from_le_bytes(capture[32..36].try_into().unwrap()) as usize;

    let mut child = Command::new(env!("CARGO_BIN_EXE_swimwire"))
        .args(["pcap", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // The header and the first packet only, and the pipe stays open: the
    // line must come before any more input does.
    stdin.write_all(&capture[..first_record]).unwrap();
    stdin.flush().unwrap();
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let first: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(first["message"]["type"], "join");
    stdin.write_all(&capture[first_record..]).unwrap();
    drop(stdin);
    let rest: Vec<String> = stdout.lines().map(Result::unwrap).collect();
    assert_eq!(rest.len(), 4, "the other datagrams");
    assert!(child.wait().unwrap().success());
}

#[test]
fn port_is_repeatable_and_takes_ranges() {
    let path = scratch("ports.pcap");
    let join = corpus_bytes("join_v4.hex");
    let frames: Vec<Vec<u8>> = [
        (40000, 17101),
        (17250, 40000),
        (40000, 17401),
        (40000, 17402),
        (7946, 7946),
    ]
    .iter()
    .map(|&(src, dst)| ethernet_v4_udp(src, dst, &join))
    .collect();
    write_pcap(&path, &frames);
    let dsts = |args: &[&str]| -> Vec<String> {
        let (lines, _) = pcap(&path, args);
        lines
            .iter()
            .map(|l| l["dst"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        dsts(&["--port", "17101-17401"]),
        ["10.0.0.2:17101", "10.0.0.2:40000", "10.0.0.2:17401"]
    );
    assert_eq!(
        dsts(&["--port", "17402", "--port", "7946"]),
        ["10.0.0.2:17402", "10.0.0.2:7946"]
    );
    assert_eq!(dsts(&[]).len(), 5);
    for bad in ["17401-17101", "70000", "1-", "x"] {
        let run = swimwire(&["pcap", path.to_str().unwrap(), "--port", bad], b"");
        assert_eq!(run.code, 2, "{bad}");
    }
    let help = swimwire(&["pcap", "--help"], b"").stdout;
    assert!(help.contains("data port + 10000"), "{help}");
}

/// An Ethernet frame of IPv4 holding `udp` (header and payload as given).
fn ethernet_v4_raw_udp(udp: &[u8]) -> Vec<u8> {
    let ip = Ipv4Header::new(udp.len() as u16, 64, IpNumber::UDP, V4_SRC, V4_DST).unwrap();
    let mut frame = Ethernet2Header {
        source: MACS.0,
        destination: MACS.1,
        ether_type: EtherType::IPV4,
    }
    .to_bytes()
    .to_vec();
    frame.extend_from_slice(&ip.to_bytes());
    frame.extend_from_slice(udp);
    frame
}

#[test]
fn whole_packets_whose_lengths_disagree_are_malformed_not_cut() {
    let join = corpus_bytes("join_v4.hex");
    let udp = |length: u16| {
        let mut udp = UdpHeader::without_ipv4_checksum(40000, 7946, join.len())
            .unwrap()
            .to_bytes()
            .to_vec();
        udp[4..6].copy_from_slice(&length.to_be_bytes());
        udp.extend_from_slice(&join);
        udp
    };
    let whole = (8 + join.len()) as u16;
    let mut ip_too_long = ethernet_v4_raw_udp(&udp(whole));
    // The IP total length says 100 bytes more than the frame holds.
    let total = u16::from_be_bytes([ip_too_long[16], ip_too_long[17]]) + 100;
    ip_too_long[16..18].copy_from_slice(&total.to_be_bytes());
    let frames = [
        ethernet_v4_raw_udp(&udp(whole)),
        ethernet_v4_raw_udp(&udp(3)),
        ethernet_v4_raw_udp(&udp(0)),
        ethernet_v4_raw_udp(&udp(whole + 1)),
        ethernet_v4_raw_udp(&udp(whole - 1)),
        ip_too_long,
    ];
    let path = scratch("lengths.pcap");
    write_pcap(&path, &frames);
    let (lines, summary) = pcap(&path, &[]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["message"]["type"], "join");
    assert!(
        summary.contains("\nskipped: 5 (malformed: 5)\n"),
        "{summary}"
    );
}

#[test]
fn fragments_that_never_complete_are_dropped_past_the_budget_and_counted() {
    let welcome = corpus_bytes("welcome_64_members.hex");
    let fragments = ethernet_v4_fragments(&welcome, 1480);
    // 3,000 first fragments of datagrams that never complete (each its own
    // IP identification), then a datagram that does.
    let path = scratch("fragments.pcap");
    let mut writer = PcapWriter::new(File::create(&path).unwrap()).unwrap();
    for id in 0..3000u16 {
        let mut frame = fragments[0].clone();
        // Ethernet (14) + identification at 4..6 of the IPv4 header.
        frame[18..20].copy_from_slice(&(id + 1000).to_be_bytes());
        // The header checksum is not checked.
        let packet = PcapPacket::new(time(0), frame.len() as u32, &frame);
        writer.write_packet(&packet).unwrap();
    }
    for frame in &fragments {
        let packet = PcapPacket::new(time(1), frame.len() as u32, frame);
        writer.write_packet(&packet).unwrap();
    }
    drop(writer);
    let (lines, summary) = pcap(&path, &[]);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["message"]["type"], "welcome");
    assert!(
        summary.contains(
            "\nfragments: 3002 (datagrams reassembled: 1, incomplete and dropped to stay in memory: 1977, incomplete at the end: 1023)"
        ),
        "{summary}"
    );
}

#[test]
fn an_unreadable_capture_is_exit_2() {
    let text = scratch("not-a-capture.txt");
    std::fs::write(&text, "hello, this is not a capture file\n").unwrap();
    let empty = scratch("empty.pcap");
    std::fs::write(&empty, "").unwrap();
    let missing = scratch("missing.pcap");
    for path in [&text, &empty, &missing] {
        let run = swimwire(&["pcap", path.to_str().unwrap()], b"");
        assert_eq!(run.code, 2, "{}", path.display());
        assert_eq!(run.stdout, "");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
    assert_eq!(swimwire(&["pcap"], b"").code, 2, "FILE is required");
}

// Captures made by tcpdump and dumpcap on the loopback interface.

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// What the script in `data/README.md` sent to port 7946, in order.
fn sent() -> Vec<Value> {
    let ping = decoded(&corpus_bytes("ping_empty.hex"));
    vec![
        decoded(&corpus_bytes("join_v4.hex")),
        ping.clone(),
        decoded(&corpus_bytes("ack_piggyback_11.hex")),
        decoded(&corpus_bytes("welcome_64_members.hex")),
        ping,
    ]
}

#[test]
fn dumpcap_pcapng_of_loopback() {
    let (lines, summary) = pcap(&fixture("lo.pcapng"), &["--port", "7946"]);
    assert_eq!(lines.len(), 7);
    let messages: Vec<Value> = lines[..5].iter().map(|l| l["message"].clone()).collect();
    assert_eq!(messages, sent());
    // tshark: frame.time_epoch 1795869925.865213116 and 1795869925.907667234.
    assert_eq!(lines[0]["ts"], "2026-11-28T12:45:25.865213116Z");
    assert_eq!(lines[4]["ts"], "2026-11-28T12:45:25.907667234Z");
    assert_eq!(lines[0]["src"], "127.0.0.1:40001");
    assert_eq!(lines[4]["src"], "[::1]:40001");
    assert_eq!(lines[4]["dst"], "[::1]:7946");
    assert_eq!(lines[5]["error"]["kind"], "truncated");
    assert_eq!(lines[6]["error"]["kind"], "trailing_bytes");
    assert_eq!(lines[6]["error"]["offset"], 24);
    assert_eq!(
        summary,
        "packets: 10\ndatagrams: 7\ndecoded: 5\nrejected: 2 (trailing_bytes: 1, truncated: 1)\n\
         skipped: 3 (not_udp: 2, other_port: 1)\n"
    );
}

#[test]
fn tcpdump_pcap_of_any_interface_in_linux_cooked_v2() {
    let (lines, summary) = pcap(&fixture("any-sll2.pcap"), &["--port", "7946"]);
    assert_eq!(lines.len(), 7);
    let messages: Vec<Value> = lines[..5].iter().map(|l| l["message"].clone()).collect();
    assert_eq!(messages, sent());
    // tshark: frame.time_epoch 1795869892.150933000.
    assert_eq!(lines[0]["ts"], "2026-11-28T12:44:52.150933Z");
    assert!(
        summary.contains("\nskipped: 3 (not_udp: 2, other_port: 1)\n"),
        "{summary}"
    );
}

#[test]
fn tcpdump_pcap_with_a_snap_length_skips_the_cut_packets() {
    let (lines, summary) = pcap(&fixture("lo-snaplen100.pcap"), &["--port", "7946"]);
    let messages: Vec<Value> = lines[..3].iter().map(|l| l["message"].clone()).collect();
    let sent = sent();
    assert_eq!(
        messages,
        [sent[0].clone(), sent[1].clone(), sent[4].clone()]
    );
    assert_eq!(lines.len(), 5);
    assert!(
        summary.contains("\nskipped: 5 (cut: 2, not_udp: 2, other_port: 1)\n"),
        "{summary}"
    );
}

#[test]
fn fragments_wait_30_seconds_of_capture_time_for_the_rest() {
    let welcome = corpus_bytes("welcome_64_members.hex");
    let fragments = ethernet_v4_fragments(&welcome, 1480);
    let path = scratch("fragment-timeout.pcap");
    let mut writer = PcapWriter::new(File::create(&path).unwrap()).unwrap();
    // The datagram's fragments 29 s apart, then 31 s apart.
    for (millis, frame) in [
        (0, &fragments[0]),
        (29_000, &fragments[1]),
        (30_000, &fragments[0]),
        (61_000, &fragments[1]),
    ] {
        let packet = PcapPacket::new(time(millis), frame.len() as u32, frame);
        writer.write_packet(&packet).unwrap();
    }
    drop(writer);
    let (lines, summary) = pcap(&path, &[]);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["message"]["type"], "welcome");
    assert!(
        summary.contains(
            "\nfragments: 4 (datagrams reassembled: 1, incomplete and dropped after 30 s: 1, incomplete at the end: 1)"
        ),
        "{summary}"
    );
}
