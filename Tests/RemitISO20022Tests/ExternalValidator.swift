import Foundation
import Testing

/// Runs `xmllint --noout --schema` on documents: a validator Remit did not write.
///
/// Missing xmllint FAILS the calling test (with how to install it); it never skips.
enum ExternalValidator {
    /// The XSDs as CI lays them out: `shared/` beside the repository.
    static let specsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // RemitISO20022Tests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // repository root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/specs/iso20022")

    /// What xmllint said about a document.
    struct Verdict {
        let exitCode: Int32
        let output: String
        var isValid: Bool { exitCode == 0 }
    }

    /// The xmllint on PATH or in the usual places; records a failure and returns nil if none.
    static func xmllint() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/xmllint" } + ["/usr/bin/xmllint", "/opt/homebrew/bin/xmllint"]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return URL(fileURLWithPath: found)
        }
        let howTo = "xmllint is not installed, so the external XSD check cannot run. Install it with "
            + "`apt-get install -y libxml2-utils` (Debian/Ubuntu) or `brew install libxml2` (macOS)."
        Issue.record("\(howTo)")
        return nil
    }

    /// Validates `document` against `<specs>/<schema>.xsd` with xmllint; nil when xmllint or
    /// the XSD is missing (the test has already been failed).
    static func validate(_ document: String, schema: String) throws -> Verdict? {
        let xsd = specsDirectory.appendingPathComponent("\(schema).xsd")
        guard FileManager.default.fileExists(atPath: xsd.path) else {
            Issue.record("The XSD \(xsd.path) is missing: clone the repository with shared/ beside it.")
            return nil
        }
        guard let tool = xmllint() else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("remit-\(UUID().uuidString).xml")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--noout", "--nonet", "--schema", xsd.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Verdict(exitCode: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}
