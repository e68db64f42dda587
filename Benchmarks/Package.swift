// swift-tools-version: 6.1
// Refer's benchmarks: a package of its own, so that the main build and `swift test`
// never fetch or compile the benchmark harness. Run: `./run.sh` (see README.md).
import PackageDescription

let package = Package(
    name: "refer-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "refer", path: ".."),
        // Only the malloc interposer: the ARC runtime interposer is not needed for
        // these figures and would add a dependency.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LuaBridge",
            dependencies: [
                .product(name: "LuaRuntime", package: "refer"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LuaBridge",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
