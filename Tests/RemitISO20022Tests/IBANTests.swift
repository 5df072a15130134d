import Testing
@testable import RemitISO20022

@Suite struct IBANTests {
    @Test(arguments: [
        "DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
        "NL91ABNA0417164300", "BE71096123456769", "CH9300762011623852957",
        "NO9386011117947", // the shortest registered length, 15
        "MT84MALT011000012345MTLCAST001S", "LC55HEMM000100010012001200023015",
    ])
    func validIBANsFromTheRegistryAreAccepted(_ text: String) throws {
        let iban = try IBAN(text)
        #expect(iban.electronicFormat == text)
        #expect(iban.countryCode == String(text.prefix(2)))
    }

    @Test func printedFormWithSpacesAndLowerCaseIsReadAsElectronicForm() throws {
        let iban = try IBAN("de89 3704 0044 0532 0130 00")
        #expect(iban.electronicFormat == "DE89370400440532013000")
        #expect(iban.printFormat == "DE89 3704 0044 0532 0130 00")
    }

    @Test func aMistypedDigitFailsTheChecksum() {
        #expect(throws: ISO20022Error.self) { try IBAN("DE89370400440532013001") }
        #expect(code(of: "DE89370400440532013001") == .ibanChecksum)
        #expect(code(of: "DE98370400440532013000") == .ibanChecksum) // swapped check digits
    }

    @Test func checkDigitsOutside02To98AreRefusedEvenWhenMod97Passes() {
        // 99 ≡ 02 (mod 97): "GB99…" passes mod 97 where "GB02…" would, but ISO 13616 forbids 99.
        let base = "WEST12345698765432"
        let valid = (2...98).first { (try? IBAN("GB\($0 < 10 ? "0" : "")\($0)\(base)")) != nil }
        #expect(valid == 82)
        #expect(code(of: "GB00\(base)") == .ibanChecksum)
        #expect(code(of: "GB01\(base)") == .ibanChecksum)
    }

    @Test func aWrongLengthForTheCountryIsRefused() {
        #expect(code(of: "DE8937040044053201300") == .ibanLength)  // 21, DE needs 22
        #expect(code(of: "DE893704004405320130000") == .ibanLength) // 23
    }

    @Test func aCountryWithoutIBANsIsRefused() {
        #expect(code(of: "US64SVBKUS6S3300958879") == .ibanCountry)
        #expect(code(of: "XX89370400440532013000") == .ibanCountry)
    }

    @Test(arguments: ["", "DE8", "DE89-3704-0044-0532-0130-00", "1289370400440532013000", "DEXX370400440532013000",
                      "DE89370400440532013000ÄÖ", String(repeating: "1", count: 35)])
    func textThatIsNotAnIBANIsAFormatError(_ text: String) {
        #expect(code(of: text) == .ibanFormat)
    }

    @Test func theRegistryListsEightyNineCountriesWithLengthsFrom15To33() {
        #expect(IBANRegistry.lengthByCountry.count == 89)
        #expect(IBANRegistry.lengthByCountry.values.min() == 15)
        #expect(IBANRegistry.lengthByCountry.values.max() == 33)
    }

    @Test func theErrorEchoesAtMost64CharactersOfInput() {
        let long = String(repeating: "A", count: 500)
        do {
            _ = try IBAN(long)
            Issue.record("expected a format error")
        } catch {
            #expect(error.code == .ibanFormat)
            #expect(error.message.count < 300)
        }
    }

    private func code(of text: String) -> ISO20022Error.Code? {
        do {
            _ = try IBAN(text)
            return nil
        } catch {
            return error.code
        }
    }
}

@Suite struct BICTests {
    @Test(arguments: ["DEUTDEFF", "DEUTDEFF500", "COBADEFFXXX", "BNPAFRPP", "NEDSZAJJ", "1234DEFF", "RBKOXKPR"])
    func eightAndElevenCharacterBICsAreAccepted(_ text: String) throws {
        #expect(try BIC(text).code == text)
    }

    @Test func lowerCaseIsUpperCased() throws {
        let bic = try BIC("deutdeff500")
        #expect(bic.code == "DEUTDEFF500")
        #expect(bic.countryCode == "DE")
    }

    @Test(arguments: ["DEUTDEF", "DEUTDEFF5", "DEUTDEFF50", "DEUTDEFF5000", "DEUT1EFF", "DEUTDE-F", "", "DEUT DEFF"])
    func wrongLengthsAndCharactersAreFormatErrors(_ text: String) {
        #expect(code(of: text) == .bicFormat)
    }

    @Test func aCountryCodeThatIsNoCountryIsRefused() {
        #expect(code(of: "DEUTQQFF") == .bicCountry)
    }

    private func code(of text: String) -> ISO20022Error.Code? {
        do {
            _ = try BIC(text)
            return nil
        } catch {
            return error.code
        }
    }
}

@Suite struct RFCreditorReferenceTests {
    @Test func theISO11649ExampleIsValid() throws {
        let reference = try RFCreditorReference("RF18 5390 0754 7034")
        #expect(reference.electronicFormat == "RF18539007547034")
        #expect(reference.printFormat == "RF18 5390 0754 7034")
    }

    @Test func aReferenceMadeFromAnInvoiceNumberValidatesAndMatchesTheStandardsCheckDigits() throws {
        let made = try RFCreditorReference(creditorReference: "INV20260042")
        #expect(made.electronicFormat == "RF73INV20260042") // check digits from python-stdnum's mod_97_10
        #expect(try RFCreditorReference(made.electronicFormat) == made)
        #expect(try RFCreditorReference(creditorReference: "539007547034").electronicFormat == "RF18539007547034")
    }

    @Test func checkDigitsUnder10AreZeroPadded() throws {
        let references = try (1...400).map { n throws(ISO20022Error) in try RFCreditorReference(creditorReference: "X\(n)") }
        // Some of these have check digits 02…09, which must be written with a leading zero.
        #expect(references.contains { $0.electronicFormat.hasPrefix("RF0") })
        for reference in references { #expect(try RFCreditorReference(reference.electronicFormat) == reference) }
    }

    @Test func aMistypedReferenceOrATooLongOneIsRefused() {
        #expect(throws: ISO20022Error.self) { try RFCreditorReference("RF19539007547034") }
        #expect(throws: ISO20022Error.self) { try RFCreditorReference("XX18539007547034") }
        #expect(throws: ISO20022Error.self) { try RFCreditorReference(creditorReference: String(repeating: "1", count: 22)) }
        #expect(throws: ISO20022Error.self) { try RFCreditorReference(creditorReference: "INV-42") }
        #expect((try? RFCreditorReference(creditorReference: String(repeating: "1", count: 21))) != nil)
    }
}
