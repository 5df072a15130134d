import RemitCore
import Testing

@testable import RemitNACHA

/// Routing numbers whose check digits are right.
enum Bank {
    /// Remit's bank: the ODFI.
    static let odfi = "091000019"
    /// The ACH operator the file goes to.
    static let operatorPoint = "011000015"
    static let buyer = "021000021"
    static let supplier = "011401533"
    static let other = "122105278"
    /// The largest DFI identification (99999999), for hash overflow tests.
    static let nines = "999999992"
}

/// US dollars from cents.
func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }

/// A calendar day that exists.
func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

/// Characters `start...start+length-1` (1-based, as NACHA numbers positions) of a record.
func field(_ record: String, _ start: Int, _ length: Int) -> String {
    let bytes = Array(record.utf8)
    return String(decoding: bytes[(start - 1)..<(start - 1 + length)], as: UTF8.self)
}

/// `text` padded with blanks (or cut) to `width`, as a test composes known-good records.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
}

/// Inputs that build valid files, each a function so a test can change one field.
enum Fixture {
    static let creationDate = day(2026, 11, 20)
    static let creationTime = ACHFileTime(hour: 15, minute: 30)
    static let effectiveDate = day(2026, 11, 23)
    static let companyID = "1234567890"

    static func ccdEntry(
        _ direction: ACHDirection = .credit, _ accountType: ACHAccountType = .checking, bank: String = Bank.supplier,
        account: String = "987654321", cents: Int64 = 125_000, name: String = "Acme Supply Co", id: String = "PAY-1",
        remittance: ACHRemittance = .paymentRelatedInformation("RMR*IV*INV-1001*PI*1250.00\\")
    ) -> ACHEntryInput {
        ACHEntryInput(direction: direction, accountType: accountType, receivingDFI: bank, accountNumber: account,
                      amount: usd(cents), receiverName: name, identificationNumber: id, remittance: remittance)
    }

    static func invoices(_ pairs: [(String, Int64)], po: String = "") -> [X12RemittanceInvoice] {
        pairs.map { X12RemittanceInvoice(number: $0.0, amountPaid: usd($0.1), purchaseOrder: po) }
    }

    static func advice(_ invoices: [X12RemittanceInvoice], terminator: X12SegmentTerminator = .backslash, reference: String = "PAY-7") -> X12RemittanceAdvice {
        X12RemittanceAdvice(payerName: "Buyer Corp", payeeName: "Acme Supply Co", invoices: invoices,
                            paymentReference: reference, segmentTerminator: terminator)
    }

    static func ctxEntry(
        _ direction: ACHDirection = .credit, invoices: [X12RemittanceInvoice] = invoices([("INV-1001", 100_000), ("INV-1002", 50_000)]),
        bank: String = Bank.supplier, account: String = "55501234", name: String = "Acme Supply Co",
        terminator: X12SegmentTerminator = .backslash
    ) -> ACHEntryInput {
        let total = invoices.reduce(Int64(0)) { $0 + $1.amountPaid.minorUnits }
        return ACHEntryInput(direction: direction, accountType: .checking, receivingDFI: bank, accountNumber: account,
                             amount: usd(total), receiverName: name, identificationNumber: "PAY-7",
                             remittance: .remittanceAdvice(advice(invoices, terminator: terminator)))
    }

    static func batch(_ sec: ACHStandardEntryClass = .ccd, _ entries: [ACHEntryInput]) -> ACHBatchInput {
        ACHBatchInput(secCode: sec, companyName: "Remit Demo", companyIdentification: companyID,
                      companyEntryDescription: "Invoices", effectiveEntryDate: effectiveDate, originatingDFI: Bank.odfi,
                      companyDescriptiveDate: "NOV 23", entries: entries)
    }

    static func file(_ batches: [ACHBatchInput], firstTraceSequence: Int = 1) -> ACHFileInput {
        ACHFileInput(immediateDestination: Bank.operatorPoint, immediateDestinationName: "Federal Reserve Bank",
                     immediateOrigin: companyID, immediateOriginName: "Remit Demo", creationDate: creationDate,
                     creationTime: creationTime, fileIDModifier: "A", referenceCode: "REMIT",
                     firstTraceSequence: firstTraceSequence, batches: batches)
    }

    static func write(_ input: ACHFileInput, limits: NACHALimits = .default) throws(NACHAError) -> ACHWrittenFile {
        try ACHFileWriter(limits: limits).write(input)
    }
}

/// The error a write throws, or nil (recorded as a test failure) when it succeeds.
func writeError(_ input: ACHFileInput, limits: NACHALimits = .default) -> NACHAError? {
    #expect(throws: NACHAError.self) { try Fixture.write(input, limits: limits) }
}

/// The error a read throws, or nil (recorded as a test failure) when it succeeds.
func readError(_ text: String, limits: NACHALimits = .default) -> NACHAError? {
    #expect(throws: NACHAError.self) { try ACHFileReader(limits: limits).read(text) }
}

/// The records of a file with one of them replaced through `change`.
func replacing(_ text: String, record index: Int, _ change: (String) -> String) -> String {
    var records = text.split(separator: "\n").map(String.init)
    records[index] = change(records[index])
    return records.joined(separator: "\n") + "\n"
}

/// A record with positions `start...` overwritten by `value`.
func overwrite(_ record: String, at start: Int, with value: String) -> String {
    var bytes = Array(record.utf8)
    bytes.replaceSubrange((start - 1)..<(start - 1 + value.utf8.count), with: Array(value.utf8))
    return String(decoding: bytes, as: UTF8.self)
}
