//! Wall-clock time of decoding and encoding each message of the bench corpus,
//! beside a copy of the same bytes (the floor) and an owned decode into
//! `Vec`s (what zero-copy saves).
//!
//! `cargo bench --bench codec`; `-- <filter>` picks some,
//! e.g. `-- welcome` or `-- /validate`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use swimwire::MessageBuf;

fn codec(c: &mut Criterion) {
    let mut out = vec![0u8; 32 * 1024];
    for (name, bytes) in common::corpus() {
        let mut group = c.benchmark_group(&name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));

        group.bench_function("validate", |b| {
            b.iter(|| swimwire::decode(black_box(&bytes)).is_ok())
        });

        group.bench_function("walk", |b| {
            b.iter(|| {
                let message = swimwire::decode(black_box(&bytes)).unwrap();
                common::walk(&message)
            })
        });

        let owned = MessageBuf::from(&swimwire::decode(&bytes).unwrap());
        let values = common::Values::new(&owned);
        let len = values.message().encode_into(&mut out).unwrap();
        assert_eq!(out[..len], bytes[..], "{name}: encode");
        group.bench_function("encode", |b| {
            b.iter(|| black_box(&values).message().encode_into(&mut out).unwrap())
        });

        let decoded = swimwire::decode(&bytes).unwrap();
        out.fill(0);
        let len = decoded.encode_into(&mut out).unwrap();
        assert_eq!(out[..len], bytes[..], "{name}: reencode");
        group.bench_function("reencode", |b| {
            b.iter(|| black_box(&decoded).encode_into(&mut out).unwrap())
        });

        group.bench_function("memcpy", |b| {
            b.iter(|| {
                let copy = &mut out[..bytes.len()];
                copy.copy_from_slice(black_box(&bytes));
                black_box(copy);
            })
        });

        group.bench_function("owned", |b| {
            b.iter(|| MessageBuf::from(&swimwire::decode(black_box(&bytes)).unwrap()))
        });

        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = codec
}
criterion_main!(benches);
