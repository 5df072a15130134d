// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "remit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "remit", targets: ["remit"]),
        .library(name: "RemitCore", targets: ["RemitCore"]),
        .library(name: "RemitCEL", targets: ["RemitCEL"]),
        .library(name: "RemitWorkflow", targets: ["RemitWorkflow"]),
        .library(name: "RemitStore", targets: ["RemitStore"]),
        .library(name: "RemitServer", targets: ["RemitServer"]),
        .library(name: "RemitSandbox", targets: ["RemitSandbox"]),
        .library(name: "RemitReconciliation", targets: ["RemitReconciliation"]),
        .library(name: "RemitNACHA", targets: ["RemitNACHA"]),
        .library(name: "RemitLedger", targets: ["RemitLedger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit", from: "0.4.2"),
    ],
    targets: [
        .target(
            name: "RemitCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitCEL",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitPolicy",
            dependencies: ["RemitCore", "RemitCEL"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitPolicyTests",
            dependencies: ["RemitPolicy", "RemitCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitReconciliation",
            dependencies: ["RemitCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitReconciliationTests",
            dependencies: ["RemitReconciliation", "RemitCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitSandbox",
            dependencies: [
                "RemitCore",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WAT", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitRails",
            dependencies: [
                "RemitCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "RemitISO20022",
            dependencies: ["RemitCore", "CLibXML2"],
            resources: [
                .copy("Resources/pain.001.001.09.xsd"),
                .copy("Resources/camt.053.001.08.xsd"),
                .copy("Resources/LICENSE"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitISO20022Tests",
            dependencies: ["RemitISO20022", "RemitCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitNACHA",
            dependencies: ["RemitCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitNACHATests",
            dependencies: ["RemitNACHA", "RemitCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitStripeSim",
            dependencies: [
                "RemitCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitGatewaySim",
            dependencies: [
                "RemitCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitConnectors",
            dependencies: [
                "RemitCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitLedger",
            dependencies: ["RemitCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitLedgerTests",
            dependencies: ["RemitLedger", "RemitCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitWorkflow",
            dependencies: ["RemitCore", "RemitCEL"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitStore",
            dependencies: [
                "RemitCore",
                "RemitLedger",
                "RemitWorkflow",
                "RemitPolicy",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitServer",
            dependencies: [
                "RemitCore",
                "RemitCEL",
                "RemitPolicy",
                "RemitWorkflow",
                "RemitRails",
                "RemitConnectors",
                "RemitStore",
                "RemitSandbox",
                "RemitLedger",
                "RemitNACHA",
                "RemitISO20022",
                "RemitReconciliation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "remit",
            dependencies: [
                "RemitCore",
                "RemitCEL",
                "RemitWorkflow",
                "RemitRails",
                "RemitGatewaySim",
                "RemitConnectors",
                "RemitStore",
                "RemitServer",
                "RemitLedger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "remit-bench",
            dependencies: [
                "RemitCore",
                "RemitRails",
                "RemitGatewaySim",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "RemitConnectors",
                "RemitStore",
                "RemitServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/RemitBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SandboxBench",
            dependencies: [
                "RemitSandbox",
                "RemitCore",
                "RemitCEL",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WAT", package: "WasmKit"),
            ],
            path: "Benchmarks/SandboxBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PolicyBench",
            dependencies: ["RemitPolicy", "RemitCore"],
            path: "Benchmarks/PolicyBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LedgerBench",
            dependencies: [
                "RemitLedger",
                "RemitCore",
                "RemitStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/LedgerBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CELBench",
            dependencies: ["RemitCEL"],
            path: "Benchmarks/CELBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitWorkflowTests",
            dependencies: ["RemitWorkflow", "RemitCore", "RemitCEL"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitRailsTests",
            dependencies: [
                "RemitCore",
                "RemitRails",
                "RemitGatewaySim",
                "RemitTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitStripeTests",
            dependencies: [
                "RemitCore",
                "RemitRails",
                "RemitStripeSim",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitConnectorsTests",
            dependencies: [
                "RemitConnectors",
                "RemitCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitCELTests",
            dependencies: ["RemitCEL"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitSandboxTests",
            dependencies: ["RemitSandbox", "RemitCore", .product(name: "WAT", package: "WasmKit")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitCoreTests",
            dependencies: ["RemitCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemitTestSupport",
            dependencies: [
                "RemitCore",
                "RemitStore",
                "RemitGatewaySim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/RemitTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitStoreTests",
            dependencies: ["RemitCore", "RemitLedger", "RemitStore", "RemitTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemitServerTests",
            dependencies: [
                "RemitCore",
                "RemitStore",
                "RemitServer",
                "RemitRails",
                "RemitGatewaySim",
                "RemitLedger",
                "RemitStripeSim",
                "RemitWorkflow",
                "RemitSandbox",
                "RemitTestSupport",
                "RemitNACHA",
                "RemitISO20022",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
