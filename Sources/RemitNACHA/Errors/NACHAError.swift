/// Why a NACHA file could not be written or read: which rule was broken, and where.
///
/// One error type for the module. Writing errors name the input field at fault
/// (`batches[0].entries[2].account_number`); reading errors name the record's line (1-based)
/// and the field. Messages echo routing numbers, counts and lengths, never account numbers.
public struct NACHAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable, and part of the API.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A required field is empty.
        case fieldRequired = "field_required"
        /// A field is longer than its NACHA (or X12) width.
        case fieldTooLong = "field_too_long"
        /// A field holds a character outside printable ASCII, or an X12 separator.
        case invalidCharacters = "invalid_characters"
        /// A field has the wrong form: a routing number that is not 9 digits, a time out of range.
        case invalidFormat = "invalid_format"
        /// A routing number's ninth digit does not match its 3-7-1 check digit.
        case routingCheckDigit = "routing_check_digit"
        /// An amount is zero or negative, or not in US dollars.
        case invalidAmount = "invalid_amount"
        /// An amount is above ``NACHALimits/entryAmountCentsMax``.
        case amountTooLarge = "amount_too_large"
        /// A batch or file total does not fit its 12-digit field.
        case totalTooLarge = "total_too_large"
        /// The file has no batch, or a batch has no entry.
        case empty = "empty"
        /// An entry's remittance does not fit its batch's SEC code (a CTX entry without an
        /// 820, a CCD entry with one), or an 820's invoices do not add up to the entry amount.
        case remittanceMismatch = "remittance_mismatch"
        /// An entry needs more addenda records than ``NACHALimits/ctxAddendaPerEntryMax``.
        case tooManyAddenda = "too_many_addenda"
        /// A batch or a file has more records than its limit allows.
        case tooManyRecords = "too_many_records"
        /// Trace sequence numbers ran past 9,999,999.
        case traceSequenceOverflow = "trace_sequence_overflow"
        /// A record read is not exactly 94 characters long.
        case recordLength = "record_length"
        /// A record read starts with an unknown record type code, or an addenda type is unknown.
        case unknownRecordType = "unknown_record_type"
        /// A record read is out of order (an entry before a batch header, a second file header).
        case recordOrder = "record_order"
        /// A numeric field read holds something other than digits, or a date that does not exist.
        case invalidField = "invalid_field"
        /// A control record's entry/addenda, batch or addenda count does not match the records.
        case countMismatch = "count_mismatch"
        /// A control record's entry hash does not match the sum of the receiving DFI numbers.
        case hashMismatch = "hash_mismatch"
        /// A control record's total debit or credit amount does not match the entries.
        case totalMismatch = "total_mismatch"
        /// The file is not a whole number of 10-record blocks, or its block count is wrong.
        case blockCount = "block_count"
        /// A header and its control record disagree (service class, batch number, company id).
        case controlMismatch = "control_mismatch"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The field at fault: an input path when writing, a record field name when reading.
    public var field: String?
    /// The 1-based number of the record at fault, when reading.
    public var line: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.line = line
    }

    public var description: String {
        var location: [String] = []
        if let line { location.append("line \(line)") }
        if let field { location.append(field) }
        let prefix = location.isEmpty ? "" : " [" + location.joined(separator: ", ") + "]"
        return "\(code.rawValue)\(prefix): \(message)"
    }
}
