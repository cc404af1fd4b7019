#!/bin/sh
# Assay — quality control for human-labelled training data.
#
# Builds the store harness (scripts/store-bench/main.swift) in release against a worktree's store
# modules (this one, or ROOT=/path/to/another checkout, e.g. an older commit's `git archive`), in a
# throw-away package under ${STORE_BENCH_DIR:-/tmp/assay-store-bench}, and runs it:
#   scripts/store-bench.sh categorical,rating,pairwise 1000000 sqlite 3
#   scripts/store-bench.sh categorical 1000000 postgres://postgres@127.0.0.1:PORT/bench 3
# A checkout without typed labels (before TypedLabels.swift) builds the categorical part only.
set -e
root=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
here=$(cd "$(dirname "$0")" && pwd)
dir=${STORE_BENCH_DIR:-/tmp/assay-store-bench}
mkdir -p "$dir/Sources/StoreBench"
for m in AssayCore CAssayPrefetch AssayStore AssaySQLite AssayPostgres; do ln -sfn "$root/Sources/$m" "$dir/Sources/$m"; done
ln -sf "$here/store-bench/main.swift" "$dir/Sources/StoreBench/main.swift"
typed='[]'
[ -f "$root/Sources/AssayStore/TypedLabels.swift" ] && typed='[.define("TYPED")]'
cat > "$dir/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription
// The settings of the package's targets (Package.swift).
let s: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]
let hot = s + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
let package = Package(
    name: "StoreBench", platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .target(name: "CAssayPrefetch"),
        .target(name: "AssayCore", dependencies: ["CAssayPrefetch"], swiftSettings: hot),
        .target(name: "AssayStore", dependencies: ["AssayCore"], swiftSettings: s),
        .target(
            name: "AssaySQLite",
            dependencies: [
                "AssayStore", "AssayCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ], swiftSettings: s),
        .target(
            name: "AssayPostgres",
            dependencies: [
                "AssayStore", "AssayCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: s),
        .executableTarget(
            name: "StoreBench", dependencies: ["AssayCore", "AssayStore", "AssaySQLite", "AssayPostgres"],
            swiftSettings: s + $typed),
    ])
SWIFT
(cd "$dir" && swift build -c release --product StoreBench >&2)
exec "$dir/.build/release/StoreBench" "$@"
