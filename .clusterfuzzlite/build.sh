#!/bin/bash -eu
# Builds every cargo-fuzz target into $OUT, each with its committed corpus
# as seed corpus, and the dictionary and input size limit of the raw-bytes
# targets.

cd "$SRC/swimwire/fuzz"
cargo fuzz build -O --debug-assertions

for target in $(cargo fuzz list); do
    cp "target/x86_64-unknown-linux-gnu/release/$target" "$OUT/"
    (cd "corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
done

for target in decode differential; do
    cp decode.dict "$OUT/$target.dict"
    printf '[libfuzzer]\nmax_len = 65536\n' >"$OUT/$target.options"
done
