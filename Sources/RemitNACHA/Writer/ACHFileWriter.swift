import RemitCore

/// Writes NACHA files: CCD, CCD+ and CTX entries, with batch and file controls and blocking.
///
/// Pure: the same input gives the same bytes. Every input field is checked first, and the
/// first problem is thrown as a ``NACHAError`` naming the field (`batches[1].entries[0].amount`).
public struct ACHFileWriter: Sendable {
    /// The bounds enforced.
    public var limits: NACHALimits

    /// Creates a writer.
    public init(limits: NACHALimits = .default) {
        self.limits = limits
    }

    /// Checks `input` and writes the file.
    ///
    /// - Throws: ``NACHAError`` for the first field that breaks a rule or a limit.
    public func write(_ input: ACHFileInput) throws(NACHAError) -> ACHWrittenFile {
        let header = try fileHeader(input)
        guard !input.batches.isEmpty else {
            throw NACHAError(.empty, "A file holds at least one batch.", field: "batches")
        }
        guard (1...NACHAFormat.traceSequenceMax).contains(input.firstTraceSequence) else {
            throw NACHAError(.invalidFormat, "The first trace sequence is 1 to \(NACHAFormat.traceSequenceMax).", field: "first_trace_sequence")
        }
        var state = WriteState(nextTraceSequence: input.firstTraceSequence, creationDate: input.creationDate, creationTime: input.creationTime)
        var batches: [AssembledBatch] = []
        var recordCount = 2
        for (index, batch) in input.batches.enumerated() {
            let written = try writeBatch(batch, index: index, state: &state)
            recordCount += written.records.count + 2
            guard recordCount <= limits.recordsPerFileMax else {
                throw NACHAError(.tooManyRecords, "The file would hold more than \(limits.recordsPerFileMax) records.", field: "batches[\(index)]")
            }
            batches.append(written)
        }
        let assembled = try ACHFileAssembler.assemble(header: header, batches: batches, recordsMax: limits.recordsPerFileMax)
        return ACHWrittenFile(
            text: assembled.text, entries: state.entries, batchCount: batches.count, recordCount: assembled.recordCount,
            blockCount: assembled.blockCount, entryAddendaCount: assembled.totals.entryAddendaCount,
            entryHash: assembled.totals.entryHash, totalDebitCents: assembled.totals.debitCents,
            totalCreditCents: assembled.totals.creditCents)
    }

    /// The file header record, from checked fields.
    private func fileHeader(_ input: ACHFileInput) throws(NACHAError) -> String {
        let check = FieldChecker(path: "")
        let destination = try check.routing(input.immediateDestination, "immediate_destination")
        let origin = try immediateOrigin(input.immediateOrigin)
        let destinationName = try check.text(input.immediateDestinationName, "immediate_destination_name", max: NACHAFormat.immediateNameLengthMax)
        let originName = try check.text(input.immediateOriginName, "immediate_origin_name", max: NACHAFormat.immediateNameLengthMax)
        let reference = try check.text(input.referenceCode, "reference_code", max: NACHAFormat.referenceCodeLengthMax)
        let date = try check.date(input.creationDate, "creation_date")
        guard (0...23).contains(input.creationTime.hour), (0...59).contains(input.creationTime.minute) else {
            throw NACHAError(.invalidFormat, "The creation time is 00:00 to 23:59.", field: "creation_time")
        }
        let modifier = input.fileIDModifier
        guard modifier.utf8.count == 1, let byte = modifier.utf8.first,
              (65...90).contains(byte) || (48...57).contains(byte) else {
            throw NACHAError(.invalidFormat, "The file id modifier is one of A to Z or 0 to 9.", field: "file_id_modifier")
        }
        return ACHRecords.fileHeader(
            destination: " " + destination.digits, origin: origin, creationDate: Fields.yymmdd(date),
            creationTime: Fields.hhmm(input.creationTime), modifier: modifier, destinationName: destinationName,
            originName: originName, referenceCode: reference)
    }

    /// The 10-character immediate origin: a routing number after a blank, or 10 digits.
    private func immediateOrigin(_ value: String) throws(NACHAError) -> String {
        let bytes = Array(value.utf8)
        if bytes.count == 10, bytes.allSatisfy({ (48...57).contains($0) }) { return value }
        if bytes.count == 9 {
            return " " + (try FieldChecker(path: "").routing(value, "immediate_origin")).digits
        }
        throw NACHAError(.invalidFormat, "The immediate origin is a 9-digit routing number or a 10-digit identification.", field: "immediate_origin")
    }
}

/// What the writer carries from one batch to the next.
struct WriteState {
    var nextTraceSequence: Int
    var creationDate: CalendarDate
    var creationTime: ACHFileTime
    var entries: [ACHWrittenEntry] = []

    /// Takes the next trace sequence number.
    mutating func takeTraceSequence(field: String) throws(NACHAError) -> Int {
        guard nextTraceSequence <= NACHAFormat.traceSequenceMax else {
            throw NACHAError(.traceSequenceOverflow, "Trace sequence numbers ran past \(NACHAFormat.traceSequenceMax); start lower or split the file.", field: field)
        }
        defer { nextTraceSequence += 1 }
        return nextTraceSequence
    }
}
