import RemitCore
import RemitNACHA
import RemitStore

/// A one-entry NACHA file from the tenant's ACH originator, as the debit rail and the refund
/// credit rail both write it: the tenant's next trace sequence (one per ACH file, so every entry
/// of a tenant has its own trace number), today's date and time from the server's clock, and a
/// file id modifier cycling `A`…`Z`, `0`…`9` with the tenant's file count.
struct NACHAOrigination {
    let environment: Environment
    let originator: TenantBankDetails.ACHOriginator

    /// Writes the file of `entry` in a batch of `secCode` described as `description`, for
    /// `tenant`; returns the file's text and the entry's trace number.
    ///
    /// - Throws: ``FileRailRefusal`` when the tenant has used every trace sequence, and
    ///   ``NACHAError`` for a field the writer refuses.
    func file(entry: ACHEntryInput, secCode: ACHStandardEntryClass, description: String, tenant: TenantID,
              in transaction: StoreTransaction) async throws -> (text: String, trace: String) {
        let sequence = Int(try await transaction.railFileCount(rail: ACHFileRail.rail, tenant: tenant)) + 1
        guard sequence <= NACHAFormat.traceSequenceMax else {
            throw FileRailRefusal("trace_sequence_exhausted", "The tenant has used every ACH trace sequence (\(NACHAFormat.traceSequenceMax)).")
        }
        let now = environment.clock.nowMilliseconds
        let today = CalendarDate(utc: environment.clock.now())
        let minutes = Int((now / 60_000) % 1_440)
        let batch = ACHBatchInput(secCode: secCode, companyName: originator.companyName, companyIdentification: originator.companyID,
                                  companyEntryDescription: description, effectiveEntryDate: today,
                                  originatingDFI: originator.odfiRouting.digits, entries: [entry])
        let modifiers = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let input = ACHFileInput(immediateDestination: originator.odfiRouting.digits, immediateDestinationName: "ODFI",
                                 immediateOrigin: originator.immediateOrigin.digits, immediateOriginName: originator.companyName,
                                 creationDate: today, creationTime: ACHFileTime(hour: minutes / 60, minute: minutes % 60),
                                 fileIDModifier: String(modifiers[(sequence - 1) % modifiers.count]),
                                 firstTraceSequence: sequence, batches: [batch])
        let written = try ACHFileWriter().write(input)
        guard let trace = written.entries.first?.traceNumber else { throw StoreError.corrupt("the NACHA writer wrote no entry") }
        return (written.text, trace)
    }
}
