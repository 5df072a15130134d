/// A request for one page of a list, newest first.
public struct PageRequest: Sendable, Equatable {
    /// The most items a page may hold.
    public static let limitMax = 100
    /// The page size when none is asked for.
    public static let limitDefault = 20

    /// How many items to return, 1...`limitMax`.
    public var limit: Int
    /// Where the previous page ended (exclusive); nil for the first page.
    public var after: Int64?

    /// Creates a page request; the limit is clamped to 1...`limitMax`.
    public init(limit: Int = PageRequest.limitDefault, after: Int64? = nil) {
        self.limit = min(max(limit, 1), PageRequest.limitMax)
        self.after = after
    }
}

/// One page of a list.
public struct Page<Item: Sendable>: Sendable {
    /// The items, newest first.
    public var items: [Item]
    /// The position to pass as `after` for the next page; nil when this is the last page.
    public var next: Int64?

    /// Creates a page.
    public init(items: [Item], next: Int64?) {
        self.items = items
        self.next = next
    }
}

extension StoreTransaction {
    /// Runs a list query that selects `seq` and ends in `ORDER BY seq DESC LIMIT ?`.
    func page<Item>(_ sql: String, _ binds: [SQLValue], _ request: PageRequest,
                    _ decode: (SQLRow) throws -> Item) async throws -> Page<Item> {
        let rows = try await connection.query(sql, binds + [.integer(Int64(request.limit + 1))])
        let items = try rows.prefix(request.limit).map(decode)
        let next = rows.count > request.limit ? try rows[request.limit - 1].int("seq") : nil
        return Page(items: items, next: next)
    }
}
