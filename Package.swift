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
        .library(name: "Embeddings", targets: ["Embeddings"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // The search library: standard library and Synchronization only.
        .target(
            name: "SearchEngine",
            // The hot loops work on memory the engine owns through raw pointers; dynamic exclusivity checks
            // on every struct access there cost more than the scoring itself. Arithmetic stays checked (`-O`, not
            // `-Ounchecked`): an overflow traps instead of being undefined, and `-Ounchecked` bought no measurable
            // speed (Benchmarks/README.md, "Checked arithmetic in the engine").
            swiftSettings: swiftSettings + [
                .unsafeFlags(["-enforce-exclusivity=unchecked"]),
                .unsafeFlags(["-wmo"], .when(configuration: .release)),
            ]
        ),
        // Static sentence embeddings (WordLlama): standard library and Synchronization only, like SearchEngine.
        .target(
            name: "Embeddings",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HelpdeskCore",
            dependencies: [
                "SearchEngine", "Embeddings", "CVectorKernels",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The integer dot product of the meaning passes, compiled for the baseline and for AVX2 with the choice made at
        // run time (Swift compiles for the baseline x86-64 only): `VectorTable`.
        .target(name: "CVectorKernels"),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "HelpdeskImport",
            dependencies: [
                "HelpdeskCore", "SearchEngine", "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HelpdeskMail",
            dependencies: [
                "HelpdeskCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HelpdeskServer",
            dependencies: [
                "HelpdeskCore", "HelpdeskImport", "HelpdeskMail", "SearchEngine", "Embeddings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Relevance measures, evaluation-data readers and the corpus evaluation (care eval, and the regression test).
        .target(
            name: "Evaluation",
            dependencies: ["SearchEngine", "Embeddings", "HelpdeskCore", "HelpdeskImport"],
            swiftSettings: swiftSettings
        ),
        // The knowledge base `care serve` loads into an empty database, bundled as resources so the binary finds it
        // from any folder or in a container. Corpus/ stays the source of truth: the target lives there and bundles
        // only the JSONL files the first start loads (not eval/ or the generator in tools/).
        .target(
            name: "ShippedCorpus",
            path: "Corpus",
            exclude: ["README.md", "eval", "tools"],
            sources: ["ShippedCorpus.swift"],
            resources: [
                .copy("categories.jsonl"), .copy("agents.jsonl"), .copy("solutions.jsonl"), .copy("tickets.jsonl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The static embedding model `care` matches meaning with, bundled as resources like the corpus. Models/ stays
        // the source of truth (files, provenance and licence in its README).
        .target(
            name: "ShippedModel",
            dependencies: ["Embeddings"],
            path: "Models",
            sources: ["ShippedModel.swift"],
            resources: [.copy("wordllama-l2-supercat")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "care",
            dependencies: [
                "SearchEngine", "HelpdeskCore", "HelpdeskImport", "HelpdeskMail", "HelpdeskServer", "Evaluation",
                "ShippedCorpus", "ShippedModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by the test targets: fixtures, expectations, store inspection, repository paths.
        .target(
            name: "TestSupport",
            dependencies: [
                "HelpdeskCore", "HelpdeskImport", "Embeddings",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SearchEngineTests",
            dependencies: ["SearchEngine"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EmbeddingsTests",
            dependencies: ["Embeddings"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HelpdeskCoreTests",
            dependencies: ["CVectorKernels", "Embeddings", "HelpdeskCore", "HelpdeskImport", "SearchEngine", "TestSupport"],
            exclude: ["Fixtures"],  // read by path
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HelpdeskImportTests",
            dependencies: ["HelpdeskImport", "HelpdeskCore", "SearchEngine", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "HelpdeskCore", "SearchEngine", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HelpdeskMailTests",
            dependencies: ["HelpdeskMail", "HelpdeskCore", "TestSupport"],
            exclude: ["Support"],  // the loopback SMTP server script, run by path
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HelpdeskServerTests",
            dependencies: [
                "Embeddings", "HelpdeskServer", "HelpdeskCore", "HelpdeskMail", "SearchEngine", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
