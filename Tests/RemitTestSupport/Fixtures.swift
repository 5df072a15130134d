import RemitCore
import RemitStore

/// Builders for the values store and API tests need.
public enum Fixtures {
    /// A tenant with a unique id, so tests sharing a PostgreSQL database stay apart.
    public static func tenant(_ ids: IDGenerator = .system, name: String = "Test Supplier") -> Tenant {
        Tenant(id: ids.make(), name: name, createdAt: 1_764_400_000_000)
    }

    /// A buyer with terms, a department, an approver and a cost-center field.
    public static func buyer(_ ids: IDGenerator = .system, name: String = "Northwind", country: String = "US",
                             createdAt: Int64 = 1_764_400_000_000) -> Buyer {
        Buyer(id: ids.make(), name: name, industry: "424410", country: country, currency: .usd,
              creditTerms: CreditTerms(netDays: 60, creditLimit: 5_000_000, earlyPaymentDiscount: EarlyPaymentDiscount(discountBasisPoints: 200, withinDays: 10)),
              departments: [Department(code: "ENG", name: "Engineering", budget: Budget(amount: 1_000_000, period: .quarterly), approvalThreshold: 250_000)],
              approvers: [Approver(id: "apr_1", name: "Dana", email: "dana@example.com", roles: ["cfo"], department: "ENG")],
              customFieldSchema: CustomFieldSchema(fields: [CustomFieldDefinition(key: "cost_center", label: "Cost center", type: .string, required: true, pattern: "CC-[0-9]{3}")]),
              externalReference: "CUST-1", createdAt: createdAt, updatedAt: createdAt)
    }

    /// An open invoice of `buyer` with one line.
    public static func invoice(_ ids: IDGenerator = .system, buyer: Buyer, number: String, total: Int64 = 125_000,
                               costCenter: String = "CC-104", due: CalendarDate = CalendarDate(year: 2027, month: 1, day: 28)!) -> Invoice {
        Invoice(id: ids.make(), buyerID: buyer.id, number: number, currency: .usd, status: .open,
                lines: [InvoiceLine(description: "Consulting", quantity: 1, unitAmount: total, amount: total, taxAmount: 0, glCode: "6100",
                                    customFields: [])],
                taxRateBasisPoints: 0, subtotal: total, taxAmount: 0, total: total, amountPaid: 0,
                issueDate: CalendarDate(year: 2026, month: 11, day: 29)!, dueDate: due, poNumber: "PO-1", memo: nil,
                customFields: [("cost_center", .string(costCenter))], createdAt: 1_764_400_000_000, updatedAt: 1_764_400_000_000, voidedAt: nil)
    }
}
