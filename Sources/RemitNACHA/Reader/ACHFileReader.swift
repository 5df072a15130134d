/// Reads NACHA files: checks every record's length and order, every count, hash and total,
/// and decodes entries with their addenda, returns (type 99) and notifications of change (98).
///
/// Pure: it reads text and returns values. The first problem is thrown as a ``NACHAError``
/// with the record's line number and the field at fault.
public struct ACHFileReader: Sendable {
    /// The bounds enforced (``NACHALimits/recordsPerFileMax`` and
    /// ``NACHALimits/ctxAddendaPerEntryMax`` apply when reading).
    public var limits: NACHALimits

    /// Creates a reader.
    public init(limits: NACHALimits = .default) {
        self.limits = limits
    }

    /// Reads a whole file. Records end with a line feed (a carriage return before it is allowed).
    ///
    /// - Throws: ``NACHAError`` for the first record that breaks a rule.
    public func read(_ text: String) throws(NACHAError) -> ACHFile {
        let records = try split(text)
        guard let first = records.first else {
            throw NACHAError(.recordOrder, "The file is empty; it starts with a file header (type 1).")
        }
        guard first.type == "1" else {
            throw first.error(.recordOrder, "A file starts with a file header (type 1), not type \(first.type).")
        }
        let header = try decodeFileHeader(first)
        var index = 1
        var batches: [ACHBatch] = []
        while index < records.count, records[index].type == "5" {
            batches.append(try readBatch(records, at: &index))
        }
        guard index < records.count, records[index].type == "9", !records[index].isFiller else {
            let found = index < records.count ? records[index] : records[records.count - 1]
            throw found.error(.recordOrder, index < records.count
                ? "Expected a batch header (type 5) or the file control (type 9), found type \(found.type)."
                : "The file ends without a file control (type 9).")
        }
        let controlRecord = records[index]
        let control = try decodeFileControl(controlRecord)
        for filler in records[(index + 1)...] where !filler.isFiller {
            throw filler.error(.recordOrder, "After the file control only block fill (94 nines) may follow.")
        }
        try checkFileControl(control, batches: batches, recordCount: records.count, at: controlRecord)
        return ACHFile(header: header, batches: batches, control: control)
    }

    /// Splits the text into records, refusing any that is not 94 printable ASCII characters.
    private func split(_ text: String) throws(NACHAError) -> [ACHRecord] {
        let bytes = Array(text.utf8)
        // Each record is 94 characters and a line end of at most 2; refuse a larger text unread.
        guard bytes.count <= limits.recordsPerFileMax * (NACHAFormat.recordLength + 2) else {
            throw NACHAError(.tooManyRecords, "The file holds more than \(limits.recordsPerFileMax) records.")
        }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count <= limits.recordsPerFileMax else {
            throw NACHAError(.tooManyRecords, "The file holds \(lines.count) records; at most \(limits.recordsPerFileMax) are read.")
        }
        var records: [ACHRecord] = []
        records.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            guard content.count == NACHAFormat.recordLength else {
                throw NACHAError(.recordLength, "A record is \(NACHAFormat.recordLength) characters; this one is \(content.count).", line: offset + 1)
            }
            guard content.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                throw NACHAError(.invalidCharacters, "A record holds printable ASCII only.", line: offset + 1)
            }
            records.append(ACHRecord(bytes: Array(content), line: offset + 1))
        }
        return records
    }

    /// Checks the file control against the batches and the blocking.
    private func checkFileControl(_ control: ACHFileControl, batches: [ACHBatch], recordCount: Int, at record: ACHRecord) throws(NACHAError) {
        guard recordCount % NACHAFormat.blockingFactor == 0 else {
            throw record.error(.blockCount, "The file has \(recordCount) records, not a whole number of \(NACHAFormat.blockingFactor)-record blocks.")
        }
        guard control.blockCount == recordCount / NACHAFormat.blockingFactor else {
            throw record.error(.blockCount, "The file control counts \(control.blockCount) blocks; the file has \(recordCount / NACHAFormat.blockingFactor).", "block_count")
        }
        guard control.batchCount == batches.count else {
            throw record.error(.countMismatch, "The file control counts \(control.batchCount) batches; the file has \(batches.count).", "batch_count")
        }
        var totals = ACHTotals()
        for batch in batches {
            totals.entryAddendaCount += batch.control.entryAddendaCount
            totals.hashSum += batch.entries.reduce(0) { $0 + Int64($1.receivingDFI)! }
            totals.debitCents += batch.control.totalDebitCents
            totals.creditCents += batch.control.totalCreditCents
        }
        try Self.compare(control.totals, with: totals, at: record, what: "file")
    }

    /// Compares a control record's counts and sums with those of the records it closes.
    static func compare(_ control: ACHControlTotals, with totals: ACHTotals, at record: ACHRecord, what: String) throws(NACHAError) {
        guard control.entryAddendaCount == totals.entryAddendaCount else {
            throw record.error(.countMismatch, "The \(what) control counts \(control.entryAddendaCount) entry and addenda records; there are \(totals.entryAddendaCount).", "entry_addenda_count")
        }
        guard control.entryHash == totals.entryHash else {
            throw record.error(.hashMismatch, "The \(what) control's entry hash is \(control.entryHash); the receiving DFIs sum to \(totals.entryHash).", "entry_hash")
        }
        guard control.totalDebitCents == totals.debitCents else {
            throw record.error(.totalMismatch, "The \(what) control's total debit is \(control.totalDebitCents) cents; the entries sum to \(totals.debitCents).", "total_debit")
        }
        guard control.totalCreditCents == totals.creditCents else {
            throw record.error(.totalMismatch, "The \(what) control's total credit is \(control.totalCreditCents) cents; the entries sum to \(totals.creditCents).", "total_credit")
        }
    }
}
