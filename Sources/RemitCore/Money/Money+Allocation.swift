extension Money {
    /// The most parts ``split(into:)`` makes.
    public static let splitPartsMax = 10_000
    /// The most weights ``allocated(byWeights:)`` takes.
    public static let allocationWeightsMax = 10_000
    /// Basis points in a whole: 10,000 bp is 100 %.
    public static let basisPointsPerWhole: Int64 = 10_000

    /// Splits the amount into `parts` near-equal amounts that sum exactly to it.
    ///
    /// The parts differ by at most one minor unit, and the larger ones (by size, ignoring the sign)
    /// come first: USD 10.00 in 3 is 3.34, 3.33, 3.33, and USD -10.00 in 3 is -3.34, -3.33, -3.33,
    /// so a credit note splits exactly as the invoice it reverses.
    /// - Throws: ``MoneyError/invalidAllocation(_:)`` unless `parts` is in 1...``splitPartsMax``.
    public func split(into parts: Int) throws(MoneyError) -> [Money] {
        guard (1...Self.splitPartsMax).contains(parts) else {
            throw .invalidAllocation(
                "the number of parts must be from 1 to \(Self.splitPartsMax), not \(parts).")
        }
        let magnitude = minorUnits.magnitude
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: UInt64(parts))
        return (0..<UInt64(parts)).map { index in
            part(magnitude: quotient + (index < remainder ? 1 : 0))
        }
    }

    /// Divides the amount in proportion to integer weights, summing exactly to it.
    ///
    /// Each part is the exact share `amount × weight ÷ total` rounded down in size; the minor units
    /// left over go one each to the parts with the largest discarded fractions (the earlier part
    /// wins a tie). A zero weight always gets zero. Shares are computed in 128 bits, so any amount
    /// and any weights work. Negative amounts divide as their positive mirror image.
    /// - Throws: ``MoneyError/invalidAllocation(_:)`` when there are no weights or more than
    ///   ``allocationWeightsMax``, a weight is negative, all are zero, or they add up past `Int64.max`.
    public func allocated(byWeights weights: [Int64]) throws(MoneyError) -> [Money] {
        let total = try Self.totalWeight(weights)
        let magnitude = minorUnits.magnitude
        var shares: [UInt64] = []
        var remainders: [UInt64] = []
        shares.reserveCapacity(weights.count)
        remainders.reserveCapacity(weights.count)
        for weight in weights {
            // share = magnitude × weight ÷ total ≤ magnitude, so the quotient fits in 64 bits.
            let product = magnitude.multipliedFullWidth(by: UInt64(weight))
            let (share, remainder) = total.dividingFullWidth(product)
            shares.append(share)
            remainders.append(remainder)
        }
        // Each remainder is below total, so fewer units are left than weights with a remainder.
        let leftover = magnitude - shares.reduce(0, +)
        let byRemainder = remainders.indices.sorted {
            (remainders[$0], $1) > (remainders[$1], $0)
        }
        for index in byRemainder.prefix(Int(leftover)) {
            shares[index] += 1
        }
        let parts = shares.map(part(magnitude:))
        precondition(parts.reduce(0) { $0 + $1.minorUnits } == minorUnits, "allocation lost a minor unit")
        return parts
    }

    /// The amount times `bp` basis points (`bp` ÷ 10,000), rounded to a minor unit by `rounding`.
    ///
    /// For tax, fees and discounts: 750 bp of USD 10.00 is USD 0.75. The product is exact in
    /// 128 bits before the single rounding step; negative amounts and negative `bp` round by size,
    /// as ``MoneyRounding`` describes.
    /// - Throws: ``MoneyError/overflow`` when the result does not fit in `Int64` minor units.
    public func applyingBasisPoints(
        _ bp: Int64, rounding: MoneyRounding = .halfEven
    ) throws(MoneyError) -> Money {
        let divisor = UInt64(Self.basisPointsPerWhole)
        let product = minorUnits.magnitude.multipliedFullWidth(by: bp.magnitude)
        // dividingFullWidth traps unless the quotient fits; a high word at or above the divisor
        // means it would not.
        guard product.high < divisor else { throw .overflow }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        let roundsUp = rounding.roundsAwayFromZero(quotient: quotient, remainder: remainder, divisor: divisor)
        let (magnitude, overflow) = quotient.addingReportingOverflow(roundsUp ? 1 : 0)
        guard !overflow else { throw .overflow }
        let negative = (minorUnits < 0) != (bp < 0)
        let units = try Self.minorUnits(magnitude: magnitude, negative: negative)
        return Money(minorUnits: units, currency: currency)
    }

    /// An amount in this currency with this amount's sign and the given size.
    ///
    /// Only called with sizes no larger than this amount's own, so it cannot overflow.
    private func part(magnitude: UInt64) -> Money {
        let negative = minorUnits < 0
        let units = Int64(truncatingIfNeeded: negative ? 0 &- magnitude : magnitude)
        return Money(minorUnits: units, currency: currency)
    }

    /// Checks allocation weights and returns their total.
    private static func totalWeight(_ weights: [Int64]) throws(MoneyError) -> UInt64 {
        guard (1...allocationWeightsMax).contains(weights.count) else {
            throw .invalidAllocation(
                "give from 1 to \(allocationWeightsMax) weights, not \(weights.count).")
        }
        var total: Int64 = 0
        for weight in weights {
            guard weight >= 0 else {
                throw .invalidAllocation("weights must be zero or more, but one is \(weight).")
            }
            let (sum, overflow) = total.addingReportingOverflow(weight)
            guard !overflow else {
                throw .invalidAllocation("the weights add up to more than \(Int64.max); scale them down.")
            }
            total = sum
        }
        guard total > 0 else {
            throw .invalidAllocation("at least one weight must be above zero.")
        }
        return UInt64(total)
    }
}
