import ArgumentParser
import Foundation
import RemitCEL

/// `remit cel eval` and `remit cel conformance`.
struct CELCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cel", abstract: "Evaluate CEL expressions and run conformance files.",
                                                    subcommands: [Eval.self, Conformance.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate an expression and print its value in the conformance files' VALUE encoding.")

        @Argument(help: "The CEL expression.") var expression: String
        @Option(help: "A JSON object of variable bindings, such as '{\"amount\": 5000}'.") var bindings: String?

        func run() throws {
            switch evaluate() {
            case let .success(value):
                print(value.conformanceJSON)
            case let .failure(error):
                FileHandle.standardError.write(Data((error.rendered(source: expression) + "\n").utf8))
                throw ExitCode(1)
            }
        }

        private func evaluate() -> Result<CELValue, CELError> {
            Result { () throws(CELError) -> CELValue in
                try CELProgram(compiling: expression).evaluate(bindingsJSON: Data((bindings ?? "{}").utf8))
            }
        }
    }

    struct Conformance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run conformance files; print the failures and a last line 'N passed, M failed'.")

        @Argument(help: "Conformance JSON files.") var files: [String]

        func run() throws {
            let report = try CELConformance.run(files: files.map { URL(fileURLWithPath: $0) })
            print(report.summary)
            if report.failedCount > 0 { throw ExitCode(1) }
        }
    }
}
