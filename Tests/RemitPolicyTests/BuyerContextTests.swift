import RemitCore
import RemitPolicy
import Testing

/// The buyer context: credit window and exposure, the department's budget, the PO's state,
/// and payment history, from a buyer, an invoice and the facts storage gathered.
@Suite struct BuyerContextTests {
    static func buyer(netDays: Int = 60, limit: Int64 = 1_000_000) -> Buyer {
        Buyer(id: BuyerID(rawValue: "buy_globex"), name: "Globex", industry: nil, country: "US", currency: try! Currency(code: "USD"),
              creditTerms: CreditTerms(netDays: netDays, creditLimit: limit),
              departments: [Department(code: "ENG", name: "Engineering", budget: Budget(amount: 500_000, period: .quarterly), approvalThreshold: 100_000)],
              approvers: [], customFieldSchema: CustomFieldSchema(fields: []), externalReference: nil, createdAt: 0, updatedAt: 0)
    }

    static func invoice(issued: String, total: Int64 = 250_000, po: String? = "PO-7", department: String? = "ENG") -> Invoice {
        let invoice = Invoice(id: InvoiceID(rawValue: "inv_1"), buyerID: BuyerID(rawValue: "buy_globex"), number: "INV-1",
                              currency: try! Currency(code: "USD"), status: .open, lines: [], taxRateBasisPoints: 0, subtotal: total,
                              taxAmount: 0, total: total, amountPaid: 0, issueDate: CalendarDate(iso8601: issued)!,
                              dueDate: CalendarDate(iso8601: issued)!.adding(days: 60), poNumber: po, memo: nil,
                              customFields: department.map { [("department", .string($0))] } ?? [], createdAt: 0, updatedAt: 0, voidedAt: nil)
        return invoice
    }

    @Test func aNetSixtyBuyerInsideItsWindowAndUnderItsLimitHasCreditAvailable() {
        var facts = BuyerFacts()
        facts.otherOpenReceivables = 300_000
        let context = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-01"), facts: facts,
                                           today: CalendarDate(iso8601: "2026-11-29")!)
        #expect(context["credit"]?["within_window"] == .bool(true))
        #expect(context["credit"]?["invoice_age_days"] == .int(28))
        #expect(context["credit"]?["exposure"] == .int(300_000))
        #expect(context["credit"]?["available"] == .int(700_000))
    }

    @Test func anInvoiceOlderThanTheTermsOrABuyerWithoutTermsIsOutsideTheWindow() {
        let today = CalendarDate(iso8601: "2026-11-29")!
        let old = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-09-01"), facts: BuyerFacts(), today: today)
        #expect(old["credit"]?["within_window"] == .bool(false))
        let cash = BuyerContext.compute(buyer: Self.buyer(netDays: 0), invoice: Self.invoice(issued: "2026-11-29"), facts: BuyerFacts(), today: today)
        #expect(cash["credit"]?["within_window"] == .bool(false))
    }

    @Test func theDepartmentsBudgetComesFromTheLatestSignalForItsPeriodElseFromTheBuyer() {
        let today = CalendarDate(iso8601: "2026-11-29")!
        var facts = BuyerFacts()
        facts.departmentSpent = 120_000
        let fromRecord = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-20"), facts: facts, today: today)
        #expect(fromRecord["budget"]?["period"] == .string("2026-Q4"))
        #expect(fromRecord["budget"]?["budget"] == .int(500_000) && fromRecord["budget"]?["left"] == .int(380_000))
        #expect(fromRecord["budget"]?["threshold"] == .int(100_000) && fromRecord["budget"]?["approved"] == .bool(false))
        facts.recentSignals = [
            .init(type: "budget.approved", data: .object([("department", .string("ENG")), ("period", .string("2026-Q4")), ("amount", .int(800_000))])),
            .init(type: "budget.updated", data: .object([("department", .string("ENG")), ("period", .string("2026-Q3")), ("amount", .int(1))])),
        ]
        let fromSignal = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-20"), facts: facts, today: today)
        #expect(fromSignal["budget"]?["budget"] == .int(800_000) && fromSignal["budget"]?["approved"] == .bool(true))
        let none = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-20", department: "OPS"), facts: facts, today: today)
        #expect(none["budget"]?["department"] == .string("") && none["budget"]?["threshold"] == .int(0))
    }

    @Test func thePurchaseOrderStateIsTheNewestSignalAboutItsNumber() {
        var facts = BuyerFacts()
        facts.recentSignals = [
            .init(type: "inventory.allocated", data: .object([("po_number", .string("PO-7")), ("quantity", .int(5))])),
            .init(type: "purchase_order.approved", data: .object([("po_number", .string("PO-7"))])),
            .init(type: "purchase_order.closed", data: .object([("po_number", .string("PO-8"))])),
            .init(type: "purchase_order.created", data: .object([("po_number", .string("PO-7"))])),
            .init(type: "inventory.allocated", data: .object([("po_number", .string("PO-7")), ("quantity", .int(3))])),
        ]
        let context = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-20"), facts: facts,
                                           today: CalendarDate(iso8601: "2026-11-29")!)
        #expect(context["po"]?["state"] == .string("approved") && context["po"]?["allocated_quantity"] == .int(8))
        let noPO = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-20", po: nil), facts: facts,
                                        today: CalendarDate(iso8601: "2026-11-29")!)
        #expect(noPO["po"]?["state"] == .string("none"))
    }

    @Test func historyAveragesDaysToPayAndCountsOnTimeSettlements() {
        var facts = BuyerFacts()
        (facts.settledCount, facts.settledDaysTotal, facts.settledOnTime) = (4, 130, 3)
        let context = BuyerContext.compute(buyer: Self.buyer(), invoice: Self.invoice(issued: "2026-11-20"), facts: facts,
                                           today: CalendarDate(iso8601: "2026-11-29")!)
        #expect(context["history"]?["count"] == .int(4))
        #expect(context["history"]?["average_days_to_pay"] == .double(32.5))
        #expect(context["history"]?["on_time_share"] == .double(0.75))
    }

    @Test func budgetPeriodsCoverMonthsQuartersAndYears() {
        let day = CalendarDate(iso8601: "2026-12-31")!
        #expect(BuyerContext.period(.monthly, containing: day).key == "2026-12")
        #expect(BuyerContext.period(.monthly, containing: day).until == CalendarDate(iso8601: "2027-01-01")!)
        #expect(BuyerContext.period(.quarterly, containing: day).from == CalendarDate(iso8601: "2026-10-01")!)
        #expect(BuyerContext.period(.annual, containing: day).key == "2026")
    }
}
