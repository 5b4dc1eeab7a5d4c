"""Writes key_files.jsonl: key files as ember nodes read them (SPEC 5), and
the frame each one's secret tags, computed here with Python's hmac.

Each case states by hand the secret an ember node takes from the file
(UTF-8, trailing Unicode whitespace dropped as Rust's str::trim_end does,
leading whitespace kept), so the expectation does not come from the code
under test nor from Python's own idea of whitespace (str.rstrip also drops
U+001C..U+001F, which Rust keeps). Run from the repository root:
    python3 cli/tests/data/make_key_files.py
"""
import hashlib, hmac, json, pathlib

# The bench corpus's join_v4 message.
payload = bytes.fromhex(
    pathlib.Path("tests/data/corpus/bench/join_v4.hex").read_text().strip())

cases = [
    ("vt_newline", b"secret\x0b\n", b"secret"),
    ("form_feed", b"secret\x0c", b"secret"),
    ("no_break_space", "secret\u00a0".encode(), b"secret"),
    ("ideographic_space", "secret\u3000\n".encode(), b"secret"),
    ("next_line", "secret\u0085".encode(), b"secret"),
    ("crlf", b"secret\r\n", b"secret"),
    ("leading_spaces_kept", b"  secret\n", b"  secret"),
    ("inner_whitespace_kept", "a b\u3000c\n".encode(), "a b\u3000c".encode()),
    ("zero_width_space_kept", "secret\u200b\n".encode(), "secret\u200b".encode()),
    ("unit_separator_kept", b"secret\x1f\n", b"secret\x1f"),
    ("non_ascii_secret", "s\u00e9cr\u00e8t \n".encode(), "s\u00e9cr\u00e8t".encode()),
]

with open("cli/tests/data/key_files.jsonl", "w") as out:
    for name, contents, secret in cases:
        tag = hmac.new(secret, payload, hashlib.sha256).digest()
        out.write(json.dumps({
            "name": name,
            "file": contents.hex(),
            "secret": secret.hex(),
            "frame": (payload + tag).hex(),
        }) + "\n")
