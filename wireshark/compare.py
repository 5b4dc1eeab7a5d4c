#!/usr/bin/env python3
"""Checks the dissector against `swimwire pcap`, datagram by datagram.

    python3 wireshark/compare.py [--ports PORTS] [--auth-key-file KEY]
        [--max-collection N] [--profile strict|lenient] SWIMWIRE CAPTURE

runs tshark with wireshark/swimwire.lua over CAPTURE and `SWIMWIRE pcap` on
it, in both profiles unless --profile names one, and requires for every
datagram on PORTS (a list or ranges as in the dissector's preference; the
dissector's default 16379 when absent) the same source and destination, and
either the same message (type and every field value, in order) or the same
error kind and byte offset. It fails on any Lua error or Wireshark exception
in a gossip frame, and prints one line of counts per profile.

JSON lines are read by key name, and keys it does not know are ignored.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

LUA = pathlib.Path(__file__).resolve().parent / "swimwire.lua"
DEFAULT_PORTS = "16379"

# The dissector's fields that carry content: each must list exactly the
# values, in order, that the message's JSON gives it (see expected_fields).
CONTENT = [
    "swim.type", "swim.seq", "swim.sender", "swim.sender_addr", "swim.target",
    "swim.target_addr", "swim.incarnation",
    "swim.updates.count", "swim.update.type", "swim.update.node",
    "swim.update.addr", "swim.update.incarnation", "swim.update.is_primary",
    "swim.update.has_replicates", "swim.update.replicates",
    "swim.update.candidate", "swim.update.epoch", "swim.update.offset",
    "swim.update.from", "swim.update.alive", "swim.update.suspect",
    "swim.update.dead", "swim.update.left", "swim.node",
    "swim.members.count", "swim.member.id", "swim.member.addr",
    "swim.member.incarnation", "swim.member.is_primary",
    "swim.slots.count", "swim.slots.start", "swim.slots.end",
]
# Fields that hold a node id, which the dissector also shows as `swim.node`.
NODE_IDS = {
    "swim.sender", "swim.target", "swim.update.node", "swim.update.replicates",
    "swim.update.candidate", "swim.update.from", "swim.member.id",
}
OTHER = [
    "frame.number", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "udp.srcport",
    "udp.dstport", "udp.length", "swim.error.kind", "swim.error.offset",
    "swim.trailing", "swim.cut", "swim.auth_tag", "_ws.lua.error",
    "_ws.malformed", "_ws.expert.message",
]


def parse_ports(text):
    ports = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        ports.update(range(int(low), int(high or low) + 1))
    return ports


class Fields:
    """Field name to the list of its values, in the order they occur."""

    def __init__(self):
        self.values = {}

    def add(self, name, value):
        if isinstance(value, bool):
            value = "1" if value else "0"
        self.values.setdefault(name, []).append(str(value))
        if name in NODE_IDS:
            self.values.setdefault("swim.node", []).append(str(value))

    def slots(self, ranges):
        self.add("swim.slots.count", len(ranges))
        for start, end in ranges:
            self.add("swim.slots.start", start)
            self.add("swim.slots.end", end)


def expected_fields(message):
    """What the dissector must show for a message in SPEC §8's JSON."""
    out = Fields()
    kind = message["type"]
    out.add("swim.type", kind)
    if "seq" in message:
        out.add("swim.seq", message["seq"])
    out.add("swim.sender", message["sender"])
    if kind in ("ping", "ack"):
        out.add("swim.updates.count", len(message["updates"]))
        for update in message["updates"]:
            add_update(out, update)
    elif kind == "ping_req":
        out.add("swim.target", message["target"])
        out.add("swim.target_addr", message["target_addr"])
    elif kind == "join":
        out.add("swim.sender_addr", message["sender_addr"])
    elif kind == "welcome":
        out.add("swim.members.count", len(message["members"]))
        for member in message["members"]:
            out.add("swim.member.id", member["id"])
            out.add("swim.member.addr", member["addr"])
            out.add("swim.member.incarnation", member["incarnation"])
            out.add("swim.member.is_primary", member["is_primary"])
            out.slots(member["slots"])
    elif kind == "slots_announce":
        out.add("swim.incarnation", message["incarnation"])
        out.slots(message["slots"])
    else:
        raise ValueError(f"unknown message type {kind!r}")
    return out.values


def add_update(out, update):
    kind = update["type"]
    out.add("swim.update.type", kind)
    # In wire order, which is also the order of SPEC §8's keys.
    for key in ("node", "from", "candidate", "addr", "incarnation", "epoch", "offset"):
        if key in update:
            out.add(f"swim.update.{key}", update[key])
        if key == "node" and kind in ("alive", "suspect", "dead", "left"):
            out.add(f"swim.update.{kind}", update["node"])
    if "slots" in update:
        out.slots(update["slots"])
    if kind == "role_changed":
        out.add("swim.update.is_primary", update["is_primary"])
        replicates = update["replicates"]
        out.add("swim.update.has_replicates", replicates is not None)
        if replicates is not None:
            out.add("swim.update.replicates", replicates)


def socket_text(ip, port):
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def run(command, env=None):
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} exited {done.returncode}:\n{done.stderr}")
    return done


def tshark_frames(capture, ports, profile, key, limit):
    """The gossip frames tshark shows, as {field: [values in tree order]}."""
    command = ["tshark", "-n", "-r", capture, "-X", f"lua_script:{LUA}",
               "-o", f"swim.lenient:{'TRUE' if profile == 'lenient' else 'FALSE'}",
               "-o", f"swim.authenticated:{'TRUE' if key else 'FALSE'}",
               "-T", "ek", "-Y", "swim"]
    if key:
        command += ["-o", f"swim.key_file:{pathlib.Path(key).resolve()}"]
    if ports is not None:
        command += ["-o", f"swim.ports:{ports}"]
    if limit is not None:
        command += ["-o", f"swim.max_collection:{limit}"]
    for field in CONTENT + OTHER:
        command += ["-e", field]
    # A home of its own, so that no personal preferences or plugins (such as
    # an installed copy of this dissector) take part.
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        done = run(command, {**env, "HOME": home})
    # tshark's only expected remark is that it runs as root.
    remarks = [line for line in done.stderr.splitlines()
               if line.strip() and not line.startswith("Running as user")]
    if remarks:
        sys.exit(f"tshark reported on {capture}:\n" + "\n".join(remarks))
    frames = []
    for line in done.stdout.splitlines():
        layers = json.loads(line).get("layers")
        if layers is not None:
            # ek names a field with its dots as underscores.
            frames.append({field: layers.get(field.replace(".", "_"), [])
                           for field in CONTENT + OTHER})
    return frames


def swimwire_lines(swimwire, capture, ports, profile, key, limit):
    command = [swimwire, "pcap", capture]
    if profile == "lenient":
        command.append("--lenient")
    if key:
        command += ["--auth-key-file", key]
    if limit is not None:
        command += ["--max-collection", str(limit)]
    lines = [json.loads(line) for line in run(command).stdout.splitlines()]
    return [line for line in lines if "ok" in line and (
        int(line["src"].rsplit(":", 1)[1]) in ports
        or int(line["dst"].rsplit(":", 1)[1]) in ports)]


def compare(args, profile, strict_errors):
    """Compares one profile; returns whether all agree, and the errors
    swimwire reported, by datagram index (those of the strict profile tell
    how many trailing bytes the lenient one must ignore)."""
    ports = parse_ports(args.ports or DEFAULT_PORTS)
    frames = tshark_frames(args.capture, args.ports, profile, args.auth_key_file,
                           args.max_collection)
    lines = swimwire_lines(args.swimwire, args.capture, ports, profile,
                           args.auth_key_file, args.max_collection)
    problems = []
    cut = [f for f in frames if f["swim.cut"]]
    frames = [f for f in frames if not f["swim.cut"]]
    for frame in frames:
        # The dissector's own errors are expert infos of the Malformed group
        # (so `_ws.malformed` too); anything else is a fault.
        faults = [m for m in frame["_ws.expert.message"]
                  if "Lua Error" in m or "Exception" in m]
        if frame["_ws.lua.error"] or faults or (
                frame["_ws.malformed"] and not frame["swim.error.kind"]):
            problems.append(f"frame {frame['frame.number'][0]}: fault: {faults}")
    if len(frames) != len(lines):
        problems.append(f"tshark shows {len(frames)} datagrams (and {len(cut)} cut by "
                        f"the capture), swimwire {len(lines)}")
    counts = {"ok": 0, "error": 0, "trailing checked": 0}
    verdicts = {}
    for index, (frame, line) in enumerate(zip(frames, lines)):
        number = frame["frame.number"][0]
        where = f"frame {number} ({line['src']} -> {line['dst']})"
        src_ip = (frame["ip.src"] or frame["ipv6.src"])[0]
        dst_ip = (frame["ip.dst"] or frame["ipv6.dst"])[0]
        seen = (socket_text(src_ip, frame["udp.srcport"][0]),
                socket_text(dst_ip, frame["udp.dstport"][0]))
        if seen != (line["src"], line["dst"]):
            problems.append(f"{where}: tshark's datagram is {seen}")
            continue
        payload_len = int(frame["udp.length"][0]) - 8
        if args.auth_key_file and payload_len >= 32:
            payload_len -= 32
        shown = {name: frame[name] for name in CONTENT}
        error = (frame["swim.error.kind"], frame["swim.error.offset"])
        if line["ok"]:
            counts["ok"] += 1
            if error != ([], []):
                problems.append(f"{where}: swimwire decodes it, tshark reports {error}")
                continue
            want = {name: [] for name in CONTENT}
            want.update(expected_fields(line["message"]))
            for name in CONTENT:
                if shown[name] != want[name]:
                    problems.append(f"{where}: {name}: tshark {shown[name][:8]}, "
                                    f"swimwire {want[name][:8]}")
            trailing = frame["swim.trailing"]
            if "trailing" in line:
                want_trailing = [str(line["trailing"])] if line["trailing"] else []
            elif strict_errors.get(index, (None,))[0] == "trailing_bytes":
                want_trailing = [str(payload_len - strict_errors[index][1])]
            else:
                want_trailing = None
            if want_trailing is not None:
                counts["trailing checked"] += 1
                if trailing != want_trailing:
                    problems.append(f"{where}: trailing bytes: tshark {trailing}, "
                                    f"swimwire {want_trailing}")
            elif trailing and profile == "strict":
                problems.append(f"{where}: strict, but tshark ignores {trailing} bytes")
        else:
            counts["error"] += 1
            kind, offset = line["error"]["kind"], line["error"]["offset"]
            verdicts[index] = (kind, offset)
            if error != ([kind], [str(offset)]):
                problems.append(f"{where}: swimwire {kind} at {offset}, tshark {error}")
    for problem in problems[:20]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > 20:
        print(f"  … and {len(problems) - 20} more", file=sys.stderr)
    name = pathlib.Path(args.capture).name
    print(f"{name} [{profile}{', limit ' + str(args.max_collection) if args.max_collection else ''}"
          f"{', authenticated' if args.auth_key_file else ''}]: "
          f"{len(lines)} datagrams compared ({counts['ok']} messages, {counts['error']} errors, "
          f"trailing bytes checked on {counts['trailing checked']}), {len(cut)} cut by the "
          f"capture, {'AGREE' if not problems else str(len(problems)) + ' DISAGREEMENTS'}")
    return not problems, verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ports")
    parser.add_argument("--auth-key-file")
    parser.add_argument("--max-collection", type=int)
    parser.add_argument("--profile", choices=("strict", "lenient"))
    parser.add_argument("swimwire")
    parser.add_argument("capture")
    args = parser.parse_args()
    profiles = [args.profile] if args.profile else ["strict", "lenient"]
    agree, strict_errors = True, {}
    for profile in profiles:
        same, verdicts = compare(args, profile, strict_errors)
        agree = agree and same
        if profile == "strict":
            strict_errors = verdicts
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
