// swift-tools-version: 6.0
// Assay — vendor-neutral quality control for human-labelled AI training data.

import PackageDescription

/// One settings array for every target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Assay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assay", targets: ["assay"]),
        .library(name: "AssayCore", targets: ["AssayCore"]),
        .library(name: "AssayFormats", targets: ["AssayFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
    ],
    targets: [
        .target(name: "AssayCore", swiftSettings: swiftSettings),
        .target(name: "AssayFormats", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "assay",
            dependencies: [
                "AssayCore", "AssayFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AssayCoreTests", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayFormatsTests", dependencies: ["AssayFormats", "AssayCore"],
            swiftSettings: swiftSettings),
    ]
)
