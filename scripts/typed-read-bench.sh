#!/bin/sh
# Assay — quality control for human-labelled training data.
#
# Builds the typed-reader bench (scripts/typed-read-bench/main.swift) in release mode against this
# worktree's AssayCore and AssayFormats, in a throw-away package under
# ${TYPED_BENCH_DIR:-/tmp/assay-typed-read-bench}, and runs it:
#   scripts/typed-read-bench.sh gen DATA/typed 10000000
#   scripts/typed-read-bench.sh read rating DATA/typed/ratings.csv
#   scripts/typed-read-bench.sh rounds DATA/typed 4     # interleaved rounds, one line each (wall s)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${TYPED_BENCH_DIR:-/tmp/assay-typed-read-bench}
mkdir -p "$dir/Sources/TypedReadBench"
for t in AssayCore AssayFormats CAssayPrefetch CZlib; do ln -sfn "$root/Sources/$t" "$dir/Sources/$t"; done
ln -sf "$root/scripts/typed-read-bench/main.swift" "$dir/Sources/TypedReadBench/main.swift"
cat > "$dir/Package.swift" <<'SWIFT'
// swift-tools-version: 6.0
import PackageDescription
// The same settings as the package's AssayCore and AssayFormats (Package.swift: hotPathSettings).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]
let package = Package(
    name: "TypedReadBench", platforms: [.macOS(.v14)],
    targets: [
        .target(name: "CAssayPrefetch"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),
        .target(name: "AssayCore", dependencies: ["CAssayPrefetch"], swiftSettings: settings),
        .target(name: "AssayFormats", dependencies: ["AssayCore", "CAssayPrefetch", "CZlib"], swiftSettings: settings),
        .executableTarget(name: "TypedReadBench", dependencies: ["AssayCore", "AssayFormats"], swiftSettings: settings),
    ])
SWIFT
(cd "$dir" && swift build -c release --product TypedReadBench >&2)
bin="$dir/.build/release/TypedReadBench"
if [ "$1" = rounds ]; then
    # One line per round: each file read as categorical labels and as its type, one after the other;
    # each cell "wall s / CPU s".
    d=$2
    echo "| categorical ratings.csv | rating ratings.csv | categorical pairwise.csv | pairwise pairwise.csv |" \
        "pairwise winner-loser.csv | categorical mtbench.jsonl | pairwise mtbench.jsonl | categorical text.csv |" \
        "text text.csv |"
    for _ in $(seq "${3:-4}"); do
        line="|"
        for run in "categorical ratings.csv" "rating ratings.csv" "categorical pairwise.csv" "pairwise pairwise.csv" \
            "pairwise winner-loser.csv" "categorical mtbench.jsonl" "pairwise mtbench.jsonl" "categorical text.csv" \
            "text text.csv"; do
            set -- $run
            line="$line $("$bin" read "$1" "$d/$2" | awk '{print $2 " / " $3}') |"
        done
        echo "$line"
    done
    exit 0
fi
exec "$bin" "$@"
