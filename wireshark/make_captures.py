#!/usr/bin/env python3
"""Writes pcap captures (Ethernet, IPv4, one UDP datagram a message) of the
shared vectors, the bench corpus, random bytes, changed copies of the valid
messages, edge cases and authenticated frames, for checking the dissector
against `swimwire pcap`.

    python3 wireshark/make_captures.py OUT_DIR

Run from anywhere; paths are relative to the repository. Output is the same
on every run (fixed seed and timestamps).
"""

import hashlib
import hmac
import json
import pathlib
import random
import struct
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"

# The ember convention: data port 6379 + 10000.
GOSSIP_PORT = 16379
SRC = (bytes([10, 0, 0, 1]), 40001)
DST = (bytes([10, 0, 0, 2]), GOSSIP_PORT)
# Authenticated frames are keyed with these secrets. The key files hold them
# followed by trailing whitespace, which ember and swimwire drop; the long
# one (101 bytes, hashed first as it is over 64) starts with spaces, which
# count.
AUTH_KEY = b"swimwire capture key"
LONG_AUTH_KEY = ("  " + "a longer secret, ünïcode too, " * 3 + "end").encode()
KEY_FILE_ENDINGS = (b"\n", b" \t\r\n")
RANDOM_SEED = 14
RANDOM_COUNT = 10_000
MUTATIONS_PER_MESSAGE = 10
START_TIME = 1_796_000_000  # 2026-11-30, so timestamps are plausible


def checksum(data):
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def frame(payload, ident):
    """An Ethernet frame carrying `payload` in one UDP datagram over IPv4."""
    (src_ip, src_port), (dst_ip, dst_port) = SRC, DST
    udp_len = 8 + len(payload)
    pseudo = src_ip + dst_ip + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", src_port, dst_port, udp_len, 0) + payload
    udp_sum = checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", udp_sum) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, ident & 0xFFFF,
                     0x4000, 64, 17, 0, src_ip, dst_ip)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    ethernet = bytes.fromhex("02000000000202000000000108 00".replace(" ", ""))
    return ethernet + ip + udp


def write_pcap(path, payloads):
    """A classic pcap file (microseconds, Ethernet), one packet a payload."""
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for number, payload in enumerate(payloads):
            packet = frame(payload, number)
            seconds, micros = divmod(number * 1000, 1_000_000)
            out.write(struct.pack("<IIII", START_TIME + seconds, micros,
                                  len(packet), len(packet)))
            out.write(packet)
    print(f"{path}: {len(payloads)} datagrams")


def vectors(name):
    with open(DATA / "vectors" / name) as lines:
        return [bytes.fromhex(json.loads(line)["hex"]) for line in lines]


def bench():
    files = sorted((DATA / "corpus" / "bench").glob("*.hex"))
    return [bytes.fromhex(f.read_text().strip()) for f in files]


def random_datagrams():
    """Random bytes, most of them behind a known message tag so that they get
    past the first byte."""
    rng = random.Random(RANDOM_SEED)
    out = []
    for _ in range(RANDOM_COUNT):
        length = rng.choice((rng.randrange(0, 64), rng.randrange(0, 400),
                             rng.randrange(0, 3000)))
        data = bytearray(rng.randbytes(length))
        if data and rng.random() < 0.8:
            data[0] = rng.randrange(1, 7)
        out.append(bytes(data))
    return out


def mutated():
    """Each valid vector and bench message, changed a little in ten ways
    each: bytes set to random or edge values, cut short, bytes appended. The
    errors these meet lie deep inside the messages."""
    rng = random.Random(RANDOM_SEED)
    out = []
    for message in vectors("valid.jsonl") + bench():
        for _ in range(MUTATIONS_PER_MESSAGE):
            data = bytearray(message)
            for _ in range(rng.randrange(1, 4)):
                change = rng.randrange(4)
                if change == 0 and data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
                elif change == 1 and data:
                    data[rng.randrange(len(data))] = rng.choice((0, 1, 2, 4, 6, 9, 0xFF))
                elif change == 2:
                    del data[rng.randrange(len(data) + 1):]
                else:
                    data += rng.randbytes(rng.randrange(1, 40))
            out.append(bytes(data))
    return out


def slots_announce(ranges, count=None):
    body = bytes(range(16)) + struct.pack("<QH", 7, len(ranges) if count is None else count)
    return b"\x06" + body + b"".join(struct.pack("<HH", *r) for r in ranges)


def ping(updates, count=None):
    header = struct.pack("<Q", 9) + bytes(range(16, 32))
    return b"\x01" + header + struct.pack("<H", len(updates) if count is None else count) + b"".join(updates)


def role_changed(is_primary, has_replicates):
    node = bytes(range(32, 48))
    tail = bytes(range(48, 64)) if has_replicates else b""
    return b"\x06" + node + struct.pack("<QBB", 3, is_primary, has_replicates) + tail


def edges():
    """Boundaries of SPEC §4 (slot ends 16383 and 16384, counts at and over
    the limit, bool bytes 0, 1 and 2), then every prefix of the shortest
    valid message of each message and update type, and of the bench Ack."""
    out = [
        slots_announce([(0, 16383)]), slots_announce([(16383, 16383)]),
        slots_announce([(0, 16384)]), slots_announce([(5, 4)]),
        slots_announce([(0, 1), (3, 2)]), slots_announce([(0, 1)], count=2),
        slots_announce([(0, 1)] * 1024), slots_announce([], count=1025),
        ping([], count=1024), ping([], count=1025), ping([], count=0xFFFF),
        ping([b"\x04" + bytes(16)] * 1024), ping([b"\x04" + bytes(16)] * 1025),
        ping([b"\x09" + bytes(16)]), ping([b"\x00"]),
    ]
    for is_primary in (0, 1, 2, 0xFF):
        for has_replicates in (0, 1, 2):
            out.append(ping([role_changed(is_primary, has_replicates)]))
            # Cut where the replicated node would start: only a true flag needs it.
            out.append(ping([role_changed(is_primary, has_replicates)[:27]]))
    shortest = {}
    with open(DATA / "vectors" / "valid.jsonl") as lines:
        for line in lines:
            vector = json.loads(line)
            message = vector["message"]
            kinds = [message["type"]] + [u["type"] for u in message.get("updates", [])]
            for kind in kinds:
                if kind not in shortest or len(vector["hex"]) < len(shortest[kind]):
                    shortest[kind] = vector["hex"]
    ack = bytes.fromhex((DATA / "corpus" / "bench" / "ack_piggyback_11.hex").read_text().strip())
    for message in [bytes.fromhex(h) for _, h in sorted(shortest.items())] + [ack]:
        out.extend(message[:n] for n in range(len(message)))
    return out


def authenticated(key):
    """Every valid vector and bench message with its right tag under `key`,
    then frames too short to hold a tag, and frames with a wrong tag: one
    bit of the tag or of the payload flipped, another key, a byte cut."""
    def tag(payload, under=key):
        return hmac.new(under, payload, hashlib.sha256).digest()
    payloads = vectors("valid.jsonl") + bench()
    frames = [p + tag(p) for p in payloads]
    frames += [bytes(range(n)) for n in (0, 1, 17, 31)]
    for p in payloads[:40]:
        frame = bytearray(p + tag(p))
        frame[-1 - len(p) % 32] ^= 0x10
        frames.append(bytes(frame))
        frames.append(bytes([p[0] ^ 1]) + p[1:] + tag(p))
        frames.append(p + tag(p, key + b"x"))
        frames.append(p + tag(p)[:-1])
    return frames


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_pcap(out / "vectors-valid.pcap", vectors("valid.jsonl"))
    write_pcap(out / "vectors-invalid.pcap", vectors("invalid.jsonl"))
    write_pcap(out / "bench.pcap", bench())
    write_pcap(out / "random.pcap", random_datagrams())
    write_pcap(out / "mutated.pcap", mutated())
    write_pcap(out / "edges.pcap", edges())
    for name, key, ending in (("authenticated", AUTH_KEY, KEY_FILE_ENDINGS[0]),
                              ("authenticated-long-key", LONG_AUTH_KEY, KEY_FILE_ENDINGS[1])):
        write_pcap(out / f"{name}.pcap", authenticated(key))
        (out / f"{name}.key").write_bytes(key + ending)


if __name__ == "__main__":
    main()
