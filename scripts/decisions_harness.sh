#!/bin/sh
# Builds the decisions harness (scripts/decisions_harness/main.swift) in release against this worktree's
# AssayCore, in a throw-away package under ${HARNESS_DIR:-/tmp/assay-decisions-harness}, and runs it:
#   scripts/decisions_harness.sh MODE [N]   # MODE: hierarchy, redundancy, acceptance, drift, drift-grid,
#                                           # fraud, sourcing (seeded; datasets from $ASSAY_DATASETS,
#                                           # default ../shared/datasets), bench (N labels, default 10M)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${HARNESS_DIR:-/tmp/assay-decisions-harness}
mkdir -p "$dir/Sources/harness"
ln -sfn "$root/Sources/AssayCore" "$dir/Sources/AssayCore"
ln -sfn "$root/Sources/CAssayPrefetch" "$dir/Sources/CAssayPrefetch"
ln -sfn "$root/scripts/decisions_harness/main.swift" "$dir/Sources/harness/main.swift"
cat > "$dir/Package.swift" <<'PKG'
// swift-tools-version: 6.0
import PackageDescription
// The same settings as the package's AssayCore (Package.swift: hotPathSettings).
let s: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]
let package = Package(
    name: "DecisionsHarness", platforms: [.macOS(.v14)],
    targets: [
        .target(name: "CAssayPrefetch"),
        .target(name: "AssayCore", dependencies: ["CAssayPrefetch"], swiftSettings: s),
        .executableTarget(name: "harness", dependencies: ["AssayCore"], swiftSettings: s),
    ])
PKG
(cd "$dir" && swift build -c release --product harness >&2)
if [ -z "$ASSAY_DATASETS" ]; then ASSAY_DATASETS="$root/../shared/datasets"; export ASSAY_DATASETS; fi
exec "$dir/.build/release/harness" "$@"
