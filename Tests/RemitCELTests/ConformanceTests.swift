import Foundation
import Testing
import RemitCEL

@Suite struct ConformanceTests {
    @Test func everyConformanceFileIsFound() {
        #expect(ConformanceFiles.all.count == 15, "looked in \(ConformanceFiles.directory.path)")
    }

    @Test func everyConformanceTestPassesExceptTheKnownFailures() throws {
        let report = try CELConformance.run(files: ConformanceFiles.all)
        #expect(report.results.count == 839)
        for result in report.results {
            if let reason = KnownFailures.reasons[result.id] {
                #expect(!result.passed, "\(result.id) is listed as a known failure (\(reason)) but passes")
            } else {
                #expect(result.passed, "\(result.id): \(result.expression) — \(result.message ?? "")")
            }
        }
        let ids = Set(report.results.map(\.id))
        for listed in KnownFailures.reasons.keys {
            #expect(ids.contains(listed), "known failure \(listed) names no conformance test")
        }
    }

    @Test func reportEndsWithPassedAndFailedCounts() throws {
        let report = try CELConformance.run(files: ConformanceFiles.all)
        let lastLine = report.summary.split(separator: "\n").last.map(String.init)
        #expect(lastLine == "\(report.passedCount) passed, \(report.failedCount) failed")
    }
}
