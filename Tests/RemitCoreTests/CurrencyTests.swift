import Foundation
import Testing

import RemitCore

@Suite struct CurrencyTests {
    @Test(arguments: [
        ("JPY", 0), ("USD", 2), ("EUR", 2), ("KWD", 3), ("BHD", 3), ("CLF", 4), ("UYW", 4), ("UYI", 0),
    ])
    func eachCurrencyCountsInItsIsoMinorUnitDigits(code: String, exponent: Int) throws {
        #expect(try Currency(code: code).exponent == exponent)
    }

    @Test(arguments: ["usd", "Usd", "", "US", "USDX", "ABC", "BGN", "HRK", "XAU", "XXX", "XTS", " USD"])
    func codesThatAreNotActiveCurrenciesWithMinorUnitsAreRejected(code: String) {
        #expect(throws: MoneyError.unknownCurrency(code)) { try Currency(code: code) }
    }

    @Test func anUnknownCodeErrorTellsTheUserWhatToSendInstead() {
        let message = MoneyError.unknownCurrency("usd").description
        #expect(message.contains("'usd'"))
        #expect(message.contains("upper-case three-letter code"))
    }

    @Test func aVeryLongUnknownCodeIsCutShortInTheError() {
        let code = String(repeating: "Z", count: 1_000)
        let expected = String(repeating: "Z", count: MoneyError.echoCharactersMax) + "…"
        #expect(throws: MoneyError.unknownCurrency(expected)) { try Currency(code: code) }
    }

    @Test func theTableListsEveryActiveCurrencyWithAMinorUnitOnceInCodeOrder() {
        let codes = Currency.all.map(\.code)
        #expect(codes.count == 165)
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.count == 3 && $0.allSatisfy(\.isUppercase) })
        #expect(Currency.all.allSatisfy { (0...4).contains($0.exponent) })
    }

    @Test func fundsCodesAreAcceptedAlongsideOrdinaryCurrencies() throws {
        for code in ["BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"] {
            #expect(Currency.all.contains(try Currency(code: code)))
        }
    }

    @Test func everyCurrencyInTheTableCanBeLookedUpByItsCode() throws {
        for currency in Currency.all {
            #expect(try Currency(code: currency.code) == currency)
        }
    }

    @Test func theHandyConstantsMatchTheTable() throws {
        let constants: [Currency] = [.usd, .eur, .gbp, .jpy, .chf, .cad, .aud, .sek, .sgd, .inr, .kwd, .bhd, .clf]
        for constant in constants {
            #expect(try Currency(code: constant.code) == constant)
        }
    }

    @Test func aCurrencyPrintsAsItsCode() {
        #expect(Currency.kwd.description == "KWD")
        #expect("\(Currency.usd)" == "USD")
    }

    @Test func aCurrencyEncodesAsItsPlainCodeString() throws {
        let data = try JSONEncoder().encode([Currency.usd, Currency.jpy])
        #expect(String(decoding: data, as: UTF8.self) == #"["USD","JPY"]"#)
    }

    @Test func aCurrencyDecodesFromItsCodeString() throws {
        let decoded = try JSONDecoder().decode([Currency].self, from: Data(#"["KWD","CLF"]"#.utf8))
        #expect(decoded == [.kwd, .clf])
        #expect(decoded.map(\.exponent) == [3, 4])
    }

    @Test func decodingAnUnknownCodeFailsWithTheCurrencyErrorAsItsCause() {
        struct Invoice: Decodable { let currency: Currency }
        do {
            _ = try JSONDecoder().decode(Invoice.self, from: Data(#"{"currency":"usd"}"#.utf8))
            Issue.record("decoding a lower-case code should fail")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.underlyingError as? MoneyError == .unknownCurrency("usd"))
            #expect(context.codingPath.map(\.stringValue) == ["currency"])
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func decodingSomethingOtherThanAStringFails() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Currency].self, from: Data("[840]".utf8))
        }
    }
}
