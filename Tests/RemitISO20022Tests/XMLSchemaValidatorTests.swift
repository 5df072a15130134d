import Foundation
import Testing
@testable import RemitISO20022

@Suite struct XMLSchemaValidatorTests {
    let validPain: [UInt8] = Array(try! Pain001Writer().document(for: Fixtures.initiation()).utf8)

    @Test func malformedXMLIsRefusedWithLibxml2sReasonAndLine() throws {
        let validator = try ISO20022Schema.pain001v09.sharedValidator()
        let broken = Array("<?xml version=\"1.0\"?>\n<Document>\n  <Open>\n</Document>\n".utf8)
        let error = refusal(validator, broken)
        #expect(error?.code == .malformedXML)
        let first = try #require(error?.issues.first)
        #expect(first.severity == .fatal)
        #expect(first.line == 4)
        #expect(first.message.contains("mismatch"))
    }

    @Test func aSchemaViolationNamesTheElementAndTheLine() throws {
        let validator = try ISO20022Schema.pain001v09.sharedValidator()
        let text = String(decoding: validPain, as: UTF8.self).replacingOccurrences(of: "<PmtMtd>TRF</PmtMtd>", with: "<PmtMtd>XXX</PmtMtd>")
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("<PmtMtd>") }! + 1
        let error = refusal(validator, Array(text.utf8))
        #expect(error?.code == .schemaViolation)
        let issue = try #require(error?.issues.first)
        #expect(issue.line == line)
        #expect(issue.message.contains("PmtMtd"))
        #expect(issue.message.contains("XXX"))
        #expect(error?.message.contains("line \(line)") == true)
    }

    @Test func aDocumentOfAnotherMessageTypeIsASchemaViolation() throws {
        let camt = Array(try Camt053Writer().document(for: Fixtures.statement()).utf8)
        #expect(refusal(try ISO20022Schema.pain001v09.sharedValidator(), camt)?.code == .schemaViolation)
    }

    @Test func anEmptyDocumentIsMalformed() throws {
        #expect(refusal(try ISO20022Schema.pain001v09.sharedValidator(), [])?.code == .malformedXML)
    }

    @Test func documentBytesMaxIsAcceptedAtTheEdgeAndRefusedOneByteOver() throws {
        let atEdge = try ISO20022Schema.pain001v09.makeValidator(limits: .init(documentBytesMax: validPain.count))
        try atEdge.validate(validPain)
        let under = try ISO20022Schema.pain001v09.makeValidator(limits: .init(documentBytesMax: validPain.count - 1))
        #expect(refusal(under, validPain)?.code == .documentTooLarge)
        #expect(XMLSchemaValidator.Limits().documentBytesMax == 10 * 1024 * 1024)
    }

    @Test func issuesAreKeptUpToIssuesMaxAndTheRestCounted() throws {
        // Five bad payment methods give five schema errors... but libxml2 stops a sequence at the
        // first error in it, so use five blocks.
        let blocks = (1...5).map { Fixtures.payment(id: "P\($0)") }
        let text = try Pain001Writer().document(for: Fixtures.initiation(payments: blocks))
            .replacingOccurrences(of: "<PmtMtd>TRF</PmtMtd>", with: "<PmtMtd>BAD</PmtMtd>")
        let all = refusal(try ISO20022Schema.pain001v09.makeValidator(limits: .init(issuesMax: 5)), Array(text.utf8))
        #expect(all?.issues.count == 5)
        let capped = refusal(try ISO20022Schema.pain001v09.makeValidator(limits: .init(issuesMax: 3)), Array(text.utf8))
        #expect(capped?.issues.count == 3)
        #expect(capped?.message.contains("(and 4 more)") == true)
        #expect(XMLSchemaValidator.Limits().issuesMax == 20)
    }

    @Test func issueMessagesAreCutAtIssueCharactersMax() throws {
        let text = String(decoding: validPain, as: UTF8.self).replacingOccurrences(of: "<PmtMtd>TRF</PmtMtd>", with: "<PmtMtd>XXX</PmtMtd>")
        let cut = refusal(try ISO20022Schema.pain001v09.makeValidator(limits: .init(issueCharactersMax: 20)), Array(text.utf8))
        #expect(cut?.issues.first?.message.count == 21) // 20 characters and "…"
        #expect(XMLSchemaValidator.Limits().issueCharactersMax == 500)
    }

    @Test func anExternalEntityIsNeverExpandedAndTheDocumentIsRefused() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("remit-xxe-\(UUID().uuidString).txt")
        try Data("TOP-SECRET-CONTENT".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let text = String(decoding: validPain, as: UTF8.self)
            .replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                                  with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file://\(secret.path)\">]>\n")
            .replacingOccurrences(of: "<Nm>Acme Supplies GmbH</Nm>", with: "<Nm>&xxe;</Nm>")
        let error = refusal(try ISO20022Schema.pain001v09.sharedValidator(), Array(text.utf8))
        #expect(error?.code == .doctypeNotAllowed)
        #expect(!String(describing: error).contains("TOP-SECRET"))
    }

    @Test func aDoctypeInUTF16IsCaughtAfterParsingToo() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE Document [<!ENTITY a \"aaaaaaaaaa\">]>\n<Document>&a;</Document>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(!XMLSchemaValidator.containsDoctype(bytes))
        #expect(refusal(try ISO20022Schema.pain001v09.sharedValidator(), bytes)?.code == .doctypeNotAllowed)
    }

    @Test func oneValidatorServesManyTasksAtOnce() async throws {
        let validator = try ISO20022Schema.pain001v09.sharedValidator()
        let good = validPain
        let bad = Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "TRF", with: "XXX").utf8)
        let results = await withTaskGroup(of: (Bool, ISO20022Error.Code?).self) { group in
            for index in 0..<64 {
                group.addTask {
                    let isGood = index % 2 == 0
                    do throws(ISO20022Error) {
                        try validator.validate(isGood ? good : bad)
                        return (isGood, nil)
                    } catch {
                        return (isGood, error.code)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0.0 ? $0.1 == nil : $0.1 == .schemaViolation })
    }

    @Test func bothBundledSchemasCompileAndTheLicenceShipsBesideThem() throws {
        for schema in ISO20022Schema.allCases {
            _ = try schema.sharedValidator()
            #expect(String(decoding: try schema.xsdBytes(), as: UTF8.self).contains(schema.namespace))
        }
        #expect(Bundle.module.url(forResource: "LICENSE", withExtension: nil) != nil)
    }

    @Test func anXSDThatDoesNotCompileIsSchemaUnavailable() {
        do {
            _ = try XMLSchemaValidator(xsd: Array("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element/></xs:schema>".utf8), schemaName: "broken")
            Issue.record("expected the XSD to be refused")
        } catch {
            #expect(error.code == .schemaUnavailable)
            #expect(!error.issues.isEmpty)
        }
    }

    private func refusal(_ validator: XMLSchemaValidator, _ bytes: [UInt8]) -> ISO20022Error? {
        do {
            try validator.validate(bytes)
            return nil
        } catch {
            return error
        }
    }
}
