import Testing

import RemitCore

/// A small seeded generator (SplitMix64), so property tests see the same cases on every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// An amount drawn from edges, small values and the whole Int64 range in turn.
    mutating func amount() -> Int64 {
        switch next() % 4 {
        case 0: return [Int64.min, .min + 1, .max, .max - 1, -1, 0, 1].randomElement(using: &self)!
        case 1: return Int64.random(in: -10_000...10_000, using: &self)
        default: return Int64.random(in: .min ... .max, using: &self)
        }
    }
}

/// How many random cases each property test checks.
private let propertyCasesCount = 3_000

private func usd(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .usd) }

@Suite struct MoneyParsingTests {
    @Test(arguments: [
        ("1250.00", Currency.usd, Int64(125_000)), ("-0.05", .usd, -5), ("0.00", .usd, 0),
        ("1000", .jpy, 1_000), ("-7", .jpy, -7), ("1.234", .kwd, 1_234), ("0.0001", .clf, 1),
        ("92233720368547758.07", .usd, .max), ("-92233720368547758.08", .usd, .min),
        ("9223372036854775807", .jpy, .max), ("-9223372036854775808", .jpy, .min),
        ("-922337203685477.5808", .clf, .min),
    ])
    func aCanonicalAmountParsesExactlyAndPrintsBackUnchanged(
        text: String, currency: Currency, units: Int64
    ) throws {
        let money = try Money(decimal: text, currency: currency)
        #expect(money.minorUnits == units)
        #expect(money.decimalString == text)
    }

    @Test(arguments: [
        ("3.5", Currency.usd, "3.50"), ("-3.5", .usd, "-3.50"), ("5", .usd, "5.00"), ("0.125", .kwd, "0.125"),
        ("1000.00", .jpy, "1000"), ("1.2300", .usd, "1.23"), ("-0", .usd, "0.00"), ("-0.000", .kwd, "0.000"),
        ("007.50", .usd, "7.50"), ("0.5", .clf, "0.5000"),
    ])
    func aLooserAmountParsesToTheSameValueAsItsCanonicalForm(
        text: String, currency: Currency, canonical: String
    ) throws {
        #expect(try Money(decimal: text, currency: currency).decimalString == canonical)
    }

    @Test(arguments: [
        "", "-", "+1", "+-1", "-+1", "--1", "1,000.00", "1e3", "1E3", " 1", "1 ", "NaN", "Infinity",
        "1.", ".5", "-.5", "1..2", "1.2.3", "0x10", "1_000", "12a", "١٢", "１", "1.-5", "-1-",
    ])
    func textThatIsNotAPlainDecimalIsRejected(text: String) {
        #expect(throws: MoneyError.invalidDecimal(text)) { try Money(decimal: text, currency: .usd) }
    }

    @Test func textLongerThanTheLimitIsRejectedAndCutShortInTheError() {
        let text = String(repeating: "1", count: Money.decimalCharactersMax + 1)
        let echoed = String(repeating: "1", count: MoneyError.echoCharactersMax) + "…"
        #expect(throws: MoneyError.invalidDecimal(echoed)) { try Money(decimal: text, currency: .usd) }
    }

    @Test func textAtTheLengthLimitWithTrailingZerosIsAccepted() throws {
        let text = "1." + String(repeating: "0", count: Money.decimalCharactersMax - 2)
        #expect(try Money(decimal: text, currency: .usd) == usd(100))
    }

    @Test(arguments: [
        ("1.234", Currency.usd, 2), ("1000.5", .jpy, 0), ("0.1234", .kwd, 3), ("1.00001", .clf, 4),
        ("-0.001", .usd, 2), ("0.0010", .usd, 2),
    ])
    func moreFractionDigitsThanTheCurrencyHasAreRejected(text: String, currency: Currency, allowed: Int) {
        #expect(throws: MoneyError.tooManyFractionDigits(text, allowed: allowed)) {
            try Money(decimal: text, currency: currency)
        }
    }

    @Test(arguments: [
        ("92233720368547758.08", Currency.usd), ("-92233720368547758.09", .usd), ("9223372036854775808", .jpy),
        ("-9223372036854775809", .jpy), ("99999999999999999999999", .usd), ("922337203685477.5808", .clf),
    ])
    func anAmountBeyondSixtyFourBitsIsRejectedAsOverflow(text: String, currency: Currency) {
        #expect(throws: MoneyError.overflow) { try Money(decimal: text, currency: currency) }
    }

    @Test func fractionDigitErrorsTellTheUserHowToRound() {
        let tooPrecise = MoneyError.tooManyFractionDigits("1.234", allowed: 2)
        #expect(tooPrecise.description.contains("round it to 2 decimal places"))
        #expect(MoneyError.tooManyFractionDigits("1000.5", allowed: 0).description.contains("send a whole number"))
        #expect(MoneyError.invalidDecimal("1,000.00").description.contains("no spaces, '+', thousands separators"))
    }

    @Test func everyAmountInEveryExponentRoundTripsThroughItsDecimalString() throws {
        var random = SplitMix64(seed: 0x5EED_0001)
        let currencies: [Currency] = [.jpy, .usd, .kwd, .clf]
        for _ in 0..<propertyCasesCount {
            let money = Money(minorUnits: random.amount(), currency: currencies.randomElement(using: &random)!)
            #expect(try Money(decimal: money.decimalString, currency: money.currency) == money)
        }
    }

    @Test func anAmountDescribesItselfWithCodeAndDecimal() {
        #expect(usd(-125_050).description == "USD -1250.50")
    }
}

@Suite struct MoneyArithmeticTests {
    @Test func amountsInOneCurrencyAddAndSubtractExactly() throws {
        #expect(try usd(1_050).adding(usd(-2_000)) == usd(-950))
        #expect(try usd(1_050).subtracting(usd(2_000)) == usd(-950))
        #expect(try usd(.max).adding(usd(.min)) == usd(-1))
    }

    @Test func amountsInDifferentCurrenciesCannotBeCombinedOrCompared() {
        let euros = Money(minorUnits: 100, currency: .eur)
        #expect(throws: MoneyError.currencyMismatch(.usd, .eur)) { try usd(100).adding(euros) }
        #expect(throws: MoneyError.currencyMismatch(.usd, .eur)) { try usd(100).subtracting(euros) }
        #expect(throws: MoneyError.currencyMismatch(.usd, .eur)) { try usd(100).isLess(than: euros) }
        #expect(MoneyError.currencyMismatch(.usd, .eur).description.contains("USD with one in EUR"))
    }

    @Test func sameUnitsInDifferentCurrenciesAreDifferentAmounts() {
        #expect(usd(100) != Money(minorUnits: 100, currency: .cad))
    }

    @Test(arguments: [(Int64.max, Int64(1)), (.min, -1), (.max, .max), (.min, .min)])
    func additionPastTheSixtyFourBitEdgeOverflows(left: Int64, right: Int64) {
        #expect(throws: MoneyError.overflow) { try usd(left).adding(usd(right)) }
    }

    @Test(arguments: [(Int64.min, Int64(1)), (.max, -1), (0, .min), (-2, .max)])
    func subtractionPastTheSixtyFourBitEdgeOverflows(left: Int64, right: Int64) {
        #expect(throws: MoneyError.overflow) { try usd(left).subtracting(usd(right)) }
    }

    @Test func multiplyingByAQuantityIsExactUpToTheEdge() throws {
        #expect(try usd(1_999).multiplied(by: 3) == usd(5_997))
        #expect(try usd(1_999).multiplied(by: -2) == usd(-3_998))
        #expect(try usd(.min / 2).multiplied(by: 2) == usd(.min))
        #expect(try usd(.max).multiplied(by: 0) == usd(0))
    }

    @Test(arguments: [(Int64.max, Int64(2)), (.min, -1), (.max / 2 + 1, 2), (.min, 2), (3, .max)])
    func multiplicationPastTheSixtyFourBitEdgeOverflows(units: Int64, quantity: Int64) {
        #expect(throws: MoneyError.overflow) { try usd(units).multiplied(by: quantity) }
    }

    @Test func negatingFlipsTheSignExceptAtTheSmallestAmount() throws {
        #expect(try usd(250).negated == usd(-250))
        #expect(try usd(.max).negated == usd(-.max))
        #expect(try usd(0).negated == usd(0))
        #expect(throws: MoneyError.overflow) { try usd(.min).negated }
    }

    @Test func amountsInOneCurrencyCompareByValue() throws {
        #expect(try usd(-1).isLess(than: usd(0)))
        #expect(try !usd(5).isLess(than: usd(5)))
        #expect(try usd(.min).isLess(than: usd(.max)))
    }

    @Test func zeroAndNegativeAmountsAreRecognised() {
        #expect(Money.zero(.kwd) == Money(minorUnits: 0, currency: .kwd))
        #expect(Money.zero(.kwd).isZero && !Money.zero(.kwd).isNegative)
        #expect(usd(-1).isNegative && !usd(-1).isZero)
        #expect(!usd(1).isNegative)
    }
}

@Suite struct MoneySplitTests {
    @Test func anAmountSplitsIntoNearEqualPartsWithTheLargerFirst() throws {
        #expect(try usd(1_000).split(into: 3) == [usd(334), usd(333), usd(333)])
        #expect(try usd(1).split(into: 3) == [usd(1), usd(0), usd(0)])
        #expect(try usd(0).split(into: 2) == [usd(0), usd(0)])
        #expect(try usd(500).split(into: 1) == [usd(500)])
    }

    @Test func aNegativeAmountSplitsAsTheMirrorImageOfItsPositive() throws {
        #expect(try usd(-1_000).split(into: 3) == [usd(-334), usd(-333), usd(-333)])
    }

    @Test func theLargestAndSmallestAmountsSplitWithoutOverflow() throws {
        #expect(try usd(.min).split(into: 1) == [usd(.min)])
        #expect(try usd(.min).split(into: 2) == [usd(.min / 2), usd(.min / 2)])
        #expect(try usd(.max).split(into: 2) == [usd(.max / 2 + 1), usd(.max / 2)])
    }

    @Test(arguments: [0, -1, Money.splitPartsMax + 1, .max])
    func aPartCountOutsideTheLimitIsRejected(parts: Int) {
        #expect(throws: MoneyError.invalidAllocation(
            "the number of parts must be from 1 to 10000, not \(parts).")) { try usd(100).split(into: parts) }
    }

    @Test func theMostPartsAllowedStillSumExactly() throws {
        let parts = try usd(1_234_567).split(into: Money.splitPartsMax)
        #expect(parts.count == Money.splitPartsMax)
        #expect(parts.reduce(0) { $0 + $1.minorUnits } == 1_234_567)
    }

    @Test func randomSplitsAlwaysSumBackExactlyAndDifferByAtMostOneUnit() throws {
        var random = SplitMix64(seed: 0x5EED_0002)
        for _ in 0..<propertyCasesCount {
            let amount = random.amount()
            let parts = try usd(amount).split(into: Int.random(in: 1...50, using: &random)).map(\.minorUnits)
            #expect(parts.reduce(Int128(0)) { $0 + Int128($1) } == Int128(amount))
            let sizes = parts.map(\.magnitude)
            #expect(sizes.max()! - sizes.min()! <= 1)
            #expect(sizes == sizes.sorted(by: >))
            #expect(parts.allSatisfy { $0 == 0 || ($0 < 0) == (amount < 0) })
        }
    }
}

@Suite struct MoneyAllocationTests {
    @Test func anAmountIsDividedInProportionToItsWeights() throws {
        #expect(try usd(10_000).allocated(byWeights: [50, 30, 20]) == [usd(5_000), usd(3_000), usd(2_000)])
        #expect(try usd(100).allocated(byWeights: [1, 2]) == [usd(33), usd(67)])
        #expect(try usd(-100).allocated(byWeights: [1, 2]) == [usd(-33), usd(-67)])
    }

    @Test func leftoverUnitsGoToTheLargestRemaindersAndTiesToTheEarlierPart() throws {
        #expect(try usd(1).allocated(byWeights: [1, 1, 1]) == [usd(1), usd(0), usd(0)])
        #expect(try usd(5).allocated(byWeights: [1, 3, 3]) == [usd(1), usd(2), usd(2)])
    }

    @Test func equalWeightsAllocateExactlyAsASplitDoes() throws {
        #expect(try usd(1_000).allocated(byWeights: [7, 7, 7]) == usd(1_000).split(into: 3))
    }

    @Test func aZeroWeightAlwaysGetsNothing() throws {
        #expect(try usd(999).allocated(byWeights: [0, 1, 0]) == [usd(0), usd(999), usd(0)])
        #expect(try usd(2).allocated(byWeights: [0, 1, 0, 1, 1]) == [usd(0), usd(1), usd(0), usd(1), usd(0)])
    }

    @Test func hugeAmountsAndWeightsAllocateWithoutOverflow() throws {
        #expect(try usd(.max).allocated(byWeights: [.max - 1, 1]) == [usd(.max - 1), usd(1)])
        #expect(try usd(.min).allocated(byWeights: [1, 1]) == [usd(.min / 2), usd(.min / 2)])
        #expect(try usd(.min).allocated(byWeights: [0, .max]) == [usd(0), usd(.min)])
    }

    @Test(arguments: [
        ([Int64](), "give from 1 to 10000 weights, not 0."),
        ([0, 0], "at least one weight must be above zero."),
        ([3, -1], "weights must be zero or more, but one is -1."),
        ([.max, 1], "the weights add up to more than 9223372036854775807; scale them down."),
        ([Int64](repeating: 1, count: Money.allocationWeightsMax + 1), "give from 1 to 10000 weights, not 10001."),
    ])
    func weightsThatCannotBeHonouredAreRejectedWithTheReason(weights: [Int64], reason: String) {
        #expect(throws: MoneyError.invalidAllocation(reason)) { try usd(100).allocated(byWeights: weights) }
        #expect(MoneyError.invalidAllocation(reason).description == "Cannot divide the amount: \(reason)")
    }

    @Test func randomAllocationsSumBackExactlyAndStayWithinAUnitOfTheExactShare() throws {
        var random = SplitMix64(seed: 0x5EED_0003)
        for _ in 0..<propertyCasesCount {
            let amount = random.amount()
            let count = Int.random(in: 1...12, using: &random)
            let weightMax = [Int64(10), 1_000_000, .max / Int64(count)].randomElement(using: &random)!
            var weights = (0..<count).map { _ in Int64.random(in: 0...weightMax, using: &random) }
            if weights.allSatisfy({ $0 == 0 }) { weights[0] = 1 }
            let parts = try usd(amount).allocated(byWeights: weights).map(\.minorUnits)
            let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
            #expect(parts.reduce(Int128(0)) { $0 + Int128($1) } == Int128(amount))
            for (part, weight) in zip(parts, weights) {
                let error = Int128(part) * total - Int128(amount) * Int128(weight)
                #expect(error.magnitude < total.magnitude)
                #expect(weight != 0 || part == 0)
            }
        }
    }
}

@Suite struct MoneyBasisPointTests {
    @Test func basisPointsTakeAFractionOfTheAmount() throws {
        #expect(try usd(1_000).applyingBasisPoints(750) == usd(75))
        #expect(try usd(1_000).applyingBasisPoints(10_000) == usd(1_000))
        #expect(try usd(1_000).applyingBasisPoints(0) == usd(0))
        #expect(try usd(1_000).applyingBasisPoints(-2_000) == usd(-200))
    }

    /// Each row: minor units, basis points, then the result for halfEven, halfUp, down and up.
    static let roundingCases: [(Int64, Int64, [Int64])] = [
        (1, 5_000, [0, 1, 0, 1]),                // 0.5
        (3, 5_000, [2, 2, 1, 2]),                // 1.5
        (25_000, 1, [2, 3, 2, 3]),               // 2.5
        (14_600, 1, [1, 1, 1, 2]),               // 1.46
        (15_400, 1, [2, 2, 1, 2]),               // 1.54
        (-1, 5_000, [0, -1, 0, -1]),             // -0.5
        (-3, 5_000, [-2, -2, -1, -2]),           // -1.5
        (-25_000, 1, [-2, -3, -2, -3]),          // -2.5
        (25_000, -1, [-2, -3, -2, -3]),          // -2.5 from a negative rate
        (-15_400, 1, [-2, -2, -1, -2]),          // -1.54
        (-25_000, -1, [2, 3, 2, 3]),             // 2.5 from two negatives
        (1_234, 725, [89, 89, 89, 90]),          // 89.465
        (.max, 5_000, [.max / 2 + 1, .max / 2 + 1, .max / 2, .max / 2 + 1]),  // ….5 with an odd quotient
    ]

    @Test(arguments: roundingCases)
    func eachRoundingRuleRoundsTiesAndFractionsAsDocumented(units: Int64, bp: Int64, expected: [Int64]) throws {
        let rules: [MoneyRounding] = [.halfEven, .halfUp, .down, .up]
        let results = try rules.map { rule throws(MoneyError) in
            try usd(units).applyingBasisPoints(bp, rounding: rule).minorUnits
        }
        #expect(results == expected)
    }

    @Test func theDefaultRoundingIsHalfEven() throws {
        #expect(try usd(1).applyingBasisPoints(5_000) == usd(0))
        #expect(try usd(3).applyingBasisPoints(5_000) == usd(2))
    }

    @Test func theExtremeAmountsKeepTheirExactValueAtOneHundredPercent() throws {
        #expect(try usd(.max).applyingBasisPoints(10_000) == usd(.max))
        #expect(try usd(.min).applyingBasisPoints(10_000) == usd(.min))
        #expect(try usd(.min).applyingBasisPoints(1) == usd(-922_337_203_685_478))
    }

    @Test(arguments: [
        (Int64.max, Int64(10_001)), (.max, 15_000), (.min, -10_000), (.max, .max), (.min, .min), (1_000_000, .max),
    ])
    func aResultBeyondSixtyFourBitsOverflowsInsteadOfTrapping(units: Int64, bp: Int64) {
        #expect(throws: MoneyError.overflow) { try usd(units).applyingBasisPoints(bp) }
    }
}
