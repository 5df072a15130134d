import RemitCore

/// Computes tax per line, exactly, for a `tax` step.
///
/// Each line is rounded on its own, half to even, and the totals are the sums of the rounded
/// lines (so the invoice shows lines that add up). With rate r basis points:
///
/// - exclusive (net amounts): `tax = round(net × r / 10,000)`, `gross = net + tax`;
/// - inclusive (gross amounts): `tax = round(gross × r / (10,000 + r))`, `net = gross − tax`.
///
/// Products are taken in 128 bits before the one rounding step, so no amount that fits in
/// `Int64` is rounded twice or wraps; a result that does not fit throws `overflow`.
public enum TaxCalculator {
    /// The most lines one computation takes.
    public static let linesMax = 10_000

    /// The jurisdiction a tax step uses: its own override, else the buyer's country.
    public static func jurisdiction(override: String?, buyerCountry: String) -> String {
        override ?? buyerCountry
    }

    /// Tax on `lineAmounts` (minor units of `currency`) at the table's rate for `jurisdiction`.
    ///
    /// - Throws: ``WorkflowError`` with code `unknownJurisdiction` when the table has no rate
    ///   for it or its country, `invalidTaxInput` for too many lines, `overflow` when a result
    ///   does not fit.
    public static func compute(lineAmounts: [Int64], currency: Currency, table: TaxTable,
                               jurisdiction: String) throws(WorkflowError) -> TaxComputation {
        guard let (matched, rate) = table.rate(for: jurisdiction) else {
            throw WorkflowError(.unknownJurisdiction,
                "the tax table has no rate for '\(jurisdiction.prefix(20))'; add one, or set the tax node's jurisdiction")
        }
        return try compute(lineAmounts: lineAmounts, currency: currency, rate: rate, jurisdiction: matched)
    }

    /// Tax on `lineAmounts` at `rate`.
    public static func compute(lineAmounts: [Int64], currency: Currency, rate: TaxRate,
                               jurisdiction: String) throws(WorkflowError) -> TaxComputation {
        guard lineAmounts.count <= linesMax else {
            throw WorkflowError(.invalidTaxInput, "at most \(linesMax) lines, not \(lineAmounts.count)")
        }
        guard (0...TaxTable.rateBasisPointsMax).contains(rate.rateBasisPoints) else {
            throw WorkflowError(.invalidTaxInput, "a rate is from 0 to \(TaxTable.rateBasisPointsMax) basis points, not \(rate.rateBasisPoints)")
        }
        var lines: [TaxLine] = []
        lines.reserveCapacity(lineAmounts.count)
        for amount in lineAmounts {
            lines.append(try line(amount, rate: rate, currency: currency))
        }
        return TaxComputation(jurisdiction: jurisdiction, rate: rate, currency: currency, lines: lines,
                              totalNet: try sum(lines.map(\.net)), totalTax: try sum(lines.map(\.tax)),
                              totalGross: try sum(lines.map(\.gross)))
    }

    static func line(_ amount: Int64, rate: TaxRate, currency: Currency) throws(WorkflowError) -> TaxLine {
        do throws(MoneyError) {
            let money = Money(minorUnits: amount, currency: currency)
            if rate.inclusive {
                let tax = try inclusiveTax(gross: amount, rateBasisPoints: rate.rateBasisPoints)
                return TaxLine(net: try money.subtracting(Money(minorUnits: tax, currency: currency)).minorUnits, tax: tax, gross: amount)
            }
            let tax = try money.applyingBasisPoints(rate.rateBasisPoints, rounding: .halfEven)
            return TaxLine(net: amount, tax: tax.minorUnits, gross: try money.adding(tax).minorUnits)
        } catch {
            throw WorkflowError(.overflow, "a line's tax does not fit in 64 bits of minor units")
        }
    }

    /// `round(gross × r / (10,000 + r))`, half to even, by magnitude with the sign of `gross`.
    static func inclusiveTax(gross: Int64, rateBasisPoints: Int64) throws(MoneyError) -> Int64 {
        let divisor = UInt64(TaxTable.rateBasisPointsMax + rateBasisPoints)
        let product = gross.magnitude.multipliedFullWidth(by: rateBasisPoints.magnitude)
        // The quotient is below |gross| because r < 10,000 + r, so it always fits.
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        let rest = divisor - remainder
        let roundsUp = remainder > rest || (remainder == rest && quotient % 2 == 1)
        let magnitude = quotient + (roundsUp ? 1 : 0)
        // magnitude ≤ |gross|, so it fits gross's sign.
        return gross < 0 ? 0 - Int64(magnitude) : Int64(magnitude)
    }

    private static func sum(_ values: [Int64]) throws(WorkflowError) -> Int64 {
        var total: Int64 = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { throw WorkflowError(.overflow, "the total does not fit in 64 bits of minor units") }
            total = next
        }
        return total
    }
}

/// One line's amounts, in minor units.
public struct TaxLine: Sendable, Equatable {
    /// The amount before tax.
    public var net: Int64
    /// The tax.
    public var tax: Int64
    /// The amount with tax.
    public var gross: Int64

    /// Creates a line.
    public init(net: Int64, tax: Int64, gross: Int64) {
        self.net = net
        self.tax = tax
        self.gross = gross
    }
}

/// The result of a tax step, as it is recorded on the payment.
public struct TaxComputation: Sendable, Equatable, JSONRepresentable {
    /// The jurisdiction whose rate applied (the country, when a region fell back to it).
    public var jurisdiction: String
    /// The rate that applied.
    public var rate: TaxRate
    /// The currency of every amount.
    public var currency: Currency
    /// Each line, in order.
    public var lines: [TaxLine]
    /// The sum of the lines' net amounts.
    public var totalNet: Int64
    /// The sum of the lines' rounded tax: the tax recorded on the payment.
    public var totalTax: Int64
    /// The sum of the lines' gross amounts.
    public var totalGross: Int64

    /// The computation as a step's output.
    public var jsonValue: JSONValue {
        .object([
            ("jurisdiction", .string(jurisdiction)),
            ("rate_bps", .int(rate.rateBasisPoints)),
            ("inclusive", .bool(rate.inclusive)),
            ("currency", .string(currency.code)),
            ("lines", .array(lines.map { .object([("net", .int($0.net)), ("tax", .int($0.tax)), ("gross", .int($0.gross))]) })),
            ("net", .int(totalNet)),
            ("tax", .int(totalTax)),
            ("gross", .int(totalGross)),
        ])
    }
}
