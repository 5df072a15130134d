import Foundation
import RemitCore
import Testing
@testable import RemitISO20022

@Suite struct Camt053Tests {
    @Test func aWrittenStatementPassesTheXSDInProcessAndInXmllint() throws {
        let xml = try Camt053Writer().document(for: Fixtures.statement())
        try ISO20022Schema.camt053v08.sharedValidator().validate(Array(xml.utf8))
        let verdict = try ExternalValidator.validate(xml, schema: "camt.053.001.08")
        #expect(verdict?.isValid == true, "xmllint: \(verdict?.output ?? "not run")")
    }

    @Test func aWrittenStatementReadsBackToTheSameValues() throws {
        let statement = Fixtures.statement()
        let xml = try Camt053Writer().document(for: statement)
        let read = try Camt053Reader().read(Array(xml.utf8))
        #expect(read == statement)
        #expect(read.messageID == "STMT-MSG-0001")
        #expect(read.statements[0].id == "STMT-2026-03-04")
        let entry = read.statements[0].entries[0]
        #expect(entry.transactions[0].structuredRemittance.map { $0.referredDocuments[0].number } == ["INV-1", "INV-2"])
        #expect(entry.transactions[0].structuredRemittance[1].creditorReference == .other("PO 4711 & co"))
        #expect(read.statements[0].entries[1].transactions.isEmpty)
        #expect(read.statements[0].entries[1].additionalInformation == "Account fee <March>")
    }

    @Test(arguments: [
        (Currency.jpy, "1000", Int64(1_000)), (.jpy, "1000.00", 1_000), (.eur, "12.5", 1_250), (.eur, " 12.50 ", 1_250),
        (.eur, "+7.", 700), (.eur, ".05", 5), (.bhd, "1.250", 1_250), (.bhd, "0.001", 1), (.eur, "0", 0),
    ])
    func amountsBecomeExactMinorUnits(_ currency: Currency, _ text: String, _ minorUnits: Int64) throws {
        let read = try Camt053Reader().read(statementWithEntryAmount(text, currency: currency.code))
        #expect(read.statements[0].entries[0].amount == Money(minorUnits: minorUnits, currency: currency))
    }

    @Test(arguments: [("EUR", "12.505"), ("JPY", "1000.5"), ("BHD", "1.2501")])
    func moreDecimalsThanTheCurrencyHasAreRefused(_ code: String, _ text: String) {
        let error = refusal(statementWithEntryAmount(text, currency: code))
        #expect(error?.code == .unsupportedContent)
        #expect(error?.path == "BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt")
        #expect(error?.message.contains("digits after the decimal point") == true || error?.message.contains("no minor unit") == true)
    }

    @Test func anUnknownCurrencyIsRefused() {
        let error = refusal(statementWithEntryAmount("10", currency: "XAU"))
        #expect(error?.code == .unsupportedContent)
        #expect(error?.message.contains("XAU") == true)
    }

    @Test func dateTimesWithOffsetsAndFractionsAreReadAsInstants() throws {
        let text = String(decoding: statementWithEntryAmount("1.00", currency: "EUR"), as: UTF8.self)
            .replacingOccurrences(of: "<CreDtTm>2026-03-02T10:00:00.000Z</CreDtTm>",
                                  with: "<CreDtTm>2026-03-02T11:00:00.5+01:00</CreDtTm>")
        let read = try Camt053Reader().read(Array(text.utf8))
        #expect(read.creationDateTime == Date(timeIntervalSince1970: 1_772_445_600.5))
    }

    @Test func aMalformedStatementIsRefusedWithTheLine() throws {
        let text = String(decoding: statementWithEntryAmount("1.00", currency: "EUR"), as: UTF8.self)
            .replacingOccurrences(of: "</GrpHdr>", with: "</GrpHdrX>")
        let error = refusal(Array(text.utf8))
        #expect(error?.code == .malformedXML)
        #expect((error?.issues.first?.line ?? 0) > 1)
    }

    @Test func aStatementBreakingTheSchemaIsRefusedWithLibxml2sReason() throws {
        let text = String(decoding: statementWithEntryAmount("1.00", currency: "EUR"), as: UTF8.self)
            .replacingOccurrences(of: "<CdtDbtInd>CRDT</CdtDbtInd>", with: "<CdtDbtInd>PLUS</CdtDbtInd>")
        let error = refusal(Array(text.utf8))
        #expect(error?.code == .schemaViolation)
        #expect(error?.issues.first?.message.contains("CdtDbtInd") == true)
        #expect(error?.issues.first?.message.contains("PLUS") == true)
    }

    @Test func statementBytesMaxIsAcceptedAtTheEdgeAndRefusedOneByteOver() throws {
        let bytes = statementWithEntryAmount("1.00", currency: "EUR")
        _ = try Camt053Reader(limits: .init(statementBytesMax: bytes.count)).read(bytes)
        let error = refusal(bytes, reader: try Camt053Reader(limits: .init(statementBytesMax: bytes.count - 1)))
        #expect(error?.code == .documentTooLarge)
        #expect(Camt053Reader.Limits().statementBytesMax == 10 * 1024 * 1024)
    }

    @Test func anXXEAttemptIsRefusedWithoutReadingTheFile() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("remit-xxe-\(UUID().uuidString).txt")
        try Data("TOP-SECRET-CONTENT".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let text = String(decoding: statementWithEntryAmount("1.00", currency: "EUR"), as: UTF8.self)
            .replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                                  with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file://\(secret.path)\">]>\n")
            .replacingOccurrences(of: "<MsgId>M1</MsgId>", with: "<MsgId>&xxe;</MsgId>")
        let error = refusal(Array(text.utf8))
        #expect(error?.code == .doctypeNotAllowed)
        #expect(!String(reflecting: error).contains("TOP-SECRET"))
    }

    @Test func aCounterpartyIBANWithABadChecksumIsRefusedWithItsPath() throws {
        var statement = Fixtures.statement()
        statement.statements[0].entries[0].transactions[0].debtor = TransactionParty(name: "X", account: .other("unused"))
        let text = try Camt053Writer().document(for: statement)
            .replacingOccurrences(of: "<Othr>\n                    <Id>unused</Id>\n                  </Othr>", with: "<IBAN>DE89370400440532013001</IBAN>")
        let error = refusal(Array(text.utf8))
        #expect(error?.code == .ibanChecksum)
        #expect(error?.path == "BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]/RltdPties/DbtrAcct/Id/IBAN")
    }

    @Test func theWriterRefusesTextsTooLongForTheirTypes() {
        var statement = Fixtures.statement()
        statement.statements[0].entries[0].transactions[0].unstructuredRemittance = [String(repeating: "u", count: 141)]
        #expect(throws: ISO20022Error.self) { try Camt053Writer().document(for: statement) }
        statement = Fixtures.statement()
        statement.statements[0].balances[0].typeCode = "OPENING"
        #expect(throws: ISO20022Error.self) { try Camt053Writer().document(for: statement) }
    }

    /// A minimal statement whose one entry has the amount text and currency given, written by
    /// hand so that amounts the writer would never produce can be tried.
    private func statementWithEntryAmount(_ amount: String, currency: String) -> [UInt8] {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
          <BkToCstmrStmt>
            <GrpHdr>
              <MsgId>M1</MsgId>
              <CreDtTm>2026-03-02T10:00:00.000Z</CreDtTm>
            </GrpHdr>
            <Stmt>
              <Id>S1</Id>
              <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
              <Bal>
                <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
                <Amt Ccy="EUR">0</Amt>
                <CdtDbtInd>CRDT</CdtDbtInd>
                <Dt><Dt>2026-03-02</Dt></Dt>
              </Bal>
              <Ntry>
                <Amt Ccy="\(currency)">\(amount)</Amt>
                <CdtDbtInd>CRDT</CdtDbtInd>
                <Sts><Cd>BOOK</Cd></Sts>
                <BkTxCd/>
              </Ntry>
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """
        return Array(xml.utf8)
    }

    private func refusal(_ bytes: [UInt8], reader: Camt053Reader? = nil) -> ISO20022Error? {
        do throws(ISO20022Error) {
            let reader = if let reader { reader } else { try Camt053Reader() }
            _ = try reader.read(bytes)
            return nil
        } catch {
            return error
        }
    }
}
