//! Puts `memory.x` where the linker finds it, and turns the test data of
//! `tests/data` (the bench corpus in hex, the authenticated frames in JSON
//! lines) into byte arrays in the `.corpus` section (see `memory.x`):
//! `$OUT_DIR/data.rs`, included by `src/data.rs`. Each bench message comes
//! with what `walk` makes of it on the host, for the device to compare.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "src/walk.rs"]
mod walk;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR set by cargo"));
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let data = manifest.join("../../tests/data");

    fs::copy(manifest.join("memory.x"), out.join("memory.x")).expect("memory.x copied");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed={}", data.display());

    let mut code = String::new();
    let mut statics = Statics {
        dir: &out,
        count: 0,
    };
    bench(&data.join("corpus/bench"), &mut code, &mut statics);
    frames(&data.join("auth_frames.jsonl"), &mut code, &mut statics);
    fs::write(out.join("data.rs"), code).expect("data.rs written");
}

/// Writes byte strings to files and declares each as a static in `.corpus`.
struct Statics<'a> {
    dir: &'a Path,
    count: usize,
}

impl Statics<'_> {
    /// Declares `bytes` as a static in `code`; returns its name.
    fn add(&mut self, code: &mut String, bytes: &[u8]) -> String {
        let name = format!("DATA_{}", self.count);
        self.count += 1;
        let path = self.dir.join(format!("{name}.bin"));
        fs::write(&path, bytes).expect("data file written");
        writeln!(
            code,
            "#[unsafe(link_section = \".corpus\")]\nstatic {name}: [u8; {}] = *include_bytes!({:?});",
            bytes.len(),
            path.display().to_string(),
        )
        .expect("write to a String");
        name
    }
}

/// `BENCH`: every `*.hex` of the bench corpus, by name.
fn bench(dir: &Path, code: &mut String, statics: &mut Statics<'_>) {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("the bench corpus in tests/data")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "hex"))
        .collect();
    files.sort();
    let mut items = String::new();
    for path in &files {
        let text = fs::read_to_string(path).expect("a readable corpus file");
        let bytes = hex::decode(text.trim()).expect("one hex line");
        let stem = path.file_stem().expect("a file name").to_string_lossy();
        let message = swimwire::decode(&bytes).expect("a bench message decodes on the host");
        let walk = walk::walk(&message);
        let name = statics.add(code, stem.as_bytes());
        let message = statics.add(code, &bytes);
        writeln!(
            items,
            "    Bench {{ name: &{name}, bytes: &{message}, walk: {walk} }},"
        )
        .expect("write to a String");
    }
    writeln!(
        code,
        "#[unsafe(link_section = \".corpus\")]\npub static BENCH: [Bench; {}] = [\n{items}];",
        files.len()
    )
    .expect("write to a String");
}

/// `FRAMES`: every line of `auth_frames.jsonl`.
fn frames(path: &Path, code: &mut String, statics: &mut Statics<'_>) {
    let text = fs::read_to_string(path).expect("tests/data/auth_frames.jsonl");
    let mut items = String::new();
    let mut count = 0;
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fixture: Value = serde_json::from_str(line).expect("one JSON object a line");
        let field = |key: &str| fixture[key].as_str().expect("a string field");
        let name = statics.add(code, field("name").as_bytes());
        let key = statics.add(code, &hex::decode(field("key")).expect("hex key"));
        let frame = statics.add(code, &hex::decode(field("frame")).expect("hex frame"));
        let error = match fixture["kind"].as_str() {
            None => "None".to_owned(),
            Some(kind) => {
                let kind = statics.add(code, kind.as_bytes());
                let optional = |key: &str| match fixture[key].as_u64() {
                    Some(n) => format!("Some({n})"),
                    None => "None".to_owned(),
                };
                format!(
                    "Some(Expected {{ kind: &{kind}, offset: {}, lenient_ok: {}, lenient_trailing: {} }})",
                    optional("offset"),
                    fixture["lenient_ok"].as_bool().expect("lenient_ok"),
                    optional("lenient_trailing"),
                )
            }
        };
        writeln!(
            items,
            "    Frame {{ name: &{name}, key: &{key}, frame: &{frame}, error: {error} }},"
        )
        .expect("write to a String");
        count += 1;
    }
    writeln!(
        code,
        "#[unsafe(link_section = \".corpus\")]\npub static FRAMES: [Frame; {count}] = [\n{items}];"
    )
    .expect("write to a String");
}
