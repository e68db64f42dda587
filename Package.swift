// swift-tools-version: 6.1
// Refer: a practice's referral system — a Swift host with an SQLite store and
// sandboxed Lua 5.4 plugins. Module graph and rationale: DESIGN.md / README.md.
import PackageDescription

let package = Package(
    name: "refer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "refer", targets: ["refer"]),
        // Libraries so that Benchmarks/ (a separate package) can link the modules.
        .library(name: "LuaRuntime", targets: ["LuaRuntime"]),
        .library(name: "ReferCore", targets: ["Model", "Store", "PluginHost", "Scheduler", "Packs", "Outreach"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The system Lua 5.4 (Debian: liblua5.4-dev), found through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // Static-inline wrappers for Lua's macros and the only place lua_error is called.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "LuaRuntime", dependencies: ["CLua", "CLuaShim"]),
        // Query rows straight into Lua tables (SQLite's C API; the plugin walk's reader).
        .target(name: "CLuaRows", dependencies: ["CLua", .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "Model"),
        .target(name: "Store", dependencies: [
            "Model",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, for bulk writes that bind arguments directly (DirectStatement).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "Outreach", dependencies: [
            "Model", "Store",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "PluginHost", dependencies: ["LuaRuntime", "CLuaRows", "Model", "Store", "Outreach"]),
        .target(name: "Scheduler", dependencies: ["Model", "Store", "PluginHost"]),
        .target(name: "Packs", dependencies: [
            "Model", "Store",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The report's views: headlines and the self-contained HTML page.
        .target(name: "Reports", dependencies: ["Model"]),
        .executableTarget(name: "refer", dependencies: [
            "Model", "Store", "LuaRuntime", "PluginHost", "Scheduler", "Packs", "Outreach", "Reports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Shared by the test targets: run the real binary, temporary practices.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LuaRuntimeTests", dependencies: ["LuaRuntime"]),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "Model",
            // To look at the schema and the raw rows behind the store's answers.
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "OutreachTests", dependencies: ["Outreach", "Store", "Model", "refer", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PluginHostTests", dependencies: ["PluginHost", "LuaRuntime", "CLuaRows", "Store", "Model", "refer", "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "Model", "Store", "PluginHost", "refer", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PacksTests", dependencies: ["Packs", "refer"]),
        // Plugins that try to escape or exhaust the host, run through the real `refer`.
        .testTarget(name: "HostileTests", dependencies: ["refer", "PluginHost", "LuaRuntime", "TestSupport"], resources: [.copy("Plugins")]),
        // Report figures on fixture practices, the HTML page in headless Chromium, ctx.report().
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Store", "Model", "refer", "TestSupport"], resources: [.copy("Fixtures")]),
        // The real `refer` binary run on temporary practices.
        .testTarget(name: "ReferTests", dependencies: ["refer", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
