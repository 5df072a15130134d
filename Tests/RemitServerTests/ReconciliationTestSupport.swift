import Foundation
import HTTPTypes
import RemitCore
import RemitISO20022
import RemitLedger
import RemitServer
import RemitStore
import Testing

/// Builds camt.053 statements for the server's reconciliation tests, and reads the ledger.
enum StatementFixture {
    static let account = try! IBAN("DE89370400440532013000")
    /// Today: payments settle now, and the engine's date window is measured from the value date.
    static var day: CalendarDate { CalendarDate(utc: created) }
    static let created = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    static func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .usd) }

    /// One credit: `invoices` become structured remittance blocks (one per invoice, with its amount when given).
    static func credit(_ amount: Int64, bankReference: String, endToEnd: String? = nil, invoices: [(String, Int64?)] = [],
                       text: [String] = [], payer: String = "UNKNOWN PAYER", date: CalendarDate = StatementFixture.day) -> RemitISO20022.StatementEntry {
        let remittance = invoices.map { number, remitted in StructuredRemittance.invoice(number: number, remitted: remitted.map(usd)) }
        return RemitISO20022.StatementEntry(
            amount: usd(amount), creditDebit: .credit, bookingDate: .date(date), valueDate: .date(date), accountServicerReference: bankReference,
            bankTransactionCode: BankTransactionCode(domain: "PMNT", family: "RCDT", subFamily: "ESCT"),
            transactions: [EntryTransaction(endToEndID: endToEnd ?? "NOTPROVIDED", amount: usd(amount), creditDebit: .credit,
                                            debtor: TransactionParty(name: payer), structuredRemittance: remittance, unstructuredRemittance: text)])
    }

    static func debit(_ amount: Int64, bankReference: String, text: [String] = []) -> RemitISO20022.StatementEntry {
        RemitISO20022.StatementEntry(amount: usd(amount), creditDebit: .debit, bookingDate: .date(day), valueDate: .date(day),
                                     accountServicerReference: bankReference,
                                     transactions: [EntryTransaction(creditor: TransactionParty(name: "REFUND RECIPIENT"), unstructuredRemittance: text)])
    }

    static func xml(messageID: String, statementID: String = "STMT-1", entries: [RemitISO20022.StatementEntry]) throws -> [UInt8] {
        let message = BankToCustomerStatement(messageID: messageID, creationDateTime: created, statements: [
            AccountStatement(id: statementID, creationDateTime: created, account: StatementAccount(id: .iban(account), currency: .usd),
                             balances: [
                                StatementBalance(typeCode: StatementBalance.openingBooked, amount: usd(0), creditDebit: .credit, date: .date(day)),
                                StatementBalance(typeCode: StatementBalance.closingBooked, amount: usd(0), creditDebit: .credit, date: .date(day)),
                             ],
                             entries: entries),
        ])
        return Array(try Camt053Writer().document(for: message).utf8)
    }
}

extension APIHarness {
    func postStatement(_ bytes: [UInt8], contentType: String = "application/xml",
                       idempotencyKey: String = UUID().uuidString) async throws -> APIResponse {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(key)"
        headers[.contentType] = contentType
        headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey
        return try await raw(.post, "/v1/bank_statements", headers: headers, body: bytes)
    }

    /// The posted balance of one of the tenant's ledger accounts (0 when it does not exist).
    func ledgerBalance(_ code: String) async throws -> Int64 {
        let tenant = tenant.id
        let snapshot = try await store.ledgerSnapshot(tenant: tenant)
        guard let account = snapshot.accounts.first(where: { $0.account.code == code }) else { return 0 }
        return account.balance.posted(normalSide: account.account.normalSide)
    }

    /// How many ledger transfers the tenant has, and whether the verifier finds the books clean.
    func ledgerState() async throws -> (transfers: Int, clean: Bool, summary: String) {
        let snapshot = try await store.ledgerSnapshot(tenant: tenant.id)
        let verification = LedgerVerifier.verify(snapshot)
        return (snapshot.transfers.count, verification.isValid, verification.violations.map(\.description).joined(separator: "; "))
    }

    /// Creates a buyer named `name`, invoices of `amounts`, and pays each through the API on
    /// the simulated rail (ACH credit); returns them once every payment has settled.
    func settledPayments(buyer name: String, prefix: String, amounts: [Int64]) async throws -> [SettledPayment] {
        let buyer = try await createBuyer(WorkflowAPITests.buyer.replacingOccurrences(of: "Northwind Traders", with: name))
        var result: [SettledPayment] = []
        for (index, amount) in amounts.enumerated() {
            let number = "\(prefix)-\(index + 1)"
            let invoice = try await post("/v1/invoices", APIHarness.invoiceJSON(
                buyer: buyer, number: number, lines: #"[{"description": "Goods", "unit_amount": \#(amount)}]"#))
            let invoiceID = try #require(invoice.json["id"]?.stringValue, "\(invoice.text)")
            let payment = try await post("/v1/payments", #"{"invoice_id": "\#(invoiceID)", "method": "ach_credit"}"#)
            let id = try #require(payment.json["id"]?.stringValue, "\(payment.text)")
            result.append(SettledPayment(id: id, invoiceID: invoiceID, invoiceNumber: number, buyer: name, amount: amount))
        }
        for payment in result {
            let settled = try await eventually("/v1/payments/\(payment.id)", seconds: 30) { $0["status"] == .string("settled") }
            try #require(settled["status"] == .string("settled"), "\(settled)")
        }
        return result
    }

    /// Creates a buyer and open invoices of `amounts` without paying them.
    func openInvoices(buyer name: String, prefix: String, amounts: [Int64]) async throws -> [(id: String, number: String)] {
        let buyer = try await createBuyer(WorkflowAPITests.buyer.replacingOccurrences(of: "Northwind Traders", with: name))
        var result: [(id: String, number: String)] = []
        for (index, amount) in amounts.enumerated() {
            let number = "\(prefix)-\(index + 1)"
            let invoice = try await post("/v1/invoices", APIHarness.invoiceJSON(
                buyer: buyer, number: number, lines: #"[{"description": "Goods", "unit_amount": \#(amount)}]"#))
            result.append((try #require(invoice.json["id"]?.stringValue, "\(invoice.text)"), number))
        }
        return result
    }
}

/// A payment made through the API and settled by the simulated rail.
struct SettledPayment: Sendable {
    var id: String
    var invoiceID: String
    var invoiceNumber: String
    var buyer: String
    var amount: Int64
    /// What the rail put in transit: the amount less the ACH credit fee (0.25).
    var net: Int64 { amount - 25 }
}

/// SplitMix64: a seeded generator, so the noise test draws the same statement every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    var elements: [JSONValue] { if case let .array(items) = self { items } else { [] } }
}
