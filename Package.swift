// swift-tools-version: 6.0
// Assay — vendor-neutral quality control for human-labelled AI training data.

import PackageDescription

/// One settings array for every target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The hot loops (parsing, interning, EM) run on raw buffers whose exclusive access is guaranteed by
/// construction; dynamic exclusivity checks cost about a quarter of CSV reading time (perf, 1M rows).
let hotPathSettings: [SwiftSetting] =
    swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Assay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assay", targets: ["assay"]),
        .library(name: "AssayCore", targets: ["AssayCore"]),
        .library(name: "AssayFormats", targets: ["AssayFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // The embedded store; links the system SQLite (libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        // SHA-256 of deliveries (content identity for idempotent imports); Foundation has none on Linux.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // The team store: PostgreSQL's wire protocol with `COPY … FROM STDIN` for bulk label loads.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // postgres-nio's logger type; the store logs nothing by default.
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        // The HTTP server (`assay serve`): routing, streaming request bodies, graceful shutdown
        // through ServiceLifecycle; HummingbirdTesting calls the router in-process in tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // /metrics in Prometheus text format, from a registry the server owns (no global bootstrap).
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        .target(name: "CAssayPrefetch"),
        // Gzip-compressed deliveries (.gz) are read through the system zlib (zlib1g-dev).
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "AssayCore", dependencies: ["CAssayPrefetch"], swiftSettings: hotPathSettings),
        .target(
            name: "AssayFormats", dependencies: ["AssayCore", "CAssayPrefetch", "CZlib"],
            swiftSettings: hotPathSettings),
        .target(name: "AssayStore", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .target(
            name: "AssaySQLite",
            dependencies: [
                "AssayStore", "AssayCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "AssayPostgres",
            dependencies: [
                "AssayStore", "AssayCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // The report model: one Codable value per analysis that the CLI, the API and the dashboard render.
        .target(name: "AssayReport", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .target(
            name: "AssayServer",
            dependencies: [
                "AssayCore", "AssayFormats", "AssayStore", "AssayReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "assay",
            dependencies: [
                "AssayCore", "AssayFormats", "AssayStore", "AssaySQLite", "AssayPostgres", "AssayServer",
                "AssayReport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the test targets share: child processes, the throw-away PostgreSQL, the backends.
        .target(
            name: "AssayTestSupport", dependencies: ["AssayStore", "AssaySQLite", "AssayPostgres"],
            swiftSettings: swiftSettings),
        // Benchmarks of Core models apart from the tests (figures in BENCHMARKS.md).
        .executableTarget(name: "assay-bench", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayStoreTests",
            dependencies: [
                "AssayStore", "AssaySQLite", "AssayPostgres", "AssayCore", "AssayTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Stores written by earlier versions, as SQL (Fixtures/make-fixtures.sh).
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "AssayCoreTests", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayReportTests", dependencies: ["AssayReport", "AssayCore"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AssayServerTests",
            dependencies: [
                "AssayServer", "AssayStore", "AssaySQLite", "AssayPostgres", "AssayCore", "AssayFormats",
                "AssayTestSupport", "CZlib",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayFormatsTests",
            dependencies: ["AssayFormats", "AssayCore", "CZlib", "AssayTestSupport"],
            resources: [.copy("Reference")], swiftSettings: swiftSettings),
    ]
)

// libFuzzer targets for the readers (`Fuzz/`, see TESTING.md), declared only when ASSAY_FUZZ=1 so
// that a normal `swift build` or `swift test` never builds them; `scripts/fuzz.sh` builds them in
// `.build-fuzz` with `--sanitize=fuzzer --sanitize=address`.
if Context.environment["ASSAY_FUZZ"] == "1" {
    package.targets.append(
        .target(
            name: "FuzzSupport", dependencies: ["AssayFormats", "AssayCore", "CZlib"],
            path: "Fuzz/Sources/FuzzSupport", swiftSettings: swiftSettings))
    for name in [
        "FuzzLabelsDelimited", "FuzzLabelsJSONL", "FuzzGzip", "FuzzAnswers", "FuzzRecords", "FuzzPairwise",
        "FuzzRatings", "FuzzMultiLabel", "FuzzText",
    ] {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["FuzzSupport", "AssayFormats", "AssayCore"],
                path: "Fuzz/Sources/\(name)", swiftSettings: swiftSettings))
    }
}
