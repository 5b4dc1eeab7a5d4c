//! swimwire beside ember's own codec, message by message of the bench
//! corpus, in one process and one build (fat LTO both):
//!
//! - `memcpy`: a copy of the message's bytes, the floor;
//! - `ember_encode`: ember's `GossipMessage::encode_into` into a `BytesMut`
//!   that is cleared and reused, so that it never grows;
//! - `encode`: swimwire's `encode_into` of the same message built from
//!   slices of values (`Update`, `Member`, `SlotRange`), as the codec
//!   bench's `encode`;
//! - `reencode`: swimwire's `encode_into` of the decoded message;
//! - `ember_decode`: ember's `GossipMessage::decode` (which allocates a `Vec`
//!   a list);
//! - `validate` and `walk`: swimwire's `decode`, and `decode` then a read of
//!   every field, as the codec bench's.
//!
//! The contenders are timed in turns, a short batch each (about 20 µs) for
//! many rounds, rather than one after the other for seconds each as
//! criterion does: on a shared machine whose speed drifts from second to
//! second, batches side by side meet the same conditions, so each round
//! gives a fair ratio. The table has each contender's median time a call
//! and the median over rounds of the ratios that matter (encode and
//! re-encode against ember's encode, validate against ember's decode).
//!
//! `cargo bench --manifest-path benches/ember/Cargo.toml` (an argument
//! keeps the messages whose name contains it; `ROUNDS=N` sets the rounds,
//! 1,000 by default).
//!
//! `CONTENDER=name CALLS=N` makes only `N` calls of that contender for each
//! message kept, untimed and without a table, for `instructions.sh` to count
//! under callgrind.

#[path = "../common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use ember_cluster::GossipMessage;
use swimwire::MessageBuf;

/// What a contender's batch aims to take.
const BATCH: Duration = Duration::from_micros(20);

/// A contender: its name and a batch of calls of it, as many as asked.
type Contender<'a> = (&'static str, Box<dyn FnMut(u32) + 'a>);

/// A batch of calls of `call`, with the call inlined into the batch's loop
/// (as an application's own loop would have it), not called through a
/// pointer each time.
fn batch<'a>(mut call: impl FnMut() + 'a) -> Box<dyn FnMut(u32) + 'a> {
    Box::new(move |calls| {
        for _ in 0..calls {
            call();
        }
    })
}

/// How many calls of `batch` take about [`BATCH`].
fn calls_per_batch(batch: &mut dyn FnMut(u32)) -> u32 {
    let mut calls = 1u32;
    loop {
        let start = Instant::now();
        batch(calls);
        if start.elapsed() >= BATCH || calls >= 1 << 24 {
            return calls;
        }
        calls *= 2;
    }
}

/// Times every contender in turns, `rounds` times: the time a call in each
/// round, contender by contender.
fn rounds(contenders: &mut [Contender<'_>], rounds: usize) -> Vec<Vec<f64>> {
    let calls: Vec<u32> = contenders
        .iter_mut()
        .map(|(_, call)| calls_per_batch(call.as_mut()))
        .collect();
    let mut times = vec![Vec::with_capacity(rounds); contenders.len()];
    for round in 0..rounds {
        // A different contender goes first each round.
        for k in 0..contenders.len() {
            let i = (round + k) % contenders.len();
            let batch = contenders[i].1.as_mut();
            let start = Instant::now();
            batch(calls[i]);
            times[i].push(start.elapsed().as_nanos() as f64 / f64::from(calls[i]));
        }
    }
    times
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The median over rounds of `part`'s time over `whole`'s.
fn ratio(part: &[f64], whole: &[f64]) -> f64 {
    median(part.iter().zip(whole).map(|(p, w)| p / w).collect())
}

/// A time as the table shows it.
fn ns(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters.
    let filter = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with("--"))
        .unwrap_or_default();
    let rounds_wanted = std::env::var("ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
        .max(1);
    let corpus = common::corpus_in(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/corpus/bench"
    ));

    let only = std::env::var("CONTENDER").ok().map(|name| {
        let calls = std::env::var("CALLS").ok().and_then(|n| n.parse().ok());
        (name, calls.expect("CALLS=N beside CONTENDER"))
    });
    if only.is_none() {
        print_header();
    }
    for (name, bytes) in corpus.iter().filter(|(name, _)| name.contains(&filter)) {
        run(name, bytes, only.as_ref(), rounds_wanted);
    }
}

fn print_header() {
    println!(
        "| message | bytes | memcpy | ember_encode | encode | reencode | ember_decode | validate | walk \
         | encode ÷ ember_encode | reencode ÷ ember_encode | validate ÷ ember_decode |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}

/// Times the contenders on one message and prints its row, or makes only
/// the calls `only` asks for.
fn run(name: &str, bytes: &[u8], only: Option<&(String, u32)>, rounds_wanted: usize) {
    let ember = GossipMessage::decode(bytes).expect("ember decodes the bench message");
    let mut buf = BytesMut::with_capacity(64 * 1024);
    ember.encode_into(&mut buf);
    assert_eq!(buf[..], bytes[..], "{name}: ember's encoding");

    let owned = MessageBuf::from(&swimwire::decode(bytes).expect("a bench message"));
    let values = common::Values::new(&owned);
    let message = values.message();
    let decoded = swimwire::decode(bytes).expect("a bench message");
    let mut out = vec![0u8; 64 * 1024];
    for (what, message) in [("encode", &message), ("reencode", &decoded)] {
        out.fill(0);
        let len = message.encode_into(&mut out).expect("room for the message");
        assert_eq!(out[..len], bytes[..], "{name}: swimwire's {what}");
    }

    // Each contender writes into an output of its own.
    let (mut copy, mut encoded, mut reencoded) = (out.clone(), out.clone(), out);
    let mut contenders: Vec<Contender<'_>> = vec![
        (
            "memcpy",
            batch(|| {
                let to = &mut copy[..bytes.len()];
                to.copy_from_slice(black_box(bytes));
                black_box(to);
            }),
        ),
        (
            "ember_encode",
            batch(|| {
                buf.clear();
                black_box(&ember).encode_into(&mut buf);
                black_box(&buf);
            }),
        ),
        (
            "encode",
            batch(|| {
                black_box(black_box(&message).encode_into(&mut encoded).unwrap());
            }),
        ),
        (
            "reencode",
            batch(|| {
                black_box(black_box(&decoded).encode_into(&mut reencoded).unwrap());
            }),
        ),
        (
            "ember_decode",
            batch(|| {
                black_box(GossipMessage::decode(black_box(bytes)).unwrap());
            }),
        ),
        (
            "validate",
            batch(|| {
                black_box(swimwire::decode(black_box(bytes)).is_ok());
            }),
        ),
        (
            "walk",
            batch(|| {
                black_box(common::walk(&swimwire::decode(black_box(bytes)).unwrap()));
            }),
        ),
    ];
    if let Some((wanted, calls)) = only {
        let (_, call) = contenders
            .iter_mut()
            .find(|(name, _)| name == wanted)
            .expect("CONTENDER names a contender");
        call(*calls);
        return;
    }
    let times = rounds(&mut contenders, rounds_wanted);
    let at = |name: &str| {
        let i = contenders.iter().position(|(n, _)| *n == name).unwrap();
        &times[i]
    };
    let cells: Vec<String> = times.iter().map(|t| ns(median(t.clone()))).collect();
    println!(
        "| {name} | {} | {} | {:.2} | {:.2} | {:.2} |",
        bytes.len(),
        cells.join(" | "),
        ratio(at("encode"), at("ember_encode")),
        ratio(at("reencode"), at("ember_encode")),
        ratio(at("validate"), at("ember_decode")),
    );
}
