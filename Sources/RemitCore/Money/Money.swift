/// An exact amount of money: a signed count of minor units (cents, fils, yen) in one currency.
///
/// Arithmetic never rounds and never wraps: it throws ``MoneyError/overflow`` past the limits of
/// `Int64`, and ``MoneyError/currencyMismatch(_:_:)`` when two currencies meet. Amounts in
/// different currencies are never ordered, so `Money` is not `Comparable`; use ``isLess(than:)``.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount in the currency's minor units: 1250 for USD 12.50, 1250 for JPY 1250.
    public let minorUnits: Int64
    /// The currency the amount is counted in.
    public let currency: Currency

    /// Creates an amount from a count of minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in the given currency.
    public static func zero(_ currency: Currency) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// Whether the amount is zero.
    public var isZero: Bool { minorUnits == 0 }

    /// Whether the amount is below zero.
    public var isNegative: Bool { minorUnits < 0 }

    /// The code and the exact decimal amount, such as `"USD 1250.00"`.
    public var description: String { "\(currency.code) \(decimalString)" }

    /// The sum of this amount and another in the same currency.
    ///
    /// - Throws: ``MoneyError/currencyMismatch(_:_:)`` or ``MoneyError/overflow``.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    /// This amount less another in the same currency.
    ///
    /// - Throws: ``MoneyError/currencyMismatch(_:_:)`` or ``MoneyError/overflow``.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: difference, currency: currency)
    }

    /// This amount times a whole quantity, such as a unit price times the units ordered.
    ///
    /// - Throws: ``MoneyError/overflow``.
    public func multiplied(by quantity: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: quantity)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: product, currency: currency)
    }

    /// The amount with its sign flipped, as for a refund or a credit note.
    ///
    /// - Throws: ``MoneyError/overflow`` for `Int64.min` minor units, whose negation does not fit.
    public var negated: Money {
        get throws(MoneyError) {
            guard minorUnits != .min else { throw .overflow }
            return Money(minorUnits: -minorUnits, currency: currency)
        }
    }

    /// Whether this amount is less than another in the same currency.
    ///
    /// - Throws: ``MoneyError/currencyMismatch(_:_:)``, since amounts in different currencies
    ///   have no order without an exchange rate.
    public func isLess(than other: Money) throws(MoneyError) -> Bool {
        try requireSameCurrency(other)
        return minorUnits < other.minorUnits
    }

    /// Throws unless `other` is in this amount's currency.
    func requireSameCurrency(_ other: Money) throws(MoneyError) {
        guard currency == other.currency else {
            throw .currencyMismatch(currency, other.currency)
        }
    }

    /// Turns a magnitude and a sign back into minor units.
    ///
    /// - Throws: ``MoneyError/overflow`` when the magnitude does not fit that sign.
    static func minorUnits(magnitude: UInt64, negative: Bool) throws(MoneyError) -> Int64 {
        if negative {
            guard magnitude <= Int64.min.magnitude else { throw .overflow }
            // Two's complement: 0 &- 2^63 is 2^63, whose bit pattern is Int64.min.
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw .overflow }
        return Int64(magnitude)
    }
}
