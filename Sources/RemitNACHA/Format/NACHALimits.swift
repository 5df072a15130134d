/// The bounds the writer and the reader enforce. Each has a default; none may be raised past
/// what the NACHA format itself can hold (``NACHAFormat``), which is a bug, and traps.
public struct NACHALimits: Sendable, Equatable {
    /// The largest amount of one entry, in cents. Default and maximum: 9,999,999,999
    /// (the entry detail record's 10-digit amount field, $99,999,999.99).
    public var entryAmountCentsMax: Int64
    /// The most type-05 addenda records one CTX entry may carry. Default and maximum: 9,999
    /// (the CTX entry's 4-digit "number of addenda records" field).
    public var ctxAddendaPerEntryMax: Int
    /// The most entry and addenda records one batch may hold. Default and maximum: 999,999
    /// (the batch control's 6-digit entry/addenda count).
    public var recordsPerBatchMax: Int
    /// The most records (of every type, block fill included) one file may hold, written or
    /// read. Default: 1,000,000 (about 95 MB); the format's own ceiling is 9,999,990
    /// (a 6-digit block count of 10-record blocks).
    public var recordsPerFileMax: Int

    /// Creates limits; each must be positive and within the format's ceiling.
    public init(
        entryAmountCentsMax: Int64 = NACHAFormat.amountCentsMax,
        ctxAddendaPerEntryMax: Int = NACHAFormat.ctxAddendaPerEntryMax,
        recordsPerBatchMax: Int = NACHAFormat.recordsPerBatchMax,
        recordsPerFileMax: Int = 1_000_000
    ) {
        precondition((1...NACHAFormat.amountCentsMax).contains(entryAmountCentsMax), "entryAmountCentsMax out of range")
        precondition((1...NACHAFormat.ctxAddendaPerEntryMax).contains(ctxAddendaPerEntryMax), "ctxAddendaPerEntryMax out of range")
        precondition((1...NACHAFormat.recordsPerBatchMax).contains(recordsPerBatchMax), "recordsPerBatchMax out of range")
        precondition((1...NACHAFormat.recordsPerFileMax).contains(recordsPerFileMax), "recordsPerFileMax out of range")
        self.entryAmountCentsMax = entryAmountCentsMax
        self.ctxAddendaPerEntryMax = ctxAddendaPerEntryMax
        self.recordsPerBatchMax = recordsPerBatchMax
        self.recordsPerFileMax = recordsPerFileMax
    }

    /// The defaults.
    public static let `default` = NACHALimits()
}

/// Widths and ceilings fixed by the NACHA record layouts.
public enum NACHAFormat {
    /// Every record is exactly this many characters.
    public static let recordLength = 94
    /// Records per block; a file is padded with all-9 records to a multiple of it.
    public static let blockingFactor = 10
    /// The 10-digit amount field of an entry: $99,999,999.99.
    public static let amountCentsMax: Int64 = 9_999_999_999
    /// The 12-digit total debit and credit fields of the control records.
    public static let totalCentsMax: Int64 = 999_999_999_999
    /// The CTX entry's 4-digit number of addenda records.
    public static let ctxAddendaPerEntryMax = 9_999
    /// The batch control's 6-digit entry/addenda count.
    public static let recordsPerBatchMax = 999_999
    /// A 6-digit block count of 10-record blocks.
    public static let recordsPerFileMax = 9_999_990
    /// The largest trace sequence number (the trace number's last 7 digits).
    public static let traceSequenceMax = 9_999_999
    /// The DFI account number field.
    public static let accountNumberLengthMax = 17
    /// The receiving company (or individual) name of a CCD entry.
    public static let receiverNameLengthMax = 22
    /// The receiving company name of a CTX entry (4 of the 22 positions hold the addenda count).
    public static let ctxReceiverNameLengthMax = 16
    /// The identification number of an entry.
    public static let identificationNumberLengthMax = 15
    /// The company name of a batch header.
    public static let companyNameLengthMax = 16
    /// The company identification of a batch header (usually `1` and the 9-digit EIN).
    public static let companyIdentificationLength = 10
    /// The company entry description of a batch header, such as `PAYMENT`.
    public static let companyEntryDescriptionLengthMax = 10
    /// The company discretionary data of a batch header.
    public static let companyDiscretionaryDataLengthMax = 20
    /// The company descriptive date of a batch header (free text, such as `NOV 26`).
    public static let companyDescriptiveDateLengthMax = 6
    /// The immediate destination and origin names of the file header.
    public static let immediateNameLengthMax = 23
    /// The reference code of the file header.
    public static let referenceCodeLengthMax = 8
    /// The payment-related information of one type-05 addenda record.
    public static let paymentRelatedInformationLength = 80
    /// The addenda information of a return (type-99) addenda record.
    public static let returnAddendaInformationLengthMax = 44
    /// The discretionary data of an entry.
    public static let entryDiscretionaryDataLengthMax = 2
}
