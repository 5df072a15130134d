import RemitCore

/// Which invoices a list shows.
public struct InvoiceFilter: Sendable, Equatable {
    public var buyerID: BuyerID?
    public var status: Invoice.Status?
    public var currency: String?
    public var number: String?
    public var poNumber: String?
    /// Due on or after this date.
    public var dueFrom: CalendarDate?
    /// Due on or before this date.
    public var dueTo: CalendarDate?
    /// Custom fields that must have exactly these values (compared as text).
    public var customFields: [String: String]

    /// Creates a filter; nil or empty members do not filter.
    public init(buyerID: BuyerID? = nil, status: Invoice.Status? = nil, currency: String? = nil, number: String? = nil,
                poNumber: String? = nil, dueFrom: CalendarDate? = nil, dueTo: CalendarDate? = nil, customFields: [String: String] = [:]) {
        self.buyerID = buyerID
        self.status = status
        self.currency = currency
        self.number = number
        self.poNumber = poNumber
        self.dueFrom = dueFrom
        self.dueTo = dueTo
        self.customFields = customFields
    }
}

extension StoreTransaction {
    static let invoiceColumns = """
    seq, id, buyer_id, number, currency, status, tax_rate_bps, subtotal, tax_amount, total, amount_paid, issue_date, due_date,
    po_number, memo, created_at, updated_at, voided_at
    """

    /// Stores a new invoice and indexes its custom fields. A duplicate number for the tenant
    /// throws `StoreError.duplicate`.
    public func insertInvoice(_ invoice: Invoice, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO invoices (id, tenant_id, buyer_id, number, currency, status, tax_rate_bps, subtotal, tax_amount, total,
            amount_paid, issue_date, due_date, po_number, memo, lines, custom_fields, created_at, updated_at, voided_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), \(dialect.jsonParameter), ?, ?, ?)
        """, [
            .text(invoice.id.rawValue), .text(tenant.rawValue), .text(invoice.buyerID.rawValue), .text(invoice.number),
            .text(invoice.currency.code), .text(invoice.status.rawValue), .integer(invoice.taxRateBasisPoints),
            .integer(invoice.subtotal), .integer(invoice.taxAmount), .integer(invoice.total), .integer(invoice.amountPaid),
            .text(invoice.issueDate.description), .text(invoice.dueDate.description), invoice.poNumber.sqlValue,
            invoice.memo.sqlValue, .text(JSONWriter.string(.array(invoice.lines.map(\.jsonValue)))),
            .text(JSONWriter.string(.object(invoice.customFields))), .integer(invoice.createdAt), .integer(invoice.updatedAt),
            invoice.voidedAt.sqlValue,
        ])
        try await indexCustomFields(invoice.customFields, entity: "invoice", entityID: invoice.id.rawValue, tenant: tenant)
    }

    /// Whether the tenant already has an invoice numbered `number`.
    public func invoiceNumberExists(_ number: String, tenant: TenantID) async throws -> Bool {
        try await !connection.query("SELECT 1 AS found FROM invoices WHERE tenant_id = ? AND number = ?", tenant.rawValue, number).isEmpty
    }

    /// The tenant's invoice with `id`; nil when it does not exist or is another tenant's.
    public func invoice(_ id: InvoiceID, tenant: TenantID) async throws -> Invoice? {
        let rows = try await connection.query("""
        SELECT \(Self.invoiceColumns), \(dialect.jsonColumn("lines")), \(dialect.jsonColumn("custom_fields"))
        FROM invoices WHERE id = ? AND tenant_id = ?
        """, id.rawValue, tenant.rawValue)
        return try rows.first.map(decodeInvoice)
    }

    /// Changes an invoice's status (and voided time), guarded by its expected current status.
    /// Returns false when the invoice was not in `from`.
    public func updateInvoiceStatus(_ id: InvoiceID, tenant: TenantID, from: Invoice.Status, to: Invoice.Status,
                                    now: Int64) async throws -> Bool {
        try await connection.execute("""
        UPDATE invoices SET status = ?, updated_at = ?, voided_at = CASE WHEN ? = 'void' THEN ? ELSE voided_at END
        WHERE id = ? AND tenant_id = ? AND status = ?
        """, to.rawValue, now, to.rawValue, now, id.rawValue, tenant.rawValue, from.rawValue) == 1
    }

    /// One page of the tenant's invoices, newest first.
    public func invoices(tenant: TenantID, filter: InvoiceFilter, page: PageRequest) async throws -> Page<Invoice> {
        var sql = """
        SELECT \(Self.invoiceColumns), \(dialect.jsonColumn("lines")), \(dialect.jsonColumn("custom_fields"))
        FROM invoices WHERE tenant_id = ?
        """
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        let equalities: [(String, String?)] = [
            ("buyer_id", filter.buyerID?.rawValue), ("status", filter.status?.rawValue), ("currency", filter.currency),
            ("number", filter.number), ("po_number", filter.poNumber),
        ]
        for case let (column, value?) in equalities {
            sql += " AND \(column) = ?"
            binds.append(.text(value))
        }
        if let from = filter.dueFrom {
            sql += " AND due_date >= ?"
            binds.append(.text(from.description))
        }
        if let to = filter.dueTo {
            sql += " AND due_date <= ?"
            binds.append(.text(to.description))
        }
        for (key, value) in filter.customFields.sorted(by: { $0.key < $1.key }) {
            // Served by the custom_field_values primary key: (tenant, entity, key, value) → ids.
            sql += """
             AND id IN (SELECT entity_id FROM custom_field_values
             WHERE tenant_id = ? AND entity = 'invoice' AND field_key = ? AND field_value = ?)
            """
            binds += [.text(tenant.rawValue), .text(key), .text(value)]
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeInvoice)
    }

    /// Writes the index rows of an object's custom fields, one per field, values as text.
    func indexCustomFields(_ fields: [(key: String, value: JSONValue)], entity: String, entityID: String, tenant: TenantID) async throws {
        for (key, value) in fields {
            guard let text = CustomFieldIndex.text(of: value) else { continue }
            try await connection.execute("""
            INSERT INTO custom_field_values (tenant_id, entity, field_key, field_value, entity_id) VALUES (?, ?, ?, ?, ?)
            """, tenant.rawValue, entity, key, text, entityID)
        }
    }

    func decodeInvoice(_ row: SQLRow) throws -> Invoice {
        let currency: Currency
        do { currency = try Currency(code: try row.text("currency")) } catch { throw StoreError.corrupt("invoice currency") }
        guard let status = Invoice.Status(rawValue: try row.text("status")),
              let issue = CalendarDate(iso8601: try row.text("issue_date")),
              let due = CalendarDate(iso8601: try row.text("due_date")),
              case let .array(lineValues) = try StoredJSON.parse(try row.text("lines"))
        else { throw StoreError.corrupt("invoice row") }
        return Invoice(id: InvoiceID(rawValue: try row.text("id")), buyerID: BuyerID(rawValue: try row.text("buyer_id")),
                       number: try row.text("number"), currency: currency, status: status,
                       lines: try lineValues.map(StoredInvoiceLine.decode), taxRateBasisPoints: try row.int("tax_rate_bps"),
                       subtotal: try row.int("subtotal"), taxAmount: try row.int("tax_amount"), total: try row.int("total"),
                       amountPaid: try row.int("amount_paid"), issueDate: issue, dueDate: due,
                       poNumber: try row.optionalText("po_number"), memo: try row.optionalText("memo"),
                       customFields: try StoredJSON.members(try row.text("custom_fields")),
                       createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"), voidedAt: try row.optionalInt("voided_at"))
    }
}

/// How custom-field values are written in the index: the text a filter compares with.
public enum CustomFieldIndex {
    /// The indexed text of a value: strings as they are, numbers as written, booleans as
    /// `true`/`false`; nil for values that are not indexed (null, arrays, objects).
    public static func text(of value: JSONValue) -> String? {
        switch value {
        case let .string(text): return text
        case let .number(text): return text
        case let .bool(flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}

enum StoredInvoiceLine {
    static func decode(_ value: JSONValue) throws -> InvoiceLine {
        guard let description = value["description"]?.stringValue, let quantity = value["quantity"]?.int64Value,
              let unitAmount = value["unit_amount"]?.int64Value, let amount = value["amount"]?.int64Value,
              let tax = value["tax_amount"]?.int64Value, case let .object(fields)? = value["custom_fields"]
        else { throw StoreError.corrupt("invoice line") }
        return InvoiceLine(description: description, quantity: quantity, unitAmount: unitAmount, amount: amount, taxAmount: tax,
                           glCode: value["gl_code"]?.stringValue, customFields: fields)
    }
}
