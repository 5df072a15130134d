/// The six NACHA record layouts (and the return and NOC addenda), as fixed-width text.
///
/// Every builder takes values already checked and formatted for their width; it traps when a
/// record does not come out at exactly 94 characters, which only a bug can cause.
enum ACHRecords {
    /// The record that fills a block: 94 nines.
    static let filler = String(repeating: "9", count: NACHAFormat.recordLength)

    /// File header, type 1.
    static func fileHeader(
        destination: String, origin: String, creationDate: String, creationTime: String, modifier: String,
        destinationName: String, originName: String, referenceCode: String
    ) -> String {
        record("1", "01", destination, origin, creationDate, creationTime, modifier, "094", "10", "1",
               Fields.alpha(destinationName, 23), Fields.alpha(originName, 23), Fields.alpha(referenceCode, 8))
    }

    /// Batch header, type 5.
    static func batchHeader(_ batch: BatchHeaderFields) -> String {
        record("5", Fields.number(Int64(batch.serviceClassCode), 3), Fields.alpha(batch.companyName, 16),
               Fields.alpha(batch.companyDiscretionaryData, 20), Fields.alpha(batch.companyIdentification, 10),
               Fields.alpha(batch.secCode, 3), Fields.alpha(batch.companyEntryDescription, 10),
               Fields.alpha(batch.companyDescriptiveDate, 6), batch.effectiveEntryDate, "   ", "1",
               Fields.digits(batch.originatingDFI, 8), Fields.number(Int64(batch.batchNumber), 7))
    }

    /// Entry detail, type 6. `nameArea` is positions 55–76: the name (CCD) or the addenda
    /// count, the name and two reserved blanks (CTX; see ``ctxNameArea(addendaCount:name:)``).
    static func entryDetail(
        transactionCode: ACHTransactionCode, receivingDFI: String, checkDigit: Int, accountNumber: String,
        amountCents: Int64, identificationNumber: String, nameArea: String, discretionaryData: String,
        hasAddenda: Bool, traceNumber: String
    ) -> String {
        precondition(nameArea.utf8.count == 22, "the name area is 22 characters")
        return record("6", String(transactionCode.rawValue), Fields.digits(receivingDFI, 8), String(checkDigit),
                      Fields.alpha(accountNumber, 17), Fields.number(amountCents, 10),
                      Fields.alpha(identificationNumber, 15), nameArea, Fields.alpha(discretionaryData, 2),
                      hasAddenda ? "1" : "0", Fields.digits(traceNumber, 15))
    }

    /// Positions 55–76 of a CCD entry: the receiver's name.
    static func ccdNameArea(name: String) -> String { Fields.alpha(name, 22) }

    /// Positions 55–76 of a CTX entry: number of addenda (4), receiving company (16), reserved (2).
    static func ctxNameArea(addendaCount: Int, name: String) -> String {
        Fields.number(Int64(addendaCount), 4) + Fields.alpha(name, 16) + "  "
    }

    /// Addenda type 05: payment-related information.
    static func paymentAddenda(information: String, sequence: Int, entrySequence: String) -> String {
        record("7", "05", Fields.alpha(information, 80), Fields.number(Int64(sequence), 4), Fields.digits(entrySequence, 7))
    }

    /// Addenda type 99: a return.
    static func returnAddenda(
        reasonCode: String, originalTraceNumber: String, dateOfDeath: String, originalReceivingDFI: String,
        information: String, traceNumber: String
    ) -> String {
        record("7", "99", Fields.alpha(reasonCode, 3), Fields.digits(originalTraceNumber, 15), Fields.alpha(dateOfDeath, 6),
               Fields.digits(originalReceivingDFI, 8), Fields.alpha(information, 44), Fields.digits(traceNumber, 15))
    }

    /// Batch control, type 8.
    static func batchControl(_ batch: BatchHeaderFields, totals: ACHTotals) -> String {
        record("8", Fields.number(Int64(batch.serviceClassCode), 3), Fields.number(Int64(totals.entryAddendaCount), 6),
               Fields.number(totals.entryHash, 10), Fields.number(totals.debitCents, 12), Fields.number(totals.creditCents, 12),
               Fields.alpha(batch.companyIdentification, 10), Fields.alpha("", 19), Fields.alpha("", 6),
               Fields.digits(batch.originatingDFI, 8), Fields.number(Int64(batch.batchNumber), 7))
    }

    /// File control, type 9.
    static func fileControl(batchCount: Int, blockCount: Int, totals: ACHTotals) -> String {
        record("9", Fields.number(Int64(batchCount), 6), Fields.number(Int64(blockCount), 6),
               Fields.number(Int64(totals.entryAddendaCount), 8), Fields.number(totals.entryHash, 10),
               Fields.number(totals.debitCents, 12), Fields.number(totals.creditCents, 12), Fields.alpha("", 39))
    }

    private static func record(_ fields: String...) -> String {
        let text = fields.joined()
        precondition(text.utf8.count == NACHAFormat.recordLength, "a record came out \(text.utf8.count) characters long")
        return text
    }
}

/// The fields a batch header and its control share, checked and ready to write.
struct BatchHeaderFields: Sendable, Equatable {
    var serviceClassCode: Int
    var companyName: String
    var companyDiscretionaryData: String
    var companyIdentification: String
    var secCode: String
    var companyEntryDescription: String
    var companyDescriptiveDate: String
    /// `YYMMDD`, or six blanks.
    var effectiveEntryDate: String
    /// The 8-digit DFI identification.
    var originatingDFI: String
    var batchNumber: Int
}

/// The running counts and sums a control record reports.
struct ACHTotals: Sendable, Equatable {
    /// Entry detail and addenda records.
    var entryAddendaCount = 0
    /// The sum of the 8-digit receiving DFI identifications, whole (it is cut to 10 digits by
    /// ``entryHash`` only when written or compared).
    var hashSum: Int64 = 0
    var debitCents: Int64 = 0
    var creditCents: Int64 = 0

    /// The rightmost 10 digits of the hash sum.
    var entryHash: Int64 { hashSum % 10_000_000_000 }

    /// Counts one entry and its addenda.
    mutating func add(transactionCode: ACHTransactionCode, receivingDFI: String, amountCents: Int64, addendaCount: Int) {
        entryAddendaCount += 1 + addendaCount
        hashSum += Int64(receivingDFI)!
        if transactionCode.direction == .credit { creditCents += amountCents } else { debitCents += amountCents }
    }

    /// Adds a batch's totals to a file's.
    mutating func add(_ other: ACHTotals) {
        entryAddendaCount += other.entryAddendaCount
        hashSum += other.hashSum
        debitCents += other.debitCents
        creditCents += other.creditCents
    }
}
