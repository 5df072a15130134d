/// A batch's header fields, its entry and addenda records, and their totals.
struct AssembledBatch: Sendable, Equatable {
    var header: BatchHeaderFields
    var records: [String]
    var totals: ACHTotals
}

/// Puts a file together: header, batches with their controls, the file control, block fill.
enum ACHFileAssembler {
    struct Result {
        var text: String
        var recordCount: Int
        var blockCount: Int
        var totals: ACHTotals
    }

    /// Assembles the file, refusing totals that do not fit their fields.
    static func assemble(header: String, batches: [AssembledBatch], recordsMax: Int) throws(NACHAError) -> Result {
        var records = [header]
        var totals = ACHTotals()
        for batch in batches {
            records.append(ACHRecords.batchHeader(batch.header))
            records += batch.records
            records.append(ACHRecords.batchControl(batch.header, totals: batch.totals))
            totals.add(batch.totals)
        }
        guard totals.debitCents <= NACHAFormat.totalCentsMax, totals.creditCents <= NACHAFormat.totalCentsMax else {
            throw NACHAError(.totalTooLarge, "The file's total would not fit its 12-digit field ($9,999,999,999.99); split the file.", field: "batches")
        }
        let unpadded = records.count + 1
        let blockCount = (unpadded + NACHAFormat.blockingFactor - 1) / NACHAFormat.blockingFactor
        let recordCount = blockCount * NACHAFormat.blockingFactor
        guard recordCount <= recordsMax else {
            throw NACHAError(.tooManyRecords, "The file would hold \(recordCount) records with its block fill; at most \(recordsMax) are allowed.", field: "batches")
        }
        records.append(ACHRecords.fileControl(batchCount: batches.count, blockCount: blockCount, totals: totals))
        records += Array(repeating: ACHRecords.filler, count: recordCount - unpadded)
        // Check the invariant on the way out: every record is 94 characters, blocks are whole.
        precondition(records.count % NACHAFormat.blockingFactor == 0 && records.allSatisfy { $0.utf8.count == NACHAFormat.recordLength })
        return Result(text: records.joined(separator: "\n") + "\n", recordCount: recordCount, blockCount: blockCount, totals: totals)
    }
}
