import RemitCore
import Testing

@testable import RemitWorkflow

@Suite struct RunContextTests {
    private let buyer = Buyer(
        id: BuyerID(rawValue: "buy_1"), name: "Acme", industry: nil, country: "DE", currency: .eur,
        creditTerms: CreditTerms(netDays: 30, creditLimit: 1_000_000), departments: [],
        approvers: [Approver(id: "apr_cfo", name: "Dana", email: "dana@acme.example", roles: ["cfo"], department: "ENG")],
        customFieldSchema: CustomFieldSchema(), externalReference: nil, createdAt: t0, updatedAt: t0)

    private func invoice(customFields: [(key: String, value: JSONValue)]) -> Invoice {
        Invoice(id: InvoiceID(rawValue: "inv_1"), buyerID: buyer.id, number: "INV-7", currency: .eur, status: .open, lines: [],
                taxRateBasisPoints: 0, subtotal: 0, taxAmount: 0, total: 0, amountPaid: 0,
                issueDate: CalendarDate(year: 2026, month: 11, day: 29)!, dueDate: CalendarDate(year: 2026, month: 12, day: 29)!,
                poNumber: nil, memo: nil, customFields: customFields, createdAt: t0, updatedAt: t0, voidedAt: nil)
    }

    @Test func aContextIsBuiltFromTheInvoiceAndBuyerAsTheAPIShowsThem() {
        let context = RunContext(invoice: invoice(customFields: []), buyer: buyer, payment: json(#"{"amount": 5}"#))
        #expect(context.invoice["number"] == .string("INV-7"))
        #expect(context.buyer["country"] == .string("DE"))
        #expect(context.approvers == [ApproverRecord(id: "apr_cfo", email: "dana@acme.example", roles: ["cfo"], department: "ENG")])
        #expect(context.department == nil)
    }

    @Test func theDepartmentComesFromTheInvoicesDepartmentFieldUnlessGiven() {
        let tagged = invoice(customFields: [("department", .string("ENG"))])
        #expect(RunContext(invoice: tagged, buyer: buyer, payment: .object([])).department == "ENG")
        #expect(RunContext(invoice: tagged, buyer: buyer, payment: .object([]), department: "FIN").department == "FIN")
    }
}
