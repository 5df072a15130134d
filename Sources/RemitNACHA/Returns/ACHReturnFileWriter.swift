import RemitCore

/// What a receiving bank returns: one entry of a file it received, and why.
public struct ACHReturnRequest: Sendable, Equatable {
    /// The trace number of the entry returned.
    public var originalTraceNumber: String
    /// The return reason code, `R` and two digits, such as `R01`.
    public var reasonCode: String
    /// The returning bank's free text, at most 44 characters.
    public var addendaInformation: String
    /// The account holder's date of death, for R14 and R15.
    public var dateOfDeath: CalendarDate?

    /// Creates a request.
    public init(originalTraceNumber: String, reasonCode: String, addendaInformation: String = "", dateOfDeath: CalendarDate? = nil) {
        self.originalTraceNumber = originalTraceNumber
        self.reasonCode = reasonCode
        self.addendaInformation = addendaInformation
        self.dateOfDeath = dateOfDeath
    }
}

/// A return file's header facts and the entries it returns.
public struct ACHReturnFileInput: Sendable, Equatable {
    /// The file whose entries come back, as ``ACHFileReader`` read it.
    public var original: ACHFile
    /// The entries returned, each at most once.
    public var returns: [ACHReturnRequest]
    /// The routing number the return file goes to: usually the original ODFI.
    public var immediateDestination: String
    /// The returning bank's routing number.
    public var immediateOrigin: String
    /// The day the return file is created.
    public var creationDate: CalendarDate
    /// The time of day it is created.
    public var creationTime: ACHFileTime
    /// `A` to `Z` or `0` to `9`.
    public var fileIDModifier: String
    /// The day the returns settle.
    public var effectiveEntryDate: CalendarDate
    /// The sequence of the first return's trace number.
    public var firstTraceSequence: Int

    /// Creates a return file input.
    public init(
        original: ACHFile, returns: [ACHReturnRequest], immediateDestination: String, immediateOrigin: String,
        creationDate: CalendarDate, creationTime: ACHFileTime, fileIDModifier: String,
        effectiveEntryDate: CalendarDate, firstTraceSequence: Int = 1
    ) {
        self.original = original
        self.returns = returns
        self.immediateDestination = immediateDestination
        self.immediateOrigin = immediateOrigin
        self.creationDate = creationDate
        self.creationTime = creationTime
        self.fileIDModifier = fileIDModifier
        self.effectiveEntryDate = effectiveEntryDate
        self.firstTraceSequence = firstTraceSequence
    }
}

/// Writes the return file a receiving bank (RDFI) would send back for some entries of a file:
/// for Remit's tests and its simulated bank, so returns can be exercised without a bank.
///
/// Each returned entry becomes an entry with the return transaction code (22 → 21, 27 → 26),
/// addressed to the original ODFI, with one type-99 addenda naming the original trace number
/// and the reason. Returns are batched by original batch and returning bank.
public struct ACHReturnFileWriter: Sendable {
    /// The bounds enforced.
    public var limits: NACHALimits

    /// Creates a writer.
    public init(limits: NACHALimits = .default) {
        self.limits = limits
    }

    /// Writes the return file.
    ///
    /// - Throws: ``NACHAError``: `.invalidField` for a trace number not in the original file
    ///   or returned twice, `.invalidFormat` for a reason code that is not `R` and two digits.
    public func write(_ input: ACHReturnFileInput) throws(NACHAError) -> String {
        let check = FieldChecker(path: "")
        let destination = try check.routing(input.immediateDestination, "immediate_destination")
        let origin = try check.routing(input.immediateOrigin, "immediate_origin")
        let effective = Fields.yymmdd(try check.date(input.effectiveEntryDate, "effective_entry_date"))
        guard input.fileIDModifier.utf8.count == 1, input.fileIDModifier.utf8.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) }) else {
            throw NACHAError(.invalidFormat, "The file id modifier is one of A to Z or 0 to 9.", field: "file_id_modifier")
        }
        guard !input.returns.isEmpty else { throw NACHAError(.empty, "A return file returns at least one entry.", field: "returns") }
        let groups = try group(input)
        var sequence = input.firstTraceSequence
        var batches: [AssembledBatch] = []
        for (number, group) in groups.enumerated() {
            batches.append(try returnBatch(group, number: number + 1, effective: effective, sequence: &sequence))
        }
        let header = ACHRecords.fileHeader(
            destination: " " + destination.digits, origin: " " + origin.digits, creationDate: Fields.yymmdd(try check.date(input.creationDate, "creation_date")),
            creationTime: Fields.hhmm(input.creationTime), modifier: input.fileIDModifier,
            destinationName: input.original.header.immediateOriginName, originName: "RETURNS", referenceCode: "")
        return try ACHFileAssembler.assemble(header: header, batches: batches, recordsMax: limits.recordsPerFileMax).text
    }

    /// A returned entry with the batch it came from.
    struct Returned {
        var batch: ACHBatchHeader
        var entry: ACHEntry
        var request: ACHReturnRequest
    }

    /// Finds each returned entry and groups them by original batch and returning bank, in the
    /// order the requests first name each group.
    private func group(_ input: ACHReturnFileInput) throws(NACHAError) -> [[Returned]] {
        var located: [String: (batchIndex: Int, batch: ACHBatchHeader, entry: ACHEntry)] = [:]
        for (batchIndex, batch) in input.original.batches.enumerated() {
            for entry in batch.entries { located[entry.traceNumber] = (batchIndex, batch.header, entry) }
        }
        var groups: [[Returned]] = []
        var groupIndex: [String: Int] = [:]
        var seen = Set<String>()
        for (index, request) in input.returns.enumerated() {
            let field = "returns[\(index)]"
            guard let found = located[request.originalTraceNumber], seen.insert(request.originalTraceNumber).inserted else {
                throw NACHAError(.invalidField, "Trace number \(request.originalTraceNumber) is not an entry of the original file, or is returned twice.", field: field + ".original_trace_number")
            }
            guard request.reasonCode.utf8.count == 3, request.reasonCode.hasPrefix("R"),
                  request.reasonCode.utf8.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw NACHAError(.invalidFormat, "A return reason code is R and two digits, such as R01.", field: field + ".reason_code")
            }
            var checked = request
            checked.addendaInformation = try FieldChecker(path: field).text(request.addendaInformation, "addenda_information", max: NACHAFormat.returnAddendaInformationLengthMax)
            let key = "\(found.batchIndex)/\(found.entry.receivingDFI)"
            if groupIndex[key] == nil {
                groupIndex[key] = groups.count
                groups.append([])
            }
            groups[groupIndex[key]!].append(Returned(batch: found.batch, entry: found.entry, request: checked))
        }
        return groups
    }

    /// One return batch: the original batch's company, sent by the returning bank.
    private func returnBatch(_ group: [Returned], number: Int, effective: String, sequence: inout Int) throws(NACHAError) -> AssembledBatch {
        let original = group[0].batch
        let rdfi = group[0].entry.receivingDFI
        let directions = Set(group.map(\.entry.transactionCode.direction))
        let header = BatchHeaderFields(
            serviceClassCode: directions.count == 2 ? 200 : (directions.first == .credit ? 220 : 225),
            companyName: original.companyName, companyDiscretionaryData: original.companyDiscretionaryData,
            companyIdentification: original.companyIdentification, secCode: original.secCode,
            companyEntryDescription: original.companyEntryDescription, companyDescriptiveDate: original.companyDescriptiveDate,
            effectiveEntryDate: effective, originatingDFI: rdfi, batchNumber: number)
        var records: [String] = []
        var totals = ACHTotals()
        let isCTX = original.secCode == ACHStandardEntryClass.ctx.rawValue
        for returned in group {
            guard sequence <= NACHAFormat.traceSequenceMax else {
                throw NACHAError(.traceSequenceOverflow, "Trace sequence numbers ran past \(NACHAFormat.traceSequenceMax).", field: "first_trace_sequence")
            }
            let trace = rdfi + Fields.number(Int64(sequence), 7)
            sequence += 1
            let entry = returned.entry
            let code = entry.transactionCode.returnCode
            records.append(ACHRecords.entryDetail(
                transactionCode: code, receivingDFI: original.originatingDFI,
                checkDigit: RoutingNumber.checkDigit(dfiIdentification: original.originatingDFI)!,
                accountNumber: entry.accountNumber, amountCents: entry.amountCents, identificationNumber: entry.identificationNumber,
                nameArea: isCTX ? ACHRecords.ctxNameArea(addendaCount: 1, name: entry.receiverName) : ACHRecords.ccdNameArea(name: entry.receiverName),
                discretionaryData: entry.discretionaryData, hasAddenda: true, traceNumber: trace))
            records.append(ACHRecords.returnAddenda(
                reasonCode: returned.request.reasonCode, originalTraceNumber: entry.traceNumber,
                dateOfDeath: returned.request.dateOfDeath.map(Fields.yymmdd) ?? "", originalReceivingDFI: entry.receivingDFI,
                information: returned.request.addendaInformation, traceNumber: trace))
            totals.add(transactionCode: code, receivingDFI: original.originatingDFI, amountCents: entry.amountCents, addendaCount: 1)
        }
        return AssembledBatch(header: header, records: records, totals: totals)
    }
}
