#!/bin/sh
# Assay — quality control for human-labelled training data.
#
# Builds the text harness (scripts/text-bench/main.swift) in release mode against this worktree's
# AssayCore, in a throw-away package under ${TEXT_BENCH_DIR:-/tmp/assay-text-bench}, and runs it:
#   scripts/text-bench.sh eval ../shared/datasets/crowdwsa_t1 ...
#   scripts/text-bench.sh speed 100000 10
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${TEXT_BENCH_DIR:-/tmp/assay-text-bench}
mkdir -p "$dir/Sources/TextBench"
ln -sfn "$root/Sources/AssayCore" "$dir/Sources/AssayCore"
ln -sfn "$root/Sources/CAssayPrefetch" "$dir/Sources/CAssayPrefetch"
ln -sf "$root/scripts/text-bench/main.swift" "$dir/Sources/TextBench/main.swift"
ln -sf "$root/Tests/AssayCoreTests/TextDatasets.swift" "$dir/Sources/TextBench/TextDatasets.swift"
cat > "$dir/Package.swift" <<'SWIFT'
// swift-tools-version: 6.0
import PackageDescription
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]
let package = Package(
    name: "TextBench", platforms: [.macOS(.v14)],
    targets: [
        .target(name: "CAssayPrefetch"),
        .target(name: "AssayCore", dependencies: ["CAssayPrefetch"], swiftSettings: settings),
        .executableTarget(name: "TextBench", dependencies: ["AssayCore"], swiftSettings: settings),
    ])
SWIFT
(cd "$dir" && swift build -c release --product TextBench >&2)
exec "$dir/.build/release/TextBench" "$@"
