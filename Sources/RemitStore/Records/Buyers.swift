import RemitCore

/// Which buyers a list shows.
public struct BuyerFilter: Sendable, Equatable {
    public var country: String?
    public var industry: String?
    public var currency: String?
    public var externalReference: String?

    /// Creates a filter; nil members do not filter.
    public init(country: String? = nil, industry: String? = nil, currency: String? = nil, externalReference: String? = nil) {
        self.country = country
        self.industry = industry
        self.currency = currency
        self.externalReference = externalReference
    }
}

extension StoreTransaction {
    private static let buyerColumns = "seq, id, name, industry, country, currency, external_reference, created_at, updated_at"

    /// Stores a new buyer.
    public func insertBuyer(_ buyer: Buyer, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO buyers (id, tenant_id, name, industry, country, currency, external_reference, document, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), ?, ?)
        """, buyer.id.rawValue, tenant.rawValue, buyer.name, buyer.industry, buyer.country, buyer.currency.code,
            buyer.externalReference, JSONWriter.string(buyer.writableJSON), buyer.createdAt, buyer.updatedAt)
    }

    /// Replaces a buyer's writable fields.
    public func updateBuyer(_ buyer: Buyer, tenant: TenantID) async throws {
        try await connection.execute("""
        UPDATE buyers SET name = ?, industry = ?, country = ?, currency = ?, external_reference = ?,
            document = \(dialect.jsonParameter), updated_at = ?
        WHERE id = ? AND tenant_id = ?
        """, buyer.name, buyer.industry, buyer.country, buyer.currency.code, buyer.externalReference,
            JSONWriter.string(buyer.writableJSON), buyer.updatedAt, buyer.id.rawValue, tenant.rawValue)
    }

    /// The tenant's buyer with `id`; nil when it does not exist or is another tenant's.
    public func buyer(_ id: BuyerID, tenant: TenantID) async throws -> Buyer? {
        let rows = try await connection.query("""
        SELECT \(Self.buyerColumns), \(dialect.jsonColumn("document")) FROM buyers WHERE id = ? AND tenant_id = ?
        """, id.rawValue, tenant.rawValue)
        return try rows.first.map(decodeBuyer)
    }

    /// One page of the tenant's buyers, newest first.
    public func buyers(tenant: TenantID, filter: BuyerFilter, page: PageRequest) async throws -> Page<Buyer> {
        var sql = "SELECT \(Self.buyerColumns), \(dialect.jsonColumn("document")) FROM buyers WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        for (column, value) in [("country", filter.country), ("industry", filter.industry), ("currency", filter.currency),
                                ("external_reference", filter.externalReference)] {
            if let value {
                sql += " AND \(column) = ?"
                binds.append(.text(value))
            }
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeBuyer)
    }

    private func decodeBuyer(_ row: SQLRow) throws -> Buyer {
        let input: BuyerInput
        do {
            input = try BuyerInput.parse(try StoredJSON.parse(try row.text("document"))) {
                preconditionFailure("stored approvers always have ids")
            }
        } catch let error as RemitError {
            throw StoreError.corrupt("stored buyer does not validate: \(error)")
        }
        return Buyer(id: BuyerID(rawValue: try row.text("id")), name: input.name, industry: input.industry, country: input.country,
                     currency: input.currency, creditTerms: input.creditTerms, departments: input.departments,
                     approvers: input.approvers, customFieldSchema: input.customFieldSchema,
                     externalReference: input.externalReference, createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }
}
