import Foundation
import RemitCore
import RemitISO20022
import RemitServer
import Testing

/// Issue 6's noise test, through the API: Remit-initiated payments settle on the simulated rail,
/// then a seeded statement with noise comes back and is reconciled by `POST /v1/bank_statements`.
@Suite struct ReconciliationNoiseAPITests {
    /// How each payment's money shows on the statement.
    enum Kind: String, CaseIterable {
        case structured, endToEndOnly, unstructuredOnly, rounded, partial, amountOnly, combined
    }

    /// Payments per buyer.
    static let paymentsPerBuyer = 10
    static let buyers = ["Northwind Traders", "Globex Corporation", "Initech Inc", "Umbrella Holdings GmbH", "Stark Industries Ltd",
                         "Wayne Enterprises"]

    @Test(arguments: [UInt64(20_261_130), 1, 2])
    func aNoisyStatementMatchesEveryPaymentWithRemittanceOrEndToEndIdAndNothingWrongly(seed: UInt64) async throws {
        try await APIHarness.runWithGateway { api in
            var generator = SeededGenerator(state: seed)
            var payments: [SettledPayment] = []
            for (index, buyer) in Self.buyers.enumerated() {
                let amounts = (0..<Self.paymentsPerBuyer).map { _ in Int64.random(in: 10_000...2_000_000, using: &generator) }
                payments += try await api.settledPayments(buyer: buyer, prefix: "INV-N\(index)", amounts: amounts)
            }
            let plan = Self.plan(payments, using: &generator)
            let xml = try StatementFixture.xml(messageID: "MSG-NOISE-\(seed)", entries: plan.entries)
            let response = try await api.postStatement(xml)
            try #require(response.status == 201, "\(response.text)")
            let outcomes = try #require(response.json["statements"]?.elements.first?["entries"]?.elements)
            try #require(outcomes.count == plan.entries.count)

            var rightly = Set<String>(), wrongly = 0, unrelatedMatched = 0
            for (index, outcome) in outcomes.enumerated() {
                let truth = plan.truth[index]
                let allocations = outcome["match"]?["allocations"]?.elements.map {
                    ($0["payment_id"]?.stringValue ?? $0["invoice_id"]?.stringValue ?? "?", $0["amount"]?.int64Value ?? -1)
                } ?? []
                guard !allocations.isEmpty else { continue }
                if truth.isEmpty { unrelatedMatched += 1; continue }
                let expected = truth.sorted { $0.0 < $1.0 }
                if allocations.sorted(by: { $0.0 < $1.0 }).elementsEqual(expected, by: { $0.0 == $1.0 && $0.1 == $1.1 }) {
                    rightly.formUnion(truth.map { $0.0 })
                } else {
                    wrongly += 1
                }
            }
            let withEvidence = Set(plan.kinds.filter { $0.value != .amountOnly }.map(\.key))
            let total = payments.count
            print("""
            reconciliation noise test through the API (seed \(seed)): \(plan.entries.count) entries for \(total) Remit payments
              matched automatically and rightly: \(rightly.count)/\(total) = \(String(format: "%.1f", Double(rightly.count) * 100 / Double(total)))%
              matched wrongly: \(wrongly) entries; unrelated credits matched: \(unrelatedMatched)
              with remittance or end-to-end id: \(withEvidence.intersection(rightly).count)/\(withEvidence.count) matched
              kinds: \(Dictionary(grouping: plan.kinds.values, by: \.rawValue).mapValues(\.count).sorted { $0.key < $1.key })
            """)
            #expect(wrongly == 0)
            #expect(unrelatedMatched == 0)
            #expect(withEvidence.isSubset(of: rightly), "left: \(withEvidence.subtracting(rightly))")
            let ledger = try await api.ledgerState()
            #expect(ledger.clean, "\(ledger.summary)")
            let confirmed = outcomes.flatMap { $0["match"]?["allocations"]?.elements ?? [] }.compactMap { $0["amount"]?.int64Value }.reduce(0, +)
            #expect(try await api.ledgerBalance("cash_settled") == confirmed)
        }
    }

    struct Plan {
        var entries: [RemitISO20022.StatementEntry] = []
        /// Per entry: the payments it pays and how much of each (empty: not Remit's money).
        var truth: [[(String, Int64)]] = []
        var kinds: [String: Kind] = [:]
    }

    /// Draws a kind for every payment (combined payments take two of one buyer), writes their
    /// entries with the noise, adds two unrelated credits (one with a payment's amount) and a
    /// debit, and shuffles the statement.
    static func plan(_ payments: [SettledPayment], using generator: inout SeededGenerator) -> Plan {
        var plan = Plan()
        var items: [(RemitISO20022.StatementEntry, [(String, Int64)])] = []
        var reference = 0
        func nextReference() -> String { reference += 1; return "NOISE-\(reference)" }
        let byBuyer = Dictionary(grouping: payments, by: \.buyer)
        for buyer in byBuyer.keys.sorted() {
            var list = byBuyer[buyer]!
            // The first two of each buyer are one combined payment with structured remittance.
            let pair = Array(list.prefix(2))
            list.removeFirst(2)
            items.append((StatementFixture.credit(pair.map(\.net).reduce(0, +), bankReference: nextReference(),
                                                  invoices: pair.map { ($0.invoiceNumber, $0.net) }, payer: buyer.uppercased()),
                          pair.map { ($0.id, $0.net) }))
            for payment in pair { plan.kinds[payment.id] = .combined }
            // One amount-only entry per buyer (its amount is unique among the buyer's payments).
            let amountOnly = list.removeLast()
            plan.kinds[amountOnly.id] = .amountOnly
            items.append((StatementFixture.credit(amountOnly.net, bankReference: nextReference(), payer: buyer.uppercased()),
                          [(amountOnly.id, amountOnly.net)]))
            for payment in list {
                let kind = [Kind.structured, .endToEndOnly, .unstructuredOnly, .rounded, .partial].randomElement(using: &generator)!
                plan.kinds[payment.id] = kind
                let payer = buyer.uppercased()
                switch kind {
                case .structured:
                    items.append((StatementFixture.credit(payment.net, bankReference: nextReference(), endToEnd: payment.id,
                                                          invoices: [(payment.invoiceNumber, Bool.random(using: &generator) ? payment.net : nil)], payer: payer),
                                  [(payment.id, payment.net)]))
                case .endToEndOnly:
                    items.append((StatementFixture.credit(payment.net, bankReference: nextReference(), endToEnd: payment.id, payer: payer),
                                  [(payment.id, payment.net)]))
                case .unstructuredOnly:
                    let spaced = payment.invoiceNumber.replacingOccurrences(of: "-", with: " ")
                    let text = Bool.random(using: &generator) ? "Invoice \(payment.invoiceNumber) thank you" : "/INV/\(spaced)/"
                    items.append((StatementFixture.credit(payment.net, bankReference: nextReference(), text: [text], payer: payer),
                                  [(payment.id, payment.net)]))
                case .rounded:
                    // Cents dropped, or a 15.00 fee deducted by a bank on the way.
                    let amount = Bool.random(using: &generator) ? payment.net / 100 * 100 : payment.net - 1_500
                    let paid = amount == payment.net ? payment.net - 1_500 : amount
                    items.append((StatementFixture.credit(paid, bankReference: nextReference(), endToEnd: payment.id,
                                                          invoices: [(payment.invoiceNumber, nil)], payer: payer),
                                  [(payment.id, paid)]))
                case .partial:
                    let paid = payment.net * Int64.random(in: 30...70, using: &generator) / 100
                    items.append((StatementFixture.credit(paid, bankReference: nextReference(), invoices: [(payment.invoiceNumber, paid)], payer: payer),
                                  [(payment.id, paid)]))
                case .amountOnly, .combined:
                    preconditionFailure("drawn above")
                }
            }
        }
        items.append((StatementFixture.credit(payments[5].net, bankReference: nextReference(), payer: "STRANGER TRADING LLC"), []))
        items.append((StatementFixture.credit(123_456, bankReference: nextReference(), text: ["Donation"], payer: "ANOTHER PAYER"), []))
        items.append((StatementFixture.debit(4_200, bankReference: nextReference(), text: ["Refund \(payments[0].invoiceNumber)"]), []))
        items.shuffle(using: &generator)
        plan.entries = items.map { $0.0 }
        plan.truth = items.map { $0.1 }
        return plan
    }
}
