#!/usr/bin/env python3
"""Flash and stack budgets of swimwire on Cortex-M, measured.

Builds the budget images of src/bin/ for each target and opt-level (fat LTO,
one codegen unit, panic=abort: the `budget-*` profiles of Cargo.toml; all
with the `auth` feature, which leaves the images that do not use it
byte-for-byte the same as without it), runs
each under QEMU's lm3s6965evb to measure stack by painting, reads flash from
the ELF (vector table + .text + .rodata + .data), looks for panic machinery
and names the code that pulls it in, prints the README's table in markdown,
then checks the budgets. Exits 1 if one is exceeded.

    python3 examples/cortex-m/budgets.py                  # everything
    python3 examples/cortex-m/budgets.py --update-readme  # and into README.md
    python3 examples/cortex-m/budgets.py --targets thumbv7m-none-eabi --opt-levels s

Needs the rustup targets, qemu-system-arm, and llvm-objdump and
llvm-addr2line (Debian's `llvm`) or llvm-objdump from `rustup component add
llvm-tools`.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

CRATE = Path(__file__).resolve().parent
REPO = CRATE.parent.parent
TARGETS = {"thumbv7m-none-eabi": "cortex-m3", "thumbv6m-none-eabi": "cortex-m0"}
OPT_LEVELS = ["s", "z", "3"]
IMAGES = ["budget_empty", "budget_decode", "budget_encode", "budget_auth"]
FLASH_SECTIONS = [".vector_table", ".text", ".rodata", ".data"]
DATAGRAM = 1472
KB = 1024

# (row label, image, stack line name)
STACK_ROWS = [
    ("stack: `decode`", "budget_decode", "decode"),
    ("stack: `decode` + walk", "budget_decode", "decode+walk"),
    ("stack: `encode_into`", "budget_encode", "encode_into"),
    ("stack: `Piggyback`", "budget_encode", "piggyback"),
    (f"stack: `encode` into a `Vec<u8, {DATAGRAM}>`", "budget_encode", "encode"),
    ("stack: `decode_authenticated`", "budget_auth", "decode_authenticated"),
    ("stack: `encode_authenticated_into`", "budget_auth", "encode_authenticated_into"),
]
FLASH_ROWS = [
    ("flash: decode + walk every field", "budget_decode"),
    ("flash: + `encode_into`, `encode`, `Piggyback`", "budget_encode"),
    ("flash: + `auth`, authenticated both ways", "budget_auth"),
]


def tool(*names):
    """The first of `names` on PATH or in rustup's llvm-tools."""
    sysroot = subprocess.run(
        ["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True
    ).stdout.strip()
    host = re.search(
        r"^host: (\S+)",
        subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout,
        re.M,
    ).group(1)
    llvm_tools = Path(sysroot, "lib", "rustlib", host, "bin")
    for name in names:
        found = shutil.which(name) or shutil.which(name, path=str(llvm_tools))
        if found:
            return found
    sys.exit(f"none of {', '.join(names)} found: apt-get install llvm")


def llvm(name):
    versions = [f"{name}-{v}" for v in range(30, 13, -1)]
    return tool(name, *versions)


def build(target, opt):
    """Builds the four images; returns the directory they are in."""
    subprocess.run(
        ["cargo", "build", "--quiet", "--profile", f"budget-{opt}", "--target", target,
         "--features", "auth"] + [arg for image in IMAGES for arg in ("--bin", image)],
        cwd=CRATE, check=True,
    )
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR", CRATE / "target"))
    return target_dir / target / f"budget-{opt}"


def flash(elf):
    """Bytes the image takes in flash: vector table, code, constants and
    the initial values of .data (not the test data of `.corpus`)."""
    out = subprocess.run([llvm("llvm-size"), "-A", elf], capture_output=True, text=True,
                         check=True).stdout
    sizes = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1].isdigit():
            sizes[fields[0]] = int(fields[1])
    return sum(sizes.get(section, 0) for section in FLASH_SECTIONS)


def stack(elf, cpu):
    """Runs the image under QEMU; returns its `stack <what> <bytes>` lines."""
    run = subprocess.run(
        ["qemu-system-arm", "-machine", "lm3s6965evb", "-cpu", cpu, "-nographic",
         "-semihosting-config", "enable=on,target=native", "-kernel", elf],
        capture_output=True, text=True, timeout=300,
    )
    if run.returncode != 0:
        sys.exit(f"{elf} failed under QEMU ({cpu}):\n{run.stdout}{run.stderr}")
    return {m[1]: int(m[2]) for m in re.finditer(r"^stack (\S+) (\d+)$", run.stdout, re.M)}


PANIC_ROOT = re.compile(r"core::panicking::|rust_begin_unwind")
CORE_FN = re.compile(r"^(<)?core::")
FUNCTION = re.compile(r"^([0-9a-f]+) <(.+)>:$")
CALL = re.compile(r"^\s*([0-9a-f]+):\s+\S+\s+(?:0x)?[0-9a-f]+ <([^>]+?)(?:\+0x[0-9a-f]+)?>")


def panics(elf):
    """Who pulls panic machinery into the image: `{}` if none is linked,
    else a map from the crate whose code calls into it (the innermost frame
    at the call that is not Rust's own library) to one such call's inline
    chain."""
    disassembly = subprocess.run(
        [llvm("llvm-objdump"), "-d", "-C", "--no-show-raw-insn", elf],
        capture_output=True, text=True, check=True,
    ).stdout
    edges, current = [], None
    for line in disassembly.splitlines():
        if m := FUNCTION.match(line):
            current = demangle(m[2])
        elif (m := CALL.match(line)) and current and demangle(m[2]) != current:
            edges.append((current, int(m[1], 16), demangle(m[2])))
    reaching = {callee for _, _, callee in edges if PANIC_ROOT.search(callee)}
    if not reaching:
        return {}
    # Rust's own functions that lead to a panic count as part of it.
    while True:
        more = {caller for caller, _, callee in edges
                if callee in reaching and CORE_FN.match(caller)} - reaching
        if not more:
            break
        reaching |= more
    sites = sorted({site for caller, site, callee in edges
                    if callee in reaching and caller not in reaching})
    culprits = {}
    for site in sites:
        frames = inline_chain(elf, site)
        outside = [(fn, path) for fn, path in frames if not path.startswith("/rustc/")]
        crate = owner(outside[0][1]) if outside else "core"
        culprits.setdefault(crate, " ← ".join(
            f"{fn} ({short(path)})" for fn, path in outside[:4]))
    return culprits


def inline_chain(elf, address):
    """(function, file:line) frames at `address`, innermost first."""
    out = subprocess.run(
        [llvm("llvm-addr2line"), "-f", "-i", "-C", "-e", elf, hex(address)],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    return [(demangle(out[i]), out[i + 1]) for i in range(0, len(out) - 1, 2)]


def demangle(name):
    """Rust's legacy mangling as the LLVM tools leave some of it, made
    readable."""
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    for code, text in [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","),
                       ("$u5b$", "["), ("$u5d$", "]"), ("$RF$", "&"), ("..", "::")]:
        name = name.replace(code, text)
    return name.lstrip("_")


def owner(path):
    """The crate a source file belongs to."""
    resolved = Path(path.rsplit(":", 1)[0]).resolve()
    if resolved.is_relative_to(REPO / "src"):
        return "swimwire"
    if resolved.is_relative_to(CRATE):
        return "the image's own code"
    if m := re.search(r"/registry/src/[^/]+/([A-Za-z0-9_-]+?)-\d+\.\d+\.\d+[^/]*/", path):
        return m[1]
    return path


def short(path):
    for prefix in (str(REPO) + "/", str(Path.home()) + "/.cargo/registry/src/"):
        path = path.replace(prefix, "")
    return re.sub(r"^[^/]*index\.crates\.io-[0-9a-f]+/", "", path)


def measure(targets, opt_levels):
    results = {}
    for target in targets:
        for opt in opt_levels:
            print(f"measuring {target} opt-level {opt}", file=sys.stderr)
            directory = build(target, opt)
            column = results[(target, opt)] = {"flash": {}, "stack": {}, "panics": {}}
            for image in IMAGES:
                elf = directory / image
                column["flash"][image] = flash(elf)
                column["stack"][image] = stack(elf, TARGETS[target])
                column["panics"][image] = panics(elf)
    return results


def versions():
    """The compiler and emulator the figures come from."""
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True,
                           check=True).stdout.split(" (")[0]
    qemu = subprocess.run(["qemu-system-arm", "--version"], capture_output=True, text=True,
                          check=True).stdout.splitlines()[0].split(" (")[0]
    return f"{rustc}, {qemu.replace('QEMU emulator version', 'QEMU')}"


def table(results):
    columns = list(results)
    head = "| | " + " | ".join(f"{t.split('-')[0]} `{o}`" for t, o in columns) + " |"
    lines = [head, "|---|" + "---:|" * len(columns)]

    def row(label, cells):
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("flash: empty image", [f"{results[c]['flash']['budget_empty']:,} B" for c in columns])
    for label, image in FLASH_ROWS:
        row(label, [f"+{results[c]['flash'][image] - results[c]['flash']['budget_empty']:,} B"
                    for c in columns])
    for label, image, name in STACK_ROWS:
        row(label, [f"{results[c]['stack'][image][name]:,} B" for c in columns])

    def panic_cell(column):
        crates = {}
        for image in IMAGES:
            for crate in results[column]["panics"][image]:
                crates.setdefault(crate, []).append(image.removeprefix("budget_"))
        if not crates:
            return "none"
        return "; ".join(f"{crate} ({', '.join(images)})" for crate, images in crates.items())

    row("panic machinery linked, called from", [panic_cell(c) for c in columns])
    return "\n".join(lines)


def check(results):
    """The budgets; returns the lines of those exceeded."""
    exceeded, checked = [], []

    def budget(what, column, value, limit):
        if column not in results:
            return
        verdict = "ok" if value <= limit else f"EXCEEDED by {value - limit:,} B"
        checked.append(f"{what} on {column[0]} opt-level {column[1]}: "
                       f"{value:,} B, budget {limit:,} B: {verdict}")
        if value > limit:
            exceeded.append(checked[-1])

    m3s = ("thumbv7m-none-eabi", "s")
    if m3s in results:
        r = results[m3s]
        budget("flash of decode + walk", m3s,
               r["flash"]["budget_decode"] - r["flash"]["budget_empty"], 5 * KB)
        budget("stack of decode", m3s, r["stack"]["budget_decode"]["decode"], 160)
        budget("stack of decode + walk", m3s,
               r["stack"]["budget_decode"]["decode+walk"], 400)
        budget(f"stack of encode into a Vec<u8, {DATAGRAM}>", m3s,
               r["stack"]["budget_encode"]["encode"], DATAGRAM + 512)
        budget("stack of authenticated decode", m3s,
               r["stack"]["budget_auth"]["decode_authenticated"], KB)
    for column, r in results.items():
        for image in IMAGES:
            culprits = r["panics"][image]
            own = {c: chain for c, chain in culprits.items()
                   if c in ("swimwire", "the image's own code")}
            others = sorted(set(culprits) - set(own))
            where = f"{image} on {column[0]} opt-level {column[1]}"
            for crate, chain in own.items():
                checked.append(f"panic machinery in {where}: reached from {crate}: "
                               f"{chain}: EXCEEDED")
                exceeded.append(checked[-1])
            if others:
                checked.append(f"panic machinery in {where}: only from dependencies "
                               f"({', '.join(others)}): ok")
    if not checked:
        checked.append("no budget applies to these targets and opt-levels")
    return checked, exceeded


README_START = "<!-- budgets.py output: start -->"
README_END = "<!-- budgets.py output: end -->"


def update_readme(text):
    """Puts `text` between the README's markers, in place of what was there."""
    readme = REPO / "README.md"
    content = readme.read_text()
    start = content.index(README_START) + len(README_START)
    end = content.index(README_END)
    readme.write_text(content[:start] + "\n" + text + "\n" + content[end:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--opt-levels", default=",".join(OPT_LEVELS))
    parser.add_argument("--update-readme", action="store_true",
                        help="also write the output into README.md")
    args = parser.parse_args()
    results = measure(args.targets.split(","), args.opt_levels.split(","))
    checked, exceeded = check(results)
    output = "\n".join([f"{versions()}:", "", table(results), "", "```text", *checked, "```"])
    print(output)
    if args.update_readme:
        update_readme(output)
    if exceeded:
        print(f"\n{len(exceeded)} budget(s) exceeded", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
