import RemitCore
import Testing

@testable import RemitNACHA

/// A return file as a receiving bank sends it, composed field by field from the NACHA layouts:
/// two returns of debits (R01, and R15 with a date of death) and a notification of change.
private let bankReturnFile: String = {
    let records = [
        "1" + "01" + " 091000019" + " 021000021" + "261125" + "0900" + "A" + "094" + "10" + "1"
            + pad("REMIT DEMO BANK", 23) + pad("BUYER BANK", 23) + pad("", 8),
        "5" + "225" + pad("REMIT DEMO", 16) + pad("", 20) + "1234567890" + "CCD" + pad("INVOICES", 10) + pad("", 6)
            + "261125" + "   " + "1" + "02100002" + "0000001",
        "6" + "26" + "09100001" + "9" + pad("0012345", 17) + "0000004321" + pad("PAY-2", 15) + pad("BUYER CORP", 22)
            + "  " + "1" + "021000020000001",
        "7" + "99" + "R01" + "091000010000002" + pad("", 6) + "02100002" + pad("", 44) + "021000020000001",
        "6" + "36" + "09100001" + "9" + pad("555", 17) + "0000010000" + pad("PAY-3", 15) + pad("JANE ROE", 22)
            + "  " + "1" + "021000020000002",
        "7" + "99" + "R15" + "091000010000003" + "261101" + "02100002" + pad("ACCOUNT HOLDER DECEASED", 44) + "021000020000002",
        // Entry hash 09100001 × 2; debits 43.21 + 100.00.
        "8" + "225" + "000004" + "0018200002" + "000000014321" + "000000000000" + "1234567890" + pad("", 19) + pad("", 6)
            + "02100002" + "0000001",
        "5" + "220" + pad("REMIT DEMO", 16) + pad("", 20) + "1234567890" + "COR" + pad("INVOICES", 10) + pad("", 6)
            + "261125" + "   " + "1" + "01140153" + "0000002",
        "6" + "21" + "09100001" + "9" + pad("987654321", 17) + "0000000000" + pad("PAY-1", 15) + pad("ACME SUPPLY CO", 22)
            + "  " + "1" + "011401530000001",
        "7" + "98" + "C01" + "091000010000001" + pad("", 6) + "01140153" + pad("987654322", 29) + pad("", 15) + "011401530000001",
        "8" + "220" + "000002" + "0009100001" + "000000000000" + "000000000000" + "1234567890" + pad("", 19) + pad("", 6)
            + "01140153" + "0000002",
        "9" + "000002" + "000002" + "00000006" + "0027300003" + "000000014321" + "000000000000" + pad("", 39),
    ]
    return (records + Array(repeating: String(repeating: "9", count: 94), count: 8)).joined(separator: "\n") + "\n"
}()

@Suite struct ReturnFileTests {
    @Test func aBankReturnFileIsReadIntoReturnsWithReasons() throws {
        let file = try ACHFileReader().read(bankReturnFile)
        #expect(file.returns == [
            ACHReturn(
                originalTraceNumber: "091000010000002", reason: ACHReturnReason(code: "R01"), amount: usd(4_321),
                accountNumber: "0012345", originalDirection: .debit, accountType: .checking, date: day(2026, 11, 25),
                dateOfDeath: nil, originalReceivingDFI: "02100002", addendaInformation: "", traceNumber: "021000020000001",
                companyIdentification: "1234567890", identificationNumber: "PAY-2"),
            ACHReturn(
                originalTraceNumber: "091000010000003", reason: ACHReturnReason(code: "R15"), amount: usd(10_000),
                accountNumber: "555", originalDirection: .debit, accountType: .savings, date: day(2026, 11, 25),
                dateOfDeath: day(2026, 11, 1), originalReceivingDFI: "02100002", addendaInformation: "ACCOUNT HOLDER DECEASED",
                traceNumber: "021000020000002", companyIdentification: "1234567890", identificationNumber: "PAY-3"),
        ])
        #expect(file.returns.map(\.reason.description) == [
            "Insufficient funds", "Beneficiary or account holder (other than a representative payee) deceased",
        ])
    }

    @Test func aNotificationOfChangeIsReadWithItsCorrectedData() throws {
        let notices = try ACHFileReader().read(bankReturnFile).notificationsOfChange
        #expect(notices == [ACHNotificationOfChange(
            originalTraceNumber: "091000010000001", change: ACHChangeCode(code: "C01"), correctedData: "987654322",
            originalReceivingDFI: "01140153", traceNumber: "011401530000001")])
        #expect(notices[0].change.description == "Incorrect DFI account number")
    }

    @Test func commonReturnCodesAreDescribedAndUnknownOnesStillRead() throws {
        #expect(ACHReturnReason(code: "R02").description == "Account closed")
        #expect(ACHReturnReason(code: "R03").description == "No account / unable to locate account")
        #expect(ACHReturnReason(code: "R29").description == "Corporate customer advises not authorized")
        #expect(ACHReturnReason.descriptions.count >= 60)
        let unknown = replacing(bankReturnFile, record: 3) { overwrite($0, at: 4, with: "R98") }
        let reason = try ACHFileReader().read(unknown).returns[0].reason
        #expect(reason.code == "R98" && !reason.isKnown && reason.description == "Unknown return reason")
        let error = readError(replacing(bankReturnFile, record: 3) { overwrite($0, at: 4, with: "X01") })
        #expect(error?.code == .invalidField && error?.field == "return_reason_code" && error?.line == 4)
    }

    @Test func aReturnAddendaMustRepeatItsEntrysTraceAndFollowAReturnCode() {
        var error = readError(replacing(bankReturnFile, record: 3) { overwrite($0, at: 80, with: "021000020000009") })
        #expect(error?.code == .invalidField && error?.field == "trace_number" && error?.line == 4)
        error = readError(replacing(bankReturnFile, record: 2) { overwrite($0, at: 2, with: "27") })
        #expect(error?.code == .invalidField && error?.field == "transaction_code")
    }

    @Test func theReturnFileIsCheckedLikeAnyOther() {
        let error = readError(replacing(bankReturnFile, record: 6) { overwrite($0, at: 21, with: "000000014320") })
        #expect(error?.code == .totalMismatch && error?.line == 7 && error?.field == "total_debit")
    }
}
