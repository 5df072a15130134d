import RemitCore
import RemitStore
import Testing

@testable import RemitServer

/// What reconciliation expects the bank to confirm of a settled payment: the amount less the fee
/// the ledger booked, which is the fee of the method the money moved by.
@Suite struct StatementMappingTests {
    static func awaiting(method: PaymentMethod, settleMethod: PaymentMethod?) -> PaymentAwaitingBank {
        let payment = Payment(id: PaymentID(rawValue: "pay_map"), invoiceID: InvoiceID(rawValue: "inv_map"), buyerID: BuyerID(rawValue: "buy_map"),
                              method: method, amount: 100_000, currency: .usd, status: .settled, scheduledFor: nil, customFields: [],
                              runID: "run_map", workflowID: "wf_map", workflowVersion: 1, railReference: "ref", createdAt: 0, updatedAt: 0,
                              settledAt: 0)
        return PaymentAwaitingBank(payment: payment, invoiceNumber: "INV-MAP", poNumber: nil, buyerName: "Buyer", confirmedAmount: 0,
                                   settleMethod: settleMethod)
    }

    @Test func aNetTermsPaymentIsExpectedLessTheFeeOfTheMethodItSettledBy() throws {
        // ACH debit: 0.8 %, at most 5.00 — 5.00 on 1,000.00; net terms itself costs nothing.
        let ach = try #require(StatementMapping.expected(Self.awaiting(method: .netTerms, settleMethod: .achDebit)))
        #expect(ach.openAmountMinor == 100_000 - 500)
        let byDefault = try #require(StatementMapping.expected(Self.awaiting(method: .netTerms, settleMethod: nil)))
        #expect(byDefault.openAmountMinor == 100_000 - 500, "a net-terms payment settles by ACH debit unless it names a method")
        let card = try #require(StatementMapping.expected(Self.awaiting(method: .netTerms, settleMethod: .card)))
        #expect(card.openAmountMinor == 100_000 - (100_000 * 290 / 10_000 + 30))
        let wire = try #require(StatementMapping.expected(Self.awaiting(method: .wire, settleMethod: nil)))
        #expect(wire.openAmountMinor == 100_000 - 1_500)
    }
}
