#!/usr/bin/env python3
"""Makes auth_frames.jsonl: authenticated frames (SPEC §5) computed with
Python's own HMAC-SHA256, for tests/auth.rs to check swimwire against.

Run from anywhere:
    python3 tests/data/make_auth_frames.py > tests/data/auth_frames.jsonl

Each line is one frame, `payload || HMAC-SHA256(key, payload)`:
    name    where the payload comes from
    key     the raw secret bytes, hex
    frame   the frame, hex
and, when the payload is not a message strict decoding accepts:
    kind, offset, lenient_ok   as in vectors/invalid.jsonl beside this script
    lenient_trailing           bytes the lenient profile ignores, if any
"""

import hashlib
import hmac
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

KEYS = [
    b"correct horse battery staple",  # a password, as ember nodes take it
    bytes.fromhex("5f1c2b8e0d4a7f3361e9c0b2a4d87e15" "c3f09a6b2d5e8147a0b3c6d9e2f51437"),
    bytes(range(64)),  # exactly SHA-256's block: used as it is
    bytes(range(65)),  # one byte over: hashed first
    b"\xaa" * 131,  # RFC 4231's long key length
    b"k",
]


def frame(key: bytes, payload: bytes) -> str:
    return (payload + hmac.new(key, payload, hashlib.sha256).digest()).hex()


def records():
    n = 0

    def key():
        nonlocal n
        n += 1
        return KEYS[(n - 1) % len(KEYS)]

    for path in sorted((DATA / "corpus" / "bench").glob("*.hex")):
        payload = bytes.fromhex(path.read_text().strip())
        k = key()
        yield {"name": f"bench/{path.stem}", "key": k.hex(), "frame": frame(k, payload)}

    valid = (DATA / "vectors" / "valid.jsonl").read_text().splitlines()
    for i in range(0, len(valid), 15):
        payload = bytes.fromhex(json.loads(valid[i])["hex"])
        k = key()
        yield {"name": f"valid/{i + 1}", "key": k.hex(), "frame": frame(k, payload)}

    invalid = (DATA / "vectors" / "invalid.jsonl").read_text().splitlines()
    for i in range(0, len(invalid), 20):
        vector = json.loads(invalid[i])
        payload = bytes.fromhex(vector["hex"])
        k = key()
        yield {
            "name": f"invalid/{i + 1}",
            "key": k.hex(),
            "frame": frame(k, payload),
            "kind": vector["kind"],
            "offset": vector["offset"],
            "lenient_ok": vector["lenient_ok"],
        }

    # A valid tag over nothing: authentic, but no message.
    for k in (KEYS[0], KEYS[4]):
        yield {
            "name": "empty",
            "key": k.hex(),
            "frame": frame(k, b""),
            "kind": "truncated",
            "offset": 0,
            "lenient_ok": False,
        }

    # Stray bytes between a message and its tag.
    for i in (0, 1):
        payload = bytes.fromhex(json.loads(valid[i])["hex"])
        k = key()
        yield {
            "name": f"valid/{i + 1}+trailing",
            "key": k.hex(),
            "frame": frame(k, payload + b"\xde\xad\xbe"),
            "kind": "trailing_bytes",
            "offset": len(payload),
            "lenient_ok": True,
            "lenient_trailing": 3,
        }


if __name__ == "__main__":
    for record in records():
        print(json.dumps(record))
