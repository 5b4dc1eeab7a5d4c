//! Wall-clock cost of authenticated framing on each message of the bench
//! corpus: checking the tag alone, beside SHA-256 of the payload alone (the
//! floor: HMAC adds two compressions to it), checking it and walking the
//! message (next to the codec bench's `walk`), and re-encoding with a tag.
//!
//! `cargo bench --bench auth`; `-- <filter>` picks
//! some, e.g. `-- auth_verify`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use swimwire::{AUTH_TAG_LEN, AuthKey};

fn auth(c: &mut Criterion) {
    let key = AuthKey::new(b"correct horse battery staple");
    let mut out = vec![0u8; 32 * 1024];
    for (name, bytes) in common::corpus() {
        let message = swimwire::decode(&bytes).unwrap();
        let len = message.encode_authenticated_into(&key, &mut out).unwrap();
        let frame = out[..len].to_vec();
        assert_eq!(len, bytes.len() + AUTH_TAG_LEN, "{name}");

        // The codec bench's groups: these land beside its `walk`.
        let mut group = c.benchmark_group(&name);
        group.throughput(Throughput::Bytes(frame.len() as u64));

        group.bench_function("auth_verify", |b| {
            b.iter(|| key.verify(black_box(&frame)).is_ok())
        });

        group.bench_function("sha256", |b| b.iter(|| Sha256::digest(black_box(&bytes))));

        group.bench_function("auth_walk", |b| {
            b.iter(|| {
                let message = swimwire::decode_authenticated(black_box(&frame), &key).unwrap();
                common::walk(&message)
            })
        });

        group.bench_function("auth_reencode", |b| {
            b.iter(|| {
                black_box(&message)
                    .encode_authenticated_into(&key, &mut out)
                    .unwrap()
            })
        });
        assert_eq!(out[..len], frame[..], "{name}: reencode");

        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = auth
}
criterion_main!(benches);
