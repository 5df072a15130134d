import RemitCore

/// A NACHA file as read: every record decoded, every control checked.
public struct ACHFile: Sendable, Equatable {
    /// The file header (type 1).
    public var header: ACHFileHeader
    /// The batches, in file order.
    public var batches: [ACHBatch]
    /// The file control (type 9).
    public var control: ACHFileControl

    /// Every entry of every batch, in file order.
    public var entries: [ACHEntry] { batches.flatMap(\.entries) }
}

/// The file header record (type 1).
public struct ACHFileHeader: Sendable, Equatable {
    /// Positions 4–13, without the leading blank: usually the receiving point's routing number.
    public var immediateDestination: String
    /// Positions 14–23, without the leading blank.
    public var immediateOrigin: String
    /// The day the file was created.
    public var creationDate: CalendarDate
    /// The time of day the file was created, when given (the field is optional).
    public var creationTime: ACHFileTime?
    /// `A` to `Z` or `0` to `9`.
    public var fileIDModifier: String
    /// The destination's name.
    public var immediateDestinationName: String
    /// The origin's name.
    public var immediateOriginName: String
    /// The sender's reference code.
    public var referenceCode: String
}

/// One batch: its header, its entries with their addenda, and its control.
public struct ACHBatch: Sendable, Equatable {
    /// The batch header (type 5).
    public var header: ACHBatchHeader
    /// The entries, each with its addenda.
    public var entries: [ACHEntry]
    /// The batch control's counts and totals (type 8), which matched the entries.
    public var control: ACHControlTotals
}

/// The batch header record (type 5).
public struct ACHBatchHeader: Sendable, Equatable {
    /// 200 (mixed), 220 (credits only) or 225 (debits only).
    public var serviceClassCode: Int
    /// The originator's name.
    public var companyName: String
    /// The originator's free text.
    public var companyDiscretionaryData: String
    /// The originator's 10-character identification.
    public var companyIdentification: String
    /// The Standard Entry Class code, such as `CCD`, `CTX`, `PPD` or `COR`.
    public var secCode: String
    /// What the entries are for.
    public var companyEntryDescription: String
    /// The descriptive date, as free text.
    public var companyDescriptiveDate: String
    /// The requested settlement day; nil when the field is blank.
    public var effectiveEntryDate: CalendarDate?
    /// The settlement day the ACH operator filled in (Julian, 3 digits), or blank.
    public var settlementDate: String
    /// The originator status code, `1` for a bank bound by the NACHA rules.
    public var originatorStatusCode: String
    /// The 8-digit identification of the bank that sent the batch.
    public var originatingDFI: String
    /// The batch's number in the file.
    public var batchNumber: Int
}

/// The counts and sums a batch or file control record carries.
public struct ACHControlTotals: Sendable, Equatable {
    /// Entry detail and addenda records.
    public var entryAddendaCount: Int
    /// The rightmost 10 digits of the sum of the receiving DFI identifications.
    public var entryHash: Int64
    /// The sum of the debits, in cents.
    public var totalDebitCents: Int64
    /// The sum of the credits, in cents.
    public var totalCreditCents: Int64
}

/// The file control record (type 9).
public struct ACHFileControl: Sendable, Equatable {
    /// Batches in the file.
    public var batchCount: Int
    /// 10-record blocks in the file.
    public var blockCount: Int
    /// The file's counts and sums.
    public var totals: ACHControlTotals
}

/// One entry detail record (type 6) and its addenda.
public struct ACHEntry: Sendable, Equatable {
    /// The transaction code.
    public var transactionCode: ACHTransactionCode
    /// The receiving bank's 8-digit identification.
    public var receivingDFI: String
    /// The receiving bank's check digit.
    public var checkDigit: Int
    /// The receiver's account number.
    public var accountNumber: String
    /// The amount, in cents.
    public var amountCents: Int64
    /// The originator's reference for the receiver.
    public var identificationNumber: String
    /// The receiver's name (16 characters at most in a CTX entry, 22 otherwise).
    public var receiverName: String
    /// A CTX entry's "number of addenda records"; nil for other SEC codes.
    public var ctxAddendaCount: Int?
    /// The two discretionary characters.
    public var discretionaryData: String
    /// The 15-digit trace number.
    public var traceNumber: String
    /// The addenda records, in order.
    public var addenda: [ACHAddenda]
    /// The 1-based record number of the entry detail in the file.
    public var line: Int

    /// The amount in US dollars.
    public var amount: Money { Money(minorUnits: amountCents, currency: .usd) }

    /// The receiving bank's full routing number.
    public var receivingRoutingNumber: String { receivingDFI + String(checkDigit) }

    /// The payment-related information of the type-05 addenda, joined in order with the
    /// trailing blanks of the last removed: a CCD+ remittance or a CTX entry's whole X12 820.
    public var paymentRelatedInformation: String {
        addenda.compactMap { addenda -> String? in
            if case let .paymentRelated(information, _) = addenda { return information }
            return nil
        }.joined().trimmingTrailingSpaces()
    }

    /// The return addenda, when the entry is a return.
    public var returnAddenda: ACHReturnAddenda? {
        addenda.lazy.compactMap { if case let .returned(value) = $0 { value } else { nil } }.first
    }

    /// The notification-of-change addenda, when the entry is one.
    public var changeAddenda: ACHChangeAddenda? {
        addenda.lazy.compactMap { if case let .notificationOfChange(value) = $0 { value } else { nil } }.first
    }
}

/// One addenda record (type 7).
public enum ACHAddenda: Sendable, Equatable {
    /// Type 05: 80 characters of payment-related information (blanks kept), and the addenda
    /// sequence number.
    case paymentRelated(information: String, sequence: Int)
    /// Type 99: a return.
    case returned(ACHReturnAddenda)
    /// Type 98: a notification of change.
    case notificationOfChange(ACHChangeAddenda)
}

/// A return addenda record (type 99).
public struct ACHReturnAddenda: Sendable, Equatable {
    /// Why the receiving bank returned the entry.
    public var reason: ACHReturnReason
    /// The trace number of the entry returned (the one the writer gave it).
    public var originalTraceNumber: String
    /// The account holder's date of death (R14, R15), when given.
    public var dateOfDeath: CalendarDate?
    /// The 8-digit identification of the bank the original entry went to.
    public var originalReceivingDFI: String
    /// The returning bank's free text.
    public var information: String
    /// The return entry's own trace number.
    public var traceNumber: String
}

/// A notification-of-change addenda record (type 98).
public struct ACHChangeAddenda: Sendable, Equatable {
    /// What the receiving bank says is wrong.
    public var change: ACHChangeCode
    /// The trace number of the entry the notice is about.
    public var originalTraceNumber: String
    /// The 8-digit identification of the bank the original entry went to.
    public var originalReceivingDFI: String
    /// The corrected value (such as the right account number), up to 29 characters.
    public var correctedData: String
    /// The notice's own trace number.
    public var traceNumber: String
}
