import Foundation

/// Runs CEL conformance files (the JSON form of cel-spec's `tests/simple/testdata`).
public enum CELConformance {
    /// The outcome of one conformance test.
    public struct TestResult: Sendable {
        /// `file/section/name`, unique enough to list known failures.
        public var id: String
        /// The expression tested.
        public var expression: String
        /// Whether the result matched the expectation.
        public var passed: Bool
        /// What went wrong, for failed tests.
        public var message: String?
    }

    /// The outcome of one or more files.
    public struct Report: Sendable {
        /// Every test's outcome, in file order.
        public var results: [TestResult] = []
        /// How many passed.
        public var passedCount: Int { results.filter(\.passed).count }
        /// How many failed.
        public var failedCount: Int { results.count - passedCount }

        /// One line per failure, then the last line `N passed, M failed`.
        public var summary: String {
            var lines = results.filter { !$0.passed }.map { "FAIL \($0.id): \($0.message ?? "")" }
            lines.append("\(passedCount) passed, \(failedCount) failed")
            return lines.joined(separator: "\n")
        }
    }

    /// Runs every test in the given files.
    public static func run(files: [URL], limits: CELLimits = .default) throws(CELError) -> Report {
        var report = Report()
        for file in files {
            report.results += try run(fileAt: file, limits: limits).results
        }
        return report
    }

    /// Runs every test in one file.
    public static func run(fileAt url: URL, limits: CELLimits = .default) throws(CELError) -> Report {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw CELError(.conformanceFile, "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any], let tests = root["tests"] as? [[String: Any]] else {
            throw CELError(.conformanceFile, "\(url.path) has no 'tests' array")
        }
        let fileName = (root["name"] as? String) ?? url.deletingPathExtension().lastPathComponent
        var report = Report()
        for test in tests {
            report.results.append(runTest(test, file: fileName, limits: limits))
        }
        return report
    }

    /// Runs one test object of a conformance file.
    static func runTest(_ test: [String: Any], file: String, limits: CELLimits) -> TestResult {
        let id = "\(file)/\(test["section"] as? String ?? "")/\(test["name"] as? String ?? "")"
        let expression = test["expr"] as? String ?? ""
        var result = TestResult(id: id, expression: expression, passed: false)
        do throws(CELError) {
            var bindings: [String: CELValue] = [:]
            for (name, value) in test["bindings"] as? [String: Any] ?? [:] {
                bindings[name] = try CELValue(conformanceJSON: value)
            }
            let expected: CELValue? = try test["expect"].map { (value) throws(CELError) in try CELValue(conformanceJSON: value) }
            let outcome: Result<CELValue, CELError>
            do throws(CELError) {
                let macros = (test["disable_macros"] as? Bool) != true
                let program = try CELProgram(compiling: expression, limits: limits, macrosEnabled: macros)
                outcome = .success(try program.evaluate(bindings: bindings))
            } catch {
                outcome = .failure(error)
            }
            switch (outcome, expected) {
            case (.success(let actual), let expected?):
                result.passed = actual.isIdentical(to: expected)
                if !result.passed { result.message = "expected \(expected.conformanceJSON), got \(actual.conformanceJSON)" }
            case (.success(let actual), nil):
                result.message = "expected an error (\(test["expect_error"] as? String ?? "")), got \(actual.conformanceJSON)"
            case (.failure(let error), let expected?):
                result.message = "expected \(expected.conformanceJSON), got \(error)"
            case (.failure, nil):
                result.passed = true
            }
        } catch {
            result.message = "malformed test: \(error)"
        }
        return result
    }
}
