import ArgumentParser
import Foundation
import RemitCore
import RemitWorkflow

/// `remit workflow validate FILE`: checks a definition offline.
struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workflow", abstract: "Work with workflow definitions.",
                                                    subcommands: [Validate.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a workflow file (the body of POST /v1/workflows, or a bare definition) without a server.",
            discussion: "Approver ids cannot be checked offline; the server checks them against the tenant's buyers on save.")

        @Argument(help: "A JSON file.") var file: String

        func run() throws {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let report = WorkflowFileCheck.check(Array(data))
            print(report.text)
            if !report.valid { throw ExitCode(1) }
        }
    }
}

/// The offline check behind `remit workflow validate`.
enum WorkflowFileCheck {
    static func check(_ bytes: [UInt8]) -> (valid: Bool, text: String) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes, limits: JSONLimits(depthMax: 64, bytesMax: 8 << 20))
        } catch {
            return (false, "invalid: \(error.message)")
        }
        do {
            if json["definition"] != nil {
                let input = try WorkflowInput.parse(json)
                return (true, "valid: workflow '\(input.name)' with \(input.definition.nodes.count) nodes and \(input.definition.edges.count) edges")
            }
            let definition = try WorkflowValidator().definition(from: json)
            return (true, "valid: \(definition.nodes.count) nodes and \(definition.edges.count) edges")
        } catch {
            let lines = error.fieldErrors.map { "  \($0.field): \($0.message) (\($0.rule))" }
            return (false, "invalid: \(error.fieldErrors.count) problem\(error.fieldErrors.count == 1 ? "" : "s")\n" + lines.joined(separator: "\n"))
        }
    }
}
