#!/bin/sh
# Assay — quality control for human-labelled training data.
# Builds a Swift harness (scripts/NAME/main.swift) in release against this worktree's AssayCore, in a
# throw-away package under ${HARNESS_DIR:-/tmp/assay-NAME}, and runs it with the remaining arguments
# (ASSAY_DATASETS defaults to ../shared/datasets). Used by ratings_harness.sh and decisions_harness.sh:
#   scripts/core_harness.sh NAME ARGS...
set -e
name=${1:?usage: scripts/core_harness.sh NAME ARGS...}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${HARNESS_DIR:-/tmp/assay-$(echo "$name" | tr _ -)}
mkdir -p "$dir/Sources/harness"
ln -sfn "$root/Sources/AssayCore" "$dir/Sources/AssayCore"
ln -sfn "$root/Sources/CAssayPrefetch" "$dir/Sources/CAssayPrefetch"
ln -sfn "$root/scripts/$name/main.swift" "$dir/Sources/harness/main.swift"
cat > "$dir/Package.swift" <<'PKG'
// swift-tools-version: 6.0
import PackageDescription
// The same settings as the package's AssayCore (Package.swift: hotPathSettings).
let s: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]
let package = Package(
    name: "Harness", platforms: [.macOS(.v14)],
    targets: [
        .target(name: "CAssayPrefetch"),
        .target(name: "AssayCore", dependencies: ["CAssayPrefetch"], swiftSettings: s),
        .executableTarget(name: "harness", dependencies: ["AssayCore"], swiftSettings: s),
    ])
PKG
(cd "$dir" && swift build -c release --product harness >&2)
if [ -z "$ASSAY_DATASETS" ]; then ASSAY_DATASETS="$root/../shared/datasets"; export ASSAY_DATASETS; fi
exec "$dir/.build/release/harness" "$@"
