// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "CustomerCareRegistry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "care", targets: ["care"]),
        .library(name: "SearchEngine", targets: ["SearchEngine"]),
        .library(name: "HelpdeskCore", targets: ["HelpdeskCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The search library: standard library and Synchronization only.
        .target(
            name: "SearchEngine",
            swiftSettings: swiftSettings + [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "HelpdeskCore",
            dependencies: [
                "SearchEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "care",
            dependencies: [
                "SearchEngine",
                "HelpdeskCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SearchEngineTests",
            dependencies: ["SearchEngine"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HelpdeskCoreTests",
            dependencies: ["HelpdeskCore", "SearchEngine"],
            swiftSettings: swiftSettings
        ),
    ]
)
