// swift-tools-version:6.1
// Micro-benchmarks of the search engine's hot paths. A separate package so that the root package and
// CI never build or run them; see README.md ("Micro-benchmarks") for how to run them.
import PackageDescription

let package = Package(
    name: "CustomerCareRegistryBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that the product reference below does not depend on the name of the checkout folder.
        .package(name: "CustomerCareRegistry", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SearchEngineBenchmarks",
            dependencies: [
                .product(name: "SearchEngine", package: "CustomerCareRegistry"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SearchEngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
