import Foundation
import Testing
import RemitCEL

@Suite struct ConformanceRunnerTests {
    @Test func theRunnerReportsEachFailureAndEndsWithTheCounts() throws {
        let file = """
            {"name": "mini", "tests": [
              {"section": "s", "name": "ok", "expr": "x + 1", "bindings": {"x": {"int": "1"}}, "expect": {"int": "2"}},
              {"section": "s", "name": "wrong_kind", "expr": "1", "expect": {"uint": "1"}},
              {"section": "s", "name": "err", "expr": "1 / 0", "expect_error": "divide by zero"},
              {"section": "s", "name": "no_err", "expr": "1", "expect_error": "boom"}
            ]}
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cel-mini-\(UUID()).json")
        try Data(file.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try CELConformance.run(fileAt: url)
        #expect(report.results.map(\.passed) == [true, false, true, false])
        #expect(report.summary == """
            FAIL mini/s/wrong_kind: expected {"uint":"1"}, got {"int":"1"}
            FAIL mini/s/no_err: expected an error (boom), got {"int":"1"}
            2 passed, 2 failed
            """)
    }

    @Test func anUnreadableFileIsAConformanceFileError() {
        let missing = URL(fileURLWithPath: "/nonexistent/cel.json")
        #expect { try CELConformance.run(fileAt: missing) } throws: { ($0 as? CELError)?.code == .conformanceFile }
    }

    @Test func bindingsJSONDocumentsFeedEvaluation() throws {
        let program = try CELProgram(compiling: "invoice.amount * 2")
        #expect(try program.evaluate(bindingsJSON: Data(#"{"invoice": {"amount": 21}}"#.utf8)) == .int(42))
        #expect { try program.evaluate(bindingsJSON: Data("[1]".utf8)) } throws: { ($0 as? CELError)?.code == .invalidBinding }
    }
}
