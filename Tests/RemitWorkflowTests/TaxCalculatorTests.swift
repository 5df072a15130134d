import RemitCore
import Testing

@testable import RemitWorkflow

private let table = TaxTable(rates: [
    "DE": TaxRate(rateBasisPoints: 1_900, inclusive: true),
    "US-CA": TaxRate(rateBasisPoints: 725, inclusive: false),
    "US": TaxRate(rateBasisPoints: 0, inclusive: false),
    "GB": TaxRate(rateBasisPoints: 2_000, inclusive: false),
])

@Suite struct TaxCalculatorTests {
    @Test func exclusiveTaxIsAddedOnTopOfEachLine() throws {
        let result = try TaxCalculator.compute(lineAmounts: [10_000, 1_999], currency: .usd, table: table, jurisdiction: "US-CA")
        // 10,000 × 7.25 % = 725; 1,999 × 7.25 % = 144.9275 → 145.
        #expect(result.lines == [TaxLine(net: 10_000, tax: 725, gross: 10_725), TaxLine(net: 1_999, tax: 145, gross: 2_144)])
        #expect(result.totalTax == 870)
        #expect(result.totalNet == 11_999)
        #expect(result.totalGross == 12_869)
    }

    @Test func inclusiveTaxIsExtractedFromTheGrossAmount() throws {
        let result = try TaxCalculator.compute(lineAmounts: [11_900, 1_000], currency: .eur, table: table, jurisdiction: "DE")
        // 11,900 × 1,900 / 11,900 = 1,900 exactly; 1,000 × 1,900 / 11,900 = 159.66 → 160.
        #expect(result.lines == [TaxLine(net: 10_000, tax: 1_900, gross: 11_900), TaxLine(net: 840, tax: 160, gross: 1_000)])
        #expect(result.totalGross == 12_900)
        #expect(result.totalTax == 2_060)
    }

    @Test func eachLineIsRoundedHalfToEvenOnItsOwn() throws {
        // 20 % of 2.5 and 7.5 minor units: exact halves round to the even neighbour.
        let rate = TaxRate(rateBasisPoints: 2_000, inclusive: false)
        let result = try TaxCalculator.compute(lineAmounts: [25, 75, 5], currency: .usd, rate: rate, jurisdiction: "GB")
        #expect(result.lines.map(\.tax) == [5, 15, 1])
        let halves = try TaxCalculator.compute(lineAmounts: [5, 15], currency: .usd, rate: TaxRate(rateBasisPoints: 5_000, inclusive: false), jurisdiction: "X")
        #expect(halves.lines.map(\.tax) == [2, 8])  // 2.5 → 2, 7.5 → 8
        // Rounding per line, not on the total: three lines of 0.5 round to 0 each.
        let perLine = try TaxCalculator.compute(lineAmounts: [5, 5, 5], currency: .usd, rate: TaxRate(rateBasisPoints: 1_000, inclusive: false), jurisdiction: "X")
        #expect(perLine.totalTax == 0)
    }

    @Test func inclusiveHalvesAlsoRoundToEven() throws {
        // 100 % inclusive: tax = gross / 2; 3 → 1.5 → 2, 5 → 2.5 → 2.
        let rate = TaxRate(rateBasisPoints: 10_000, inclusive: true)
        let result = try TaxCalculator.compute(lineAmounts: [3, 5], currency: .usd, rate: rate, jurisdiction: "X")
        #expect(result.lines == [TaxLine(net: 1, tax: 2, gross: 3), TaxLine(net: 3, tax: 2, gross: 5)])
    }

    @Test func negativeLinesSuchAsCreditsAreTaxedSymmetrically() throws {
        let result = try TaxCalculator.compute(lineAmounts: [-1_999], currency: .usd, table: table, jurisdiction: "US-CA")
        #expect(result.lines == [TaxLine(net: -1_999, tax: -145, gross: -2_144)])
        let inclusive = try TaxCalculator.compute(lineAmounts: [-1_000], currency: .eur, table: table, jurisdiction: "DE")
        #expect(inclusive.lines == [TaxLine(net: -840, tax: -160, gross: -1_000)])
    }

    @Test func aRegionWithoutItsOwnRateUsesItsCountry() throws {
        let result = try TaxCalculator.compute(lineAmounts: [1_000], currency: .usd, table: table, jurisdiction: "US-NY")
        #expect(result.jurisdiction == "US")
        #expect(result.totalTax == 0)
    }

    @Test func anUnknownJurisdictionIsAClearError() {
        let error = #expect(throws: WorkflowError.self) {
            try TaxCalculator.compute(lineAmounts: [1_000], currency: .usd, table: table, jurisdiction: "FR")
        }
        #expect(error?.code == .unknownJurisdiction)
        #expect(error?.message.contains("'FR'") == true)
    }

    @Test func theJurisdictionIsTheNodesOverrideElseTheBuyersCountry() {
        #expect(TaxCalculator.jurisdiction(override: "US-CA", buyerCountry: "DE") == "US-CA")
        #expect(TaxCalculator.jurisdiction(override: nil, buyerCountry: "DE") == "DE")
    }

    @Test func hugeAmountsAreExactAndOverflowIsAnError() throws {
        let inclusive = try TaxCalculator.compute(lineAmounts: [Int64.max], currency: .usd, rate: TaxRate(rateBasisPoints: 1_900, inclusive: true), jurisdiction: "X")
        // 9223372036854775807 × 1900 / 11900 = 1472639232775132271.705… → …272.
        #expect(inclusive.lines[0].tax == 1_472_639_232_775_132_272)
        #expect(inclusive.lines[0].net + inclusive.lines[0].tax == Int64.max)
        let error = #expect(throws: WorkflowError.self) {
            try TaxCalculator.compute(lineAmounts: [Int64.max], currency: .usd, rate: TaxRate(rateBasisPoints: 1, inclusive: false), jurisdiction: "X")
        }
        #expect(error?.code == .overflow)
        let total = #expect(throws: WorkflowError.self) {
            try TaxCalculator.compute(lineAmounts: [Int64.max, 1], currency: .usd, rate: TaxRate(rateBasisPoints: 0, inclusive: false), jurisdiction: "X")
        }
        #expect(total?.code == .overflow)
    }

    @Test func aRateOutsideZeroToOneHundredPercentIsRefused() {
        let error = #expect(throws: WorkflowError.self) {
            try TaxCalculator.compute(lineAmounts: [1], currency: .usd, rate: TaxRate(rateBasisPoints: 10_001, inclusive: false), jurisdiction: "X")
        }
        #expect(error?.code == .invalidTaxInput)
    }

    @Test func theResultIsRecordedAsJSON() throws {
        let result = try TaxCalculator.compute(lineAmounts: [10_000], currency: .usd, table: table, jurisdiction: "US-CA")
        #expect(JSONWriter.string(result.jsonValue) == #"{"jurisdiction":"US-CA","rate_bps":725,"inclusive":false,"currency":"USD","lines":[{"net":10000,"tax":725,"gross":10725}],"net":10000,"tax":725,"gross":10725}"#)
    }
}

@Suite struct TaxTableTests {
    @Test func aTableIsReadFromJSON() throws {
        let parsed = try TaxTable.parse(json(#"{"DE": {"rate_bps": 1900, "inclusive": true}, "US-CA": {"rate_bps": 725, "inclusive": false}}"#))
        #expect(parsed.rates == ["DE": TaxRate(rateBasisPoints: 1_900, inclusive: true), "US-CA": TaxRate(rateBasisPoints: 725, inclusive: false)])
    }

    @Test func badJurisdictionsRatesAndMembersAreEachReported() {
        let error = #expect(throws: RemitError.self) {
            try TaxTable.parse(json(#"{"germany": {"rate_bps": 1900, "inclusive": true}, "FR": {"rate_bps": 20000, "inclusive": true}, "IT": {"rate_bps": 2200, "inclusive": false, "rate_bsp": 1}, "ES": {"rate_bps": 2100}}"#))
        }
        #expect(error?.fieldErrors.map { "\($0.field):\($0.rule)" } == ["germany:format", "FR.rate_bps:range", "IT.rate_bsp:unknown_field", "ES.inclusive:required"])
    }

    @Test func jurisdictionsAreCountriesWithAnOptionalRegion() {
        for good in ["DE", "US-CA", "GB-ENG", "CA-QC", "IN-29"] { #expect(TaxTable.isJurisdiction(good), "\(good)") }
        for bad in ["", "D", "de", "DEU", "US-", "US-CALI", "US_CA"] { #expect(!TaxTable.isJurisdiction(bad), "\(bad)") }
    }
}
