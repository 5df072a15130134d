import Foundation
import RemitCore
import Testing
@testable import RemitISO20022

@Suite struct Pain001WriterTests {
    let writer = Pain001Writer()

    @Test func aMessageWithTwoBlocksAndThreeCurrenciesPassesTheXSDInProcessAndInXmllint() throws {
        let message = Fixtures.initiation(payments: [
            Fixtures.payment(id: "PMT-EUR", transfers: [
                Fixtures.transfer(endToEndID: "E2E-1", amount: Fixtures.eur(125_000)),
                Fixtures.transfer(endToEndID: "E2E-2", amount: Fixtures.eur(5), remittance: [
                    .invoice(number: "INV-A", remitted: Fixtures.eur(3)),
                    .invoice(number: "INV-B", duePayable: Fixtures.eur(2), creditorReference: .other("Buyer ref 4711")),
                    // 2/10 terms: 100.00 due, 2.00 discount taken, 98.00 paid.
                    .invoice(number: "INV-C", duePayable: Fixtures.eur(10_000), remitted: Fixtures.eur(9_800), discountApplied: Fixtures.eur(200)),
                ]),
            ]),
            Fixtures.payment(id: "PMT-OTHER", transfers: [
                Fixtures.transfer(endToEndID: "E2E-3", amount: Money(minorUnits: 1_000, currency: .jpy)),
                Fixtures.transfer(endToEndID: "E2E-4", amount: Money(minorUnits: 1_250, currency: .bhd), remittance: []),
            ]),
        ])
        let xml = try writer.document(for: message)
        try ISO20022Schema.pain001v09.sharedValidator().validate(Array(xml.utf8))
        let verdict = try ExternalValidator.validate(xml, schema: "pain.001.001.09")
        #expect(verdict?.isValid == true, "xmllint: \(verdict?.output ?? "not run")")
        #expect(verdict?.output.contains("validates") == true)
        #expect(compact(xml).contains("<RfrdDocAmt><DuePyblAmt Ccy=\"EUR\">100.00</DuePyblAmt><DscntApldAmt><Amt Ccy=\"EUR\">2.00</Amt></DscntApldAmt><RmtdAmt Ccy=\"EUR\">98.00</RmtdAmt></RfrdDocAmt>"))
    }

    @Test func countsAndControlSumsAreComputedForTheMessageAndEachBlock() throws {
        let message = Fixtures.initiation(payments: [
            Fixtures.payment(id: "A", transfers: [Fixtures.transfer(amount: Fixtures.eur(125_000)), Fixtures.transfer(amount: Fixtures.eur(1))]),
            Fixtures.payment(id: "B", transfers: [Fixtures.transfer(amount: Money(minorUnits: 1_250, currency: .bhd))]),
        ])
        let xml = compact(try writer.document(for: message))
        #expect(xml.contains("<GrpHdr><MsgId>MSG-2026-03-02-0001</MsgId><CreDtTm>2026-03-02T10:00:00.000Z</CreDtTm><NbOfTxs>3</NbOfTxs><CtrlSum>1251.260</CtrlSum>"))
        #expect(xml.contains("<PmtInfId>A</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>2</NbOfTxs><CtrlSum>1250.01</CtrlSum>"))
        #expect(xml.contains("<PmtInfId>B</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>1</NbOfTxs><CtrlSum>1.250</CtrlSum>"))
    }

    @Test(arguments: [
        (Money(minorUnits: 1_000, currency: .jpy), "<InstdAmt Ccy=\"JPY\">1000</InstdAmt>"),
        (Money(minorUnits: 5, currency: .eur), "<InstdAmt Ccy=\"EUR\">0.05</InstdAmt>"),
        (Money(minorUnits: 123_456, currency: .eur), "<InstdAmt Ccy=\"EUR\">1234.56</InstdAmt>"),
        (Money(minorUnits: 1, currency: .bhd), "<InstdAmt Ccy=\"BHD\">0.001</InstdAmt>"),
        (Money(minorUnits: 1_250, currency: .bhd), "<InstdAmt Ccy=\"BHD\">1.250</InstdAmt>"),
    ])
    func amountsAreWrittenWithTheCurrencysDecimals(_ amount: Money, _ expected: String) throws {
        let xml = try writer.validatedDocument(for: Fixtures.initiation(payments: [
            Fixtures.payment(transfers: [Fixtures.transfer(amount: amount)]),
        ]))
        #expect(xml.contains(expected))
    }

    @Test func theLargestAmountWithEighteenDigitsIsWrittenAndOneMoreIsRefused() throws {
        let largest = Money(minorUnits: 999_999_999_999_999_999, currency: .eur)
        let xml = try writer.validatedDocument(for: Fixtures.initiation(payments: [
            Fixtures.payment(transfers: [Fixtures.transfer(amount: largest, remittance: [])]),
        ]))
        #expect(xml.contains(">9999999999999999.99</InstdAmt>"))
        let tooLarge = Money(minorUnits: 1_000_000_000_000_000_000, currency: .eur)
        let error = writeError(Fixtures.initiation(payments: [Fixtures.payment(transfers: [Fixtures.transfer(amount: tooLarge, remittance: [])])]))
        #expect(error?.code == .invalidAmount)
        #expect(error?.path == "CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/Amt/InstdAmt")
    }

    @Test func aControlSumPastEighteenDigitsIsRefused() {
        let half = Money(minorUnits: 600_000_000_000_000_000, currency: .eur)
        let error = writeError(Fixtures.initiation(payments: [
            Fixtures.payment(transfers: [Fixtures.transfer(amount: half, remittance: []), Fixtures.transfer(amount: half, remittance: [])]),
        ]))
        #expect(error?.code == .invalidAmount)
        #expect(error?.path == "CstmrCdtTrfInitn/GrpHdr/CtrlSum")
    }

    @Test func zeroAndNegativeAmountsAreRefused() {
        for minorUnits: Int64 in [0, -100] {
            let error = writeError(Fixtures.initiation(payments: [
                Fixtures.payment(transfers: [Fixtures.transfer(amount: Fixtures.eur(minorUnits), remittance: [])]),
            ]))
            #expect(error?.code == .invalidAmount)
        }
    }

    @Test func textIsEscapedAndReadsBackUnchanged() throws {
        let name = "Smith & Sons <Ltd> \"quoted\" 'single' Müller"
        let xml = try writer.validatedDocument(for: Fixtures.initiation(payments: [
            Fixtures.payment(transfers: [Fixtures.transfer(creditorName: name)]),
        ]))
        #expect(xml.contains("<Nm>Smith &amp; Sons &lt;Ltd&gt; &quot;quoted&quot; &apos;single&apos; Müller</Nm>"))
    }

    @Test func theStructuredRemittanceCarriesInvoiceNumberDateAmountsAndAnRFReference() throws {
        let xml = compact(try writer.validatedDocument(for: Fixtures.initiation()))
        let expected = compact("""
                    <Strd>
                      <RfrdDocInf>
                        <Tp>
                          <CdOrPrtry>
                            <Cd>CINV</Cd>
                          </CdOrPrtry>
                        </Tp>
                        <Nb>INV-2026-0042</Nb>
                        <RltdDt>2026-02-01</RltdDt>
                      </RfrdDocInf>
                      <RfrdDocAmt>
                        <DuePyblAmt Ccy="EUR">1250.00</DuePyblAmt>
                        <RmtdAmt Ccy="EUR">1250.00</RmtdAmt>
                      </RfrdDocAmt>
                      <CdtrRefInf>
                        <Tp>
                          <CdOrPrtry>
                            <Cd>SCOR</Cd>
                          </CdOrPrtry>
                          <Issr>ISO</Issr>
                        </Tp>
                        <Ref>RF73INV20260042</Ref>
                      </CdtrRefInf>
                    </Strd>
            """)
        #expect(xml.contains(expected))
        #expect(xml.contains("<CreDtTm>2026-03-02T10:00:00.000Z</CreDtTm>"))
        #expect(xml.contains("<ReqdExctnDt><Dt>2026-03-04</Dt></ReqdExctnDt>"))
        #expect(xml.contains("<BICFI>BNPAFRPP</BICFI>"))
        #expect(xml.contains("<IBAN>FR1420041010050500013M02606</IBAN>"))
    }

    @Test func aTransferWithoutCreditorBICOmitsTheCreditorAgent() throws {
        var transfer = Fixtures.transfer()
        transfer.creditorAgent = nil
        let xml = try writer.validatedDocument(for: Fixtures.initiation(payments: [Fixtures.payment(transfers: [transfer])]))
        #expect(!xml.contains("<CdtrAgt>"))
    }

    /// The XML without the line breaks and indentation between elements.
    private func compact(_ xml: String) -> String {
        xml.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined()
    }

    private func writeError(_ message: CreditTransferInitiation) -> ISO20022Error? {
        do {
            _ = try writer.document(for: message)
            return nil
        } catch {
            return error
        }
    }
}
