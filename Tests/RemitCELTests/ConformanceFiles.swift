import Foundation

/// Locates the shared conformance files: `../shared/conformance/cel` next to the repository root.
enum ConformanceFiles {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // RemitCELTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/conformance/cel")
        .standardizedFileURL

    /// Every `*.json` conformance file, sorted by name.
    static var all: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
