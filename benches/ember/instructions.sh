#!/usr/bin/env bash
# Instructions a call of ember's encoder and of swimwire's, message by
# message of the bench corpus, under valgrind's callgrind: exact and
# repeatable where the side-by-side times move with the machine. Each count
# is that of 100 calls less that of none, over 100, so that reading the
# corpus and building the messages is not counted.
#
#     bash benches/ember/instructions.sh [filter]
#
# Needs valgrind. Prints a Markdown table, smallest message first.
# Valgrind replaces `memcpy` with a copy of its own that it counts byte by
# byte, which weighs on `reencode`.
set -euo pipefail
cd "$(dirname "$0")"

filter="${1:-}"
calls=100
contenders=(ember_encode encode reencode ember_decode validate)

bench=$(cargo bench --locked --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p')
[ -x "$bench" ] || { echo "no side_by_side bench binary found" >&2; exit 1; }

# Instructions that `CALLS=$2` calls of contender $1 on message $3 take,
# with the setup of the process.
collected() {
    CONTENDER="$1" CALLS="$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bench" "$3" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# 12345 as 12,345.
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

echo "| message | $(IFS='|'; echo "${contenders[*]}" | sed 's/|/ | /g') | encode ÷ ember_encode |"
echo "|---|$(printf -- '---:|%.0s' "${contenders[@]}")---:|"
mapfile -t files < <(ls -Sr ../../tests/data/corpus/bench/*.hex)
for file in "${files[@]}"; do
    message=$(basename "$file" .hex)
    [[ "$message" == *"$filter"* ]] || continue
    row="| $message |"
    declare -A per_call=()
    for contender in "${contenders[@]}"; do
        # The name is a filter: keep only this message.
        none=$(collected "$contender" 0 "$message")
        many=$(collected "$contender" "$calls" "$message")
        per_call[$contender]=$(( (many - none) / calls ))
        row="$row $(commas "${per_call[$contender]}") |"
    done
    ratio=$(awk -v a="${per_call[encode]}" -v b="${per_call[ember_encode]}" 'BEGIN { printf "%.2f", a / b }')
    echo "$row $ratio |"
done
