import Foundation
import RemitCore
import Testing
@testable import RemitISO20022

@Suite struct Pain001LimitTests {
    @Test func max35TextTakes35CharactersAndRefuses36() throws {
        let writer = Pain001Writer()
        let xml = try writer.validatedDocument(for: Fixtures.initiation(messageID: String(repeating: "M", count: 35)))
        #expect(xml.contains("<MsgId>\(String(repeating: "M", count: 35))</MsgId>"))
        let error = error(writer, Fixtures.initiation(messageID: String(repeating: "M", count: 36)))
        #expect(error?.code == .textTooLong)
        #expect(error?.path == "CstmrCdtTrfInitn/GrpHdr/MsgId")
    }

    @Test func max140TextTakes140CharactersAndRefuses141() throws {
        let writer = Pain001Writer()
        let fits = Fixtures.transfer(creditorName: String(repeating: "N", count: 140))
        _ = try writer.validatedDocument(for: Fixtures.initiation(payments: [Fixtures.payment(transfers: [fits])]))
        let tooLong = Fixtures.transfer(creditorName: String(repeating: "N", count: 141))
        let error = error(writer, Fixtures.initiation(payments: [Fixtures.payment(transfers: [Fixtures.transfer(), tooLong])]))
        #expect(error?.code == .textTooLong)
        #expect(error?.path == "CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/Cdtr/Nm")
    }

    @Test func lengthsCountUnicodeCodePointsAsTheSchemaDoes() throws {
        let writer = Pain001Writer()
        // "é" written as e + U+0301 is one Character but two code points; 18 of them are 36.
        let decomposed = String(repeating: "e\u{301}", count: 18)
        #expect(decomposed.count == 18)
        #expect(error(writer, Fixtures.initiation(messageID: decomposed))?.code == .textTooLong)
        let composed = String(repeating: "é", count: 35)
        _ = try writer.validatedDocument(for: Fixtures.initiation(messageID: composed))
    }

    @Test func emptyBlankAndControlCharacterTextsAreRefused() {
        let writer = Pain001Writer()
        #expect(error(writer, Fixtures.initiation(messageID: ""))?.code == .textEmpty)
        #expect(error(writer, Fixtures.initiation(messageID: "   "))?.code == .textEmpty)
        #expect(error(writer, Fixtures.initiation(messageID: "MSG\u{0}1"))?.code == .invalidCharacter)
        #expect(error(writer, Fixtures.initiation(messageID: "MSG\u{1B}1"))?.code == .invalidCharacter)
    }

    @Test func anInvoiceNumberOver35CharactersIsRefusedNotCut() {
        let remittance = [StructuredRemittance.invoice(number: String(repeating: "9", count: 36))]
        let error = error(Pain001Writer(), Fixtures.initiation(payments: [Fixtures.payment(transfers: [Fixtures.transfer(remittance: remittance)])]))
        #expect(error?.code == .textTooLong)
        #expect(error?.path == "CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/RmtInf/Strd[1]/RfrdDocInf[1]/Nb")
    }

    @Test func theDefaultLimitsAreNamed() {
        let limits = Pain001Writer.Limits()
        #expect(limits.paymentBlocksMax == 100)
        #expect(limits.transfersPerMessageMax == 10_000)
        #expect(limits.remittancesPerTransferMax == 100)
    }

    @Test func paymentBlocksAreBoundedAndAtLeastOneIsNeeded() throws {
        let writer = Pain001Writer(limits: .init(paymentBlocksMax: 2))
        _ = try writer.validatedDocument(for: Fixtures.initiation(payments: [Fixtures.payment(id: "1"), Fixtures.payment(id: "2")]))
        let three = Fixtures.initiation(payments: [Fixtures.payment(id: "1"), Fixtures.payment(id: "2"), Fixtures.payment(id: "3")])
        #expect(error(writer, three)?.code == .limitExceeded)
        #expect(error(writer, Fixtures.initiation(payments: []))?.code == .limitExceeded)
        #expect(error(writer, Fixtures.initiation(payments: [Fixtures.payment(transfers: [])]))?.code == .limitExceeded)
    }

    @Test func transfersPerMessageAreBoundedOverAllBlocks() throws {
        let writer = Pain001Writer(limits: .init(transfersPerMessageMax: 3))
        let two = [Fixtures.transfer(), Fixtures.transfer()]
        _ = try writer.validatedDocument(for: Fixtures.initiation(payments: [Fixtures.payment(transfers: two), Fixtures.payment(transfers: [Fixtures.transfer()])]))
        let four = Fixtures.initiation(payments: [Fixtures.payment(transfers: two), Fixtures.payment(transfers: two)])
        #expect(error(writer, four)?.code == .limitExceeded)
    }

    @Test func remittanceBlocksPerTransferAreBounded() throws {
        let writer = Pain001Writer(limits: .init(remittancesPerTransferMax: 2))
        let invoices = (1...3).map { StructuredRemittance.invoice(number: "INV-\($0)") }
        _ = try writer.validatedDocument(for: Fixtures.initiation(payments: [Fixtures.payment(transfers: [Fixtures.transfer(remittance: Array(invoices.prefix(2)))])]))
        let error = error(writer, Fixtures.initiation(payments: [Fixtures.payment(transfers: [Fixtures.transfer(remittance: invoices)])]))
        #expect(error?.code == .limitExceeded)
        #expect(error?.path == "CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/RmtInf")
    }

    private func error(_ writer: Pain001Writer, _ message: CreditTransferInitiation) -> ISO20022Error? {
        do {
            _ = try writer.document(for: message)
            return nil
        } catch {
            return error
        }
    }
}
