#!/usr/bin/env bash
# Builds the libFuzzer targets of the readers and runs them for a bounded time (see TESTING.md).
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#
# TARGET: labels-delimited, labels-jsonl, gzip, answers, records, pairwise, ratings, multilabel, text,
# or all (each for SECONDS).
# Builds with ASSAY_FUZZ=1 (Package.swift declares the targets only then), in release mode with
# libFuzzer and AddressSanitizer, linked by lld, in .build-fuzz (so the normal .build is left alone).
# New inputs go to .build-fuzz/corpus/TARGET; the committed seeds in Fuzz/corpus/TARGET are only
# read. A crash, an invariant broken, a leak, one input over 10 s or over the memory cap writes the
# input to .build-fuzz/artifacts/TARGET-TIME/ and makes the exit status non-zero; when the time runs
# out cleanly the status is 0.
set -euo pipefail

scratch=.build-fuzz
all=(labels-delimited labels-jsonl gzip answers records pairwise ratings multilabel text)

usage() {
    echo "usage: $0 labels-delimited|labels-jsonl|gzip|answers|records|pairwise|ratings|multilabel|text|all" \
        "SECONDS [libFuzzer flags...]" >&2
    exit 2
}

product() {
    case "$1" in
        labels-delimited) echo FuzzLabelsDelimited ;;
        labels-jsonl) echo FuzzLabelsJSONL ;;
        gzip) echo FuzzGzip ;;
        answers) echo FuzzAnswers ;;
        records) echo FuzzRecords ;;
        pairwise) echo FuzzPairwise ;;
        ratings) echo FuzzRatings ;;
        multilabel) echo FuzzMultiLabel ;;
        text) echo FuzzText ;;
        *) usage ;;
    esac
}

build() {
    mkdir -p "$scratch"
    local log="$scratch/build-$1.log"
    # Two traps, each of which leaves a binary that runs blind ("no interesting inputs were found"):
    # swiftc keeps only the last of several -sanitize= flags (so `--sanitize=fuzzer
    # --sanitize=address` compiles without coverage: one combined flag instead; --sanitize=fuzzer
    # stays so that SwiftPM lets libFuzzer's main in), and gold drops the coverage counters of a
    # release build with AddressSanitizer (lld keeps them). SwiftPM may keep a stale build plan
    # when only flags change: the plan is dropped (nothing is recompiled unless a command changed).
    rm -f "$scratch/release.yaml" "$scratch"/*/release/description.json
    if ! ASSAY_FUZZ=1 swift build -c release --scratch-path "$scratch" --sanitize=fuzzer \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product "$(product "$1")" >"$log" 2>&1; then
        grep -vE '^\[[0-9]+/[0-9]+\] ' "$log" | tail -n 40
        echo "fuzz: building $(product "$1") failed (log: $log)" >&2
        exit 1
    fi
    local bin="$scratch/release/$(product "$1")"
    command -v readelf >/dev/null && command -v nm >/dev/null || return 0  # (binutils; runs check coverage too)
    if ! readelf -S "$bin" | grep __sancov_cntrs >/dev/null || ! nm "$bin" | grep __asan_report_load8 >/dev/null; then
        echo "fuzz: $bin lacks coverage counters or AddressSanitizer" >&2
        exit 1
    fi
}

# Runs target $1 for $2 seconds with libFuzzer flags ${@:3}; returns 1 on a finding.
run() {
    local t=$1 seconds=$2
    shift 2
    local corpus="$scratch/corpus/$t"
    local artifacts
    artifacts="$scratch/artifacts/$t-$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$corpus" "$artifacts"
    echo "== fuzz $t for ${seconds}s (seeds: Fuzz/corpus/$t)"
    local code=0
    # Swift's own crash backtracer would take the signal from libFuzzer (and seconds per crash).
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
        "$scratch/release/$(product "$t")" "$corpus" "Fuzz/corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=16384 \
        -dict=Fuzz/readers.dict -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" >"$artifacts/log" 2>&1 \
        || code=$?
    grep -E '^(#[0-9]+\s+(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|==[0-9]+==ERROR|assay fuzz:)' \
        "$artifacts/log" || true
    if ! grep -q "inline 8-bit counters" "$artifacts/log"; then
        echo "fuzz $t: the binary has no coverage counters (not instrumented?)"
        code=1
    fi
    if [ "$code" -ne 0 ]; then
        echo "fuzz $t FAILED (exit $code); log: $artifacts/log; input:"
        ls -1 "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-* 2>/dev/null || true
        tail -n 40 "$artifacts/log"
        return 1
    fi
}

main() {
    cd "$(dirname "$0")/.."
    [ -f Package.swift ] && [ -d Fuzz/corpus ] || { echo "fuzz: run from an Assay checkout" >&2; exit 2; }
    [ $# -ge 2 ] || usage
    local target=$1 seconds=$2
    shift 2
    [[ "$seconds" =~ ^[0-9]+$ ]] || usage
    local targets
    if [ "$target" = all ]; then targets=("${all[@]}"); else product "$target" >/dev/null; targets=("$target"); fi
    # Each target is built before any runs, so that a build failure is not mistaken for a finding.
    for t in "${targets[@]}"; do build "$t"; done
    local status=0
    for t in "${targets[@]}"; do run "$t" "$seconds" "$@" || status=1; done
    return "$status"
}

# The whole file is read before main runs, so editing it cannot upset a run in progress.
main "$@"
exit $?
