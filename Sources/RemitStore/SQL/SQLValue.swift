/// A value bound into or read out of a SQL statement, the same for SQLite and PostgreSQL.
///
/// Remit stores money and instants as 64-bit integers and everything else as text, so these
/// cases are all the store needs; no driver type crosses this boundary.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// Anything that can be bound as a SQL parameter.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable { var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Array: SQLBindable where Element == UInt8 { var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One result row: column names and values.
struct SQLRow: Sendable {
    let columns: [String]
    let values: [SQLValue]

    subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else {
            preconditionFailure("the query did not select column '\(name)'")
        }
        return values[index]
    }

    func int(_ name: String) throws(StoreError) -> Int64 {
        guard case let .integer(value) = self[name] else { throw StoreError.corrupt("column \(name) is not an integer") }
        return value
    }

    func optionalInt(_ name: String) throws(StoreError) -> Int64? {
        if case .null = self[name] { return nil }
        return try int(name)
    }

    func text(_ name: String) throws(StoreError) -> String {
        switch self[name] {
        case let .text(value): return value
        case let .blob(bytes): return String(decoding: bytes, as: UTF8.self)
        default: throw StoreError.corrupt("column \(name) is not text")
        }
    }

    func optionalText(_ name: String) throws(StoreError) -> String? {
        if case .null = self[name] { return nil }
        return try text(name)
    }

    func blob(_ name: String) throws(StoreError) -> [UInt8] {
        switch self[name] {
        case let .blob(bytes): return bytes
        case let .text(value): return Array(value.utf8)
        default: throw StoreError.corrupt("column \(name) is not a blob")
        }
    }
}

/// The few places where SQLite and PostgreSQL spell SQL differently.
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A placeholder for a JSON document bound as text.
    var jsonParameter: String {
        self == .postgres ? "CAST(? AS JSONB)" : "?"
    }

    /// Selects JSON column `column` as text under its own name.
    func jsonColumn(_ column: String) -> String {
        self == .postgres ? "\(column)::text AS \(column)" : column
    }
}
