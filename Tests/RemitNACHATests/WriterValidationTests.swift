import RemitCore
import Testing

@testable import RemitNACHA

/// A change to a valid file input, named for the test's arguments.
struct Mutation: Sendable, CustomTestStringConvertible {
    var name: String
    var change: @Sendable (inout ACHFileInput) -> Void
    var testDescription: String { name }
}

/// Each alphanumeric field at its maximum length and one past it, with the path the error names.
private let fieldLimits: [(field: String, max: Int, path: String, apply: @Sendable (inout ACHFileInput, String) -> Void)] = [
    ("account number", 17, "batches[0].entries[0].account_number", { $0.batches[0].entries[0].accountNumber = $1 }),
    ("receiver name", 22, "batches[0].entries[0].receiver_name", { $0.batches[0].entries[0].receiverName = $1 }),
    ("identification number", 15, "batches[0].entries[0].identification_number", { $0.batches[0].entries[0].identificationNumber = $1 }),
    ("discretionary data", 2, "batches[0].entries[0].discretionary_data", { $0.batches[0].entries[0].discretionaryData = $1 }),
    ("payment-related information", 80, "batches[0].entries[0].remittance", { $0.batches[0].entries[0].remittance = .paymentRelatedInformation($1) }),
    ("company name", 16, "batches[0].company_name", { $0.batches[0].companyName = $1 }),
    ("company entry description", 10, "batches[0].company_entry_description", { $0.batches[0].companyEntryDescription = $1 }),
    ("company discretionary data", 20, "batches[0].company_discretionary_data", { $0.batches[0].companyDiscretionaryData = $1 }),
    ("company descriptive date", 6, "batches[0].company_descriptive_date", { $0.batches[0].companyDescriptiveDate = $1 }),
    ("immediate destination name", 23, "immediate_destination_name", { $0.immediateDestinationName = $1 }),
    ("immediate origin name", 23, "immediate_origin_name", { $0.immediateOriginName = $1 }),
    ("reference code", 8, "reference_code", { $0.referenceCode = $1 }),
]

private func validCCD() -> ACHFileInput { Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry()])]) }

@Suite struct WriterValidationTests {
    @Test(arguments: fieldLimits.map(\.field))
    func everyAlphanumericFieldIsWrittenInFullAtItsMaximumAndRefusedPastIt(name: String) throws {
        let limit = fieldLimits.first { $0.field == name }!
        var atMax = validCCD()
        limit.apply(&atMax, String(repeating: "X", count: limit.max))
        let written = try Fixture.write(atMax)
        #expect(written.text.contains(String(repeating: "X", count: limit.max)))
        #expect(written.records.allSatisfy { $0.utf8.count == 94 })
        var over = validCCD()
        limit.apply(&over, String(repeating: "X", count: limit.max + 1))
        let error = writeError(over)
        #expect(error?.code == .fieldTooLong)
        #expect(error?.field == limit.path)
    }

    @Test func aCTXReceiverNameIsAtMost16Characters() throws {
        var input = Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry(name: String(repeating: "N", count: 16))])])
        let written = try Fixture.write(input)
        #expect(field(written.records[2], 59, 16) == String(repeating: "N", count: 16))
        input.batches[0].entries[0].receiverName = String(repeating: "N", count: 17)
        let error = writeError(input)
        #expect(error?.code == .fieldTooLong && error?.field == "batches[0].entries[0].receiver_name")
    }

    @Test func theLargestTenDigitAmountIsWrittenAndOneCentMoreIsRefused() throws {
        var input = validCCD()
        input.batches[0].entries[0].amount = usd(9_999_999_999)
        #expect(NACHALimits.default.entryAmountCentsMax == 9_999_999_999)
        #expect(field(try Fixture.write(input).records[2], 30, 10) == "9999999999")
        input.batches[0].entries[0].amount = usd(10_000_000_000)
        let error = writeError(input)
        #expect(error?.code == .amountTooLarge && error?.field == "batches[0].entries[0].amount")
    }

    @Test func aLowerAmountLimitIsEnforcedAtItsEdge() throws {
        let limits = NACHALimits(entryAmountCentsMax: 100_000)
        var input = validCCD()
        input.batches[0].entries[0].amount = usd(100_000)
        input.batches[0].entries[0].remittance = .none
        _ = try Fixture.write(input, limits: limits)
        input.batches[0].entries[0].amount = usd(100_001)
        #expect(writeError(input, limits: limits)?.code == .amountTooLarge)
    }

    @Test(arguments: [Int64(0), -5])
    func zeroAndNegativeAmountsAreRefused(cents: Int64) {
        var input = validCCD()
        input.batches[0].entries[0].amount = usd(cents)
        #expect(writeError(input)?.code == .invalidAmount)
    }

    @Test func anAmountInAnotherCurrencyIsRefused() {
        var input = validCCD()
        input.batches[0].entries[0].amount = Money(minorUnits: 100, currency: .eur)
        let error = writeError(input)
        #expect(error?.code == .invalidAmount && error?.message.contains("EUR") == true)
    }

    @Test func aRoutingNumberWithAWrongCheckDigitIsRefusedNamingTheEntry() {
        var input = Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry(), Fixture.ccdEntry(bank: "021000022")])])
        var error = writeError(input)
        #expect(error?.code == .routingCheckDigit)
        #expect(error?.field == "batches[0].entries[1].receiving_dfi")
        #expect(error?.message.contains("should be 1") == true)
        input.batches[0].entries[1].receivingDFI = "02100002"
        error = writeError(input)
        #expect(error?.code == .invalidFormat && error?.field == "batches[0].entries[1].receiving_dfi")
        input = validCCD()
        input.batches[0].originatingDFI = "091000018"
        #expect(writeError(input)?.field == "batches[0].originating_dfi")
        input = validCCD()
        input.immediateDestination = "011000016"
        #expect(writeError(input)?.field == "immediate_destination")
    }

    @Test func routingCheckDigitsUseWeights371() throws {
        #expect(RoutingNumber.checkDigit(dfiIdentification: "09100001") == 9)
        #expect(RoutingNumber.checkDigit(dfiIdentification: "02100002") == 1)
        #expect(RoutingNumber.checkDigit(dfiIdentification: "1234567") == nil)
        #expect(try RoutingNumber("011401533").dfiIdentification == "01140153")
    }

    @Test func alphanumericFieldsAreUpperCasedAndNonASCIIIsRefused() throws {
        var input = validCCD()
        input.batches[0].entries[0].receiverName = "acme supply co"
        #expect(field(try Fixture.write(input).records[2], 55, 22) == pad("ACME SUPPLY CO", 22))
        input.batches[0].entries[0].receiverName = "Café Société"
        let error = writeError(input)
        #expect(error?.code == .invalidCharacters && error?.field == "batches[0].entries[0].receiver_name")
    }

    @Test(arguments: [
        Mutation(name: "empty account number") { $0.batches[0].entries[0].accountNumber = "  " },
        Mutation(name: "empty receiver name") { $0.batches[0].entries[0].receiverName = "" },
        Mutation(name: "empty company name") { $0.batches[0].companyName = "" },
    ])
    func requiredFieldsMayNotBeBlank(mutation: Mutation) {
        var input = validCCD()
        mutation.change(&input)
        #expect(writeError(input)?.code == .fieldRequired)
    }

    @Test(arguments: [
        Mutation(name: "9-character company id") { $0.batches[0].companyIdentification = "123456789" },
        Mutation(name: "creation time 24:00") { $0.creationTime = ACHFileTime(hour: 24, minute: 0) },
        Mutation(name: "lower-case file id modifier") { $0.fileIDModifier = "a" },
        Mutation(name: "two-character file id modifier") { $0.fileIDModifier = "AB" },
        Mutation(name: "8-digit immediate origin") { $0.immediateOrigin = "12345678" },
        Mutation(name: "effective date in 2100") { $0.batches[0].effectiveEntryDate = day(2100, 1, 4) },
        Mutation(name: "first trace sequence 0") { $0.firstTraceSequence = 0 },
    ])
    func malformedValuesAreRefused(mutation: Mutation) {
        var input = validCCD()
        mutation.change(&input)
        #expect(writeError(input)?.code == .invalidFormat)
    }

    @Test func aRoutingNumberAsImmediateOriginIsWrittenAfterABlank() throws {
        var input = validCCD()
        input.immediateOrigin = Bank.odfi
        #expect(field(try Fixture.write(input).records[0], 14, 10) == " 091000019")
    }

    @Test func aFileWithoutBatchesOrABatchWithoutEntriesIsRefused() {
        #expect(writeError(Fixture.file([]))?.code == .empty)
        let error = writeError(Fixture.file([Fixture.batch(.ccd, [])]))
        #expect(error?.code == .empty && error?.field == "batches[0].entries")
    }

    @Test func remittanceMustFitTheSECCode() {
        var error = writeError(Fixture.file([Fixture.batch(.ccd, [Fixture.ctxEntry()])]))
        #expect(error?.code == .remittanceMismatch && error?.field == "batches[0].entries[0].remittance")
        error = writeError(Fixture.file([Fixture.batch(.ctx, [Fixture.ccdEntry()])]))
        #expect(error?.code == .remittanceMismatch)
        error = writeError(Fixture.file([Fixture.batch(.ctx, [Fixture.ccdEntry(remittance: .none)])]))
        #expect(error?.code == .remittanceMismatch)
    }

    @Test func aCCDEntryWithoutRemittanceHasNoAddenda() throws {
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry(remittance: .none)])]))
        #expect(field(written.records[2], 79, 1) == "0")
        #expect(written.records[3].hasPrefix("8"))
        #expect(written.entries[0].addendaCount == 0)
    }

    @Test func theInvoiceRemittanceChecksTheInvoiceNumber() throws {
        #expect(try ACHRemittance.invoice(number: "INV-1", amountPaid: usd(5)) == .paymentRelatedInformation("RMR*IV*INV-1*PI*0.05\\"))
        _ = try ACHRemittance.invoice(number: String(repeating: "9", count: 30), amountPaid: usd(5))
        #expect(throws: NACHAError.self) { try ACHRemittance.invoice(number: String(repeating: "9", count: 31), amountPaid: usd(5)) }
        let error = #expect(throws: NACHAError.self) { try ACHRemittance.invoice(number: "INV*1", amountPaid: usd(5)) }
        #expect(error?.code == .invalidCharacters && error?.field == "invoice_number")
    }
}
