extension ACHFileReader {
    /// Reads a batch from its header at `index` through its control, leaving `index` after it.
    func readBatch(_ records: [ACHRecord], at index: inout Int) throws(NACHAError) -> ACHBatch {
        let headerRecord = records[index]
        let header = try decodeBatchHeader(headerRecord)
        let isCTX = header.secCode == ACHStandardEntryClass.ctx.rawValue
        index += 1
        var entries: [ACHEntry] = []
        var totals = ACHTotals()
        while index < records.count, records[index].type == "6" {
            let entryRecord = records[index]
            var (entry, hasAddenda) = try decodeEntry(entryRecord, isCTX: isCTX)
            index += 1
            while index < records.count, records[index].type == "7" {
                let addenda = try decodeAddenda(records[index])
                // A type-05 record repeats its entry's sequence: the trace number's last 7 digits.
                if case .paymentRelated = addenda, records[index].raw(88, 7) != String(entry.traceNumber.suffix(7)) {
                    throw records[index].error(.invalidField, "The entry detail sequence number differs from the last 7 digits of its entry's trace number.", "entry_detail_sequence_number")
                }
                entry.addenda.append(addenda)
                index += 1
            }
            try checkAddenda(entry, hasAddenda: hasAddenda, isCTX: isCTX, at: entryRecord)
            totals.add(transactionCode: entry.transactionCode, receivingDFI: entry.receivingDFI, amountCents: entry.amountCents, addendaCount: entry.addenda.count)
            entries.append(entry)
        }
        guard index < records.count, records[index].type == "8" else {
            let found = index < records.count ? records[index] : records[records.count - 1]
            throw found.error(.recordOrder, index < records.count
                ? "Expected an entry detail (type 6) or the batch control (type 8), found type \(found.type)."
                : "The file ends inside a batch, without its batch control (type 8).")
        }
        let controlRecord = records[index]
        index += 1
        guard !entries.isEmpty else {
            throw headerRecord.error(.recordOrder, "Batch \(header.batchNumber) has no entry.")
        }
        let control = try decodeBatchControl(controlRecord)
        try checkBatchControl(control, header: header, at: controlRecord)
        try Self.compare(control.totals, with: totals, at: controlRecord, what: "batch")
        return ACHBatch(header: header, entries: entries, control: control.totals)
    }

    /// Checks that the batch control repeats the header's service class, company, bank and number.
    private func checkBatchControl(
        _ control: (totals: ACHControlTotals, serviceClass: Int, companyID: String, odfi: String, batchNumber: Int),
        header: ACHBatchHeader, at record: ACHRecord
    ) throws(NACHAError) {
        let pairs: [(String, String, String)] = [
            ("service_class_code", String(control.serviceClass), String(header.serviceClassCode)),
            ("company_identification", control.companyID, header.companyIdentification),
            ("originating_dfi", control.odfi, header.originatingDFI),
            ("batch_number", String(control.batchNumber), String(header.batchNumber)),
        ]
        for (field, found, expected) in pairs where found != expected {
            throw record.error(.controlMismatch, "The batch control's \(field) '\(found)' differs from its header's '\(expected)'.", field)
        }
    }

    /// Checks an entry's addenda against its indicator, its SEC code and its trace number.
    private func checkAddenda(_ entry: ACHEntry, hasAddenda: Bool, isCTX: Bool, at record: ACHRecord) throws(NACHAError) {
        guard hasAddenda == !entry.addenda.isEmpty else {
            throw record.error(.countMismatch, hasAddenda
                ? "The addenda record indicator is 1 but no addenda record follows."
                : "The addenda record indicator is 0 but \(entry.addenda.count) addenda records follow.", "addenda_record_indicator")
        }
        if let declared = entry.ctxAddendaCount, declared != entry.addenda.count {
            throw record.error(.countMismatch, "The CTX entry declares \(declared) addenda records; \(entry.addenda.count) follow.", "number_of_addenda_records")
        }
        let maximum = isCTX ? limits.ctxAddendaPerEntryMax : 1
        guard entry.addenda.count <= maximum else {
            throw record.error(.tooManyAddenda, "This entry may carry at most \(maximum) addenda records; it has \(entry.addenda.count).", "addenda")
        }
        let isReturnOrChange = entry.transactionCode.kind == .returnOrNotificationOfChange
        for (offset, addenda) in entry.addenda.enumerated() {
            let line = record.line + offset + 1
            switch addenda {
            case let .paymentRelated(_, sequence):
                guard sequence == offset + 1 else {
                    throw NACHAError(.invalidField, "Addenda sequence number \(sequence) should be \(offset + 1).", field: "addenda_sequence_number", line: line)
                }
            case let .returned(value):
                try checkNotice(traceNumber: value.traceNumber, entry: entry, isReturnOrChange: isReturnOrChange, line: line)
            case let .notificationOfChange(value):
                try checkNotice(traceNumber: value.traceNumber, entry: entry, isReturnOrChange: isReturnOrChange, line: line)
            }
        }
        if isReturnOrChange && entry.returnAddenda == nil && entry.changeAddenda == nil {
            throw record.error(.countMismatch, "A return or notification-of-change entry (code \(entry.transactionCode)) carries a type 98 or 99 addenda.", "addenda")
        }
    }

    /// Checks a return or change addenda: it belongs to a return/NOC entry and repeats its trace.
    private func checkNotice(traceNumber: String, entry: ACHEntry, isReturnOrChange: Bool, line: Int) throws(NACHAError) {
        guard isReturnOrChange else {
            throw NACHAError(.invalidField, "A return or change addenda follows an entry with transaction code \(entry.transactionCode), which is not a return.", field: "transaction_code", line: line)
        }
        guard traceNumber == entry.traceNumber else {
            throw NACHAError(.invalidField, "The addenda's trace number differs from its entry's.", field: "trace_number", line: line)
        }
    }
}
