import RemitCore

/// A tax rate: basis points of the net amount, added on top or already inside the amount.
public struct TaxRate: Sendable, Equatable {
    /// The rate in basis points: 1,900 is 19 %. From 0 to ``TaxTable/rateBasisPointsMax``.
    public var rateBasisPoints: Int64
    /// Whether line amounts already include the tax (gross), rather than having it added (net).
    public var inclusive: Bool

    /// Creates a rate.
    public init(rateBasisPoints: Int64, inclusive: Bool) {
        self.rateBasisPoints = rateBasisPoints
        self.inclusive = inclusive
    }
}

/// A tenant's tax rates by jurisdiction: `{"DE": {"rate_bps": 1900, "inclusive": true}}`.
///
/// A jurisdiction is an ISO 3166-1 alpha-2 country code, optionally with a region after a
/// hyphen (`US-CA`). A lookup for a region the table lacks falls back to its country.
public struct TaxTable: Sendable, Equatable {
    /// The highest rate accepted, 100 %.
    public static let rateBasisPointsMax: Int64 = 10_000
    /// The most jurisdictions in one table.
    public static let jurisdictionsMax = 500

    /// The rates, by jurisdiction.
    public var rates: [String: TaxRate]

    /// Creates a table.
    public init(rates: [String: TaxRate]) {
        self.rates = rates
    }

    /// Reads a table strictly.
    ///
    /// - Throws: ``RemitError/validation(_:)`` naming each bad jurisdiction or member.
    public static func parse(_ json: JSONValue) throws(RemitError) -> TaxTable {
        var errors: [FieldError] = []
        guard case let .object(members) = json else {
            throw .validation([FieldError(field: "body", rule: "type", message: "must be an object, not \(json.typeName)")])
        }
        guard members.count <= jurisdictionsMax else {
            throw .validation([FieldError(field: "body", rule: "max_items", message: "must have at most \(jurisdictionsMax) jurisdictions")])
        }
        var rates: [String: TaxRate] = [:]
        for member in members {
            guard isJurisdiction(member.key) else {
                errors.append(FieldError(field: member.key, rule: "format", message: "must be a country code, optionally with a region: DE, US-CA"))
                continue
            }
            guard var reader = JSONObjectReader(member.value, path: member.key, errors: &errors) else { continue }
            let rate = reader.integer("rate_bps", required: true, in: 0...rateBasisPointsMax)
            let inclusive = reader.bool("inclusive", required: true)
            reader.finish()
            errors.append(contentsOf: reader.errors)
            if let rate, let inclusive { rates[member.key] = TaxRate(rateBasisPoints: rate, inclusive: inclusive) }
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return TaxTable(rates: rates)
    }

    /// The rate for `jurisdiction`, or for its country when the region has none, with the
    /// jurisdiction that matched.
    public func rate(for jurisdiction: String) -> (jurisdiction: String, rate: TaxRate)? {
        if let rate = rates[jurisdiction] { return (jurisdiction, rate) }
        let country = String(jurisdiction.prefix(2))
        if jurisdiction.count > 2, let rate = rates[country] { return (country, rate) }
        return nil
    }

    /// Whether `text` is `CC` or `CC-RRR`: two upper-case letters, then 1 to 3 upper-case letters or digits.
    public static func isJurisdiction(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard bytes.count >= 2, isUpper(bytes[0]), isUpper(bytes[1]) else { return false }
        if bytes.count == 2 { return true }
        guard (4...6).contains(bytes.count), bytes[2] == UInt8(ascii: "-") else { return false }
        return bytes[3...].allSatisfy { isUpper($0) || isDigit($0) }
    }
}
