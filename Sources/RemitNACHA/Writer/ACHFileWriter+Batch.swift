import RemitCore

extension ACHFileWriter {
    /// Checks one batch and writes its header, entries and addenda (the control comes later).
    func writeBatch(_ batch: ACHBatchInput, index: Int, state: inout WriteState) throws(NACHAError) -> AssembledBatch {
        let path = "batches[\(index)]"
        let check = FieldChecker(path: path)
        let odfi = try check.routing(batch.originatingDFI, "originating_dfi")
        var companyID = try check.text(batch.companyIdentification, "company_identification", max: NACHAFormat.companyIdentificationLength, required: true)
        guard companyID.utf8.count == NACHAFormat.companyIdentificationLength else {
            throw NACHAError(.invalidFormat, "The company identification is exactly 10 characters, usually 1 and the 9-digit EIN.", field: check.name("company_identification"))
        }
        if batch.secCode == .ctx {
            companyID = try X12.element(companyID, "company_identification", max: 10, path: path)
        }
        var header = BatchHeaderFields(
            serviceClassCode: 200,
            companyName: try check.text(batch.companyName, "company_name", max: NACHAFormat.companyNameLengthMax, required: true),
            companyDiscretionaryData: try check.text(batch.companyDiscretionaryData, "company_discretionary_data", max: NACHAFormat.companyDiscretionaryDataLengthMax),
            companyIdentification: companyID, secCode: batch.secCode.rawValue,
            companyEntryDescription: try check.text(batch.companyEntryDescription, "company_entry_description", max: NACHAFormat.companyEntryDescriptionLengthMax, required: true),
            companyDescriptiveDate: try check.text(batch.companyDescriptiveDate, "company_descriptive_date", max: NACHAFormat.companyDescriptiveDateLengthMax),
            effectiveEntryDate: Fields.yymmdd(try check.date(batch.effectiveEntryDate, "effective_entry_date")),
            originatingDFI: odfi.dfiIdentification, batchNumber: index + 1)
        guard !batch.entries.isEmpty else {
            throw NACHAError(.empty, "A batch holds at least one entry.", field: check.name("entries"))
        }
        var records: [String] = []
        var totals = ACHTotals()
        let context = BatchContext(index: index, batch: batch, odfi: odfi, companyIdentification: companyID)
        for (entryIndex, entry) in batch.entries.enumerated() {
            let written = try writeEntry(entry, index: entryIndex, context: context, state: &state)
            totals.add(transactionCode: written.code, receivingDFI: written.receivingDFI, amountCents: entry.amount.minorUnits, addendaCount: written.records.count - 1)
            records += written.records
            guard records.count <= limits.recordsPerBatchMax else {
                throw NACHAError(.tooManyRecords, "A batch holds at most \(limits.recordsPerBatchMax) entry and addenda records.", field: "\(path).entries[\(entryIndex)]")
            }
            guard totals.debitCents <= NACHAFormat.totalCentsMax, totals.creditCents <= NACHAFormat.totalCentsMax else {
                throw NACHAError(.totalTooLarge, "The batch's total would not fit its 12-digit field ($9,999,999,999.99); split the batch.", field: "\(path).entries[\(entryIndex)].amount")
            }
        }
        let directions = Set(batch.entries.map(\.direction))
        header.serviceClassCode = directions.count == 2 ? 200 : (directions.first == .credit ? 220 : 225)
        return AssembledBatch(header: header, records: records, totals: totals)
    }

    /// Checks one entry, takes its trace number, and writes its entry detail and addenda.
    private func writeEntry(
        _ entry: ACHEntryInput, index: Int, context: BatchContext, state: inout WriteState
    ) throws(NACHAError) -> (code: ACHTransactionCode, receivingDFI: String, records: [String]) {
        let path = "batches[\(context.index)].entries[\(index)]"
        let check = FieldChecker(path: path)
        let rdfi = try check.routing(entry.receivingDFI, "receiving_dfi")
        var account = try check.text(entry.accountNumber, "account_number", max: NACHAFormat.accountNumberLengthMax, required: true)
        let isCTX = context.batch.secCode == .ctx
        let nameMax = isCTX ? NACHAFormat.ctxReceiverNameLengthMax : NACHAFormat.receiverNameLengthMax
        var name = try check.text(entry.receiverName, "receiver_name", max: nameMax, required: true)
        if isCTX {
            account = try X12.element(account, "account_number", max: NACHAFormat.accountNumberLengthMax, path: path)
            name = try X12.element(name, "receiver_name", max: nameMax, path: path)
        }
        let identification = try check.text(entry.identificationNumber, "identification_number", max: NACHAFormat.identificationNumberLengthMax)
        let discretionary = try check.text(entry.discretionaryData, "discretionary_data", max: NACHAFormat.entryDiscretionaryDataLengthMax)
        try checkAmount(entry.amount, field: check.name("amount"))
        let sequence = try state.takeTraceSequence(field: path)
        let entrySequence = Fields.number(Int64(sequence), 7)
        let trace = context.odfi.dfiIdentification + entrySequence
        let remittance = try remittanceText(entry, isCTX: isCTX, path: path, context: X12PaymentContext(
            amount: entry.amount, direction: entry.direction, originatingDFI: context.odfi,
            companyIdentification: context.companyIdentification, receivingDFI: rdfi, accountType: entry.accountType,
            accountNumber: account, effectiveEntryDate: context.batch.effectiveEntryDate, traceNumber: trace,
            receiverName: name, creationDate: state.creationDate, creationTime: state.creationTime, controlNumber: sequence))
        let addenda = try addendaRecords(remittance, entrySequence: entrySequence, path: path)
        let code = ACHTransactionCode(direction: entry.direction, accountType: entry.accountType)
        let detail = ACHRecords.entryDetail(
            transactionCode: code, receivingDFI: rdfi.dfiIdentification, checkDigit: rdfi.checkDigit,
            accountNumber: account, amountCents: entry.amount.minorUnits, identificationNumber: identification,
            nameArea: isCTX ? ACHRecords.ctxNameArea(addendaCount: addenda.count, name: name) : ACHRecords.ccdNameArea(name: name),
            discretionaryData: discretionary, hasAddenda: !addenda.isEmpty, traceNumber: trace)
        state.entries.append(ACHWrittenEntry(
            batchIndex: context.index, entryIndex: index, traceNumber: trace, identificationNumber: identification,
            amount: entry.amount, direction: entry.direction, addendaCount: addenda.count, remittance: remittance))
        return (code, rdfi.dfiIdentification, [detail] + addenda)
    }

    /// Refuses an amount that is not positive US dollars within the limit.
    private func checkAmount(_ amount: Money, field: String) throws(NACHAError) {
        guard amount.currency == .usd else {
            throw NACHAError(.invalidAmount, "ACH moves US dollars; this amount is in \(amount.currency.code).", field: field)
        }
        guard amount.minorUnits > 0 else {
            throw NACHAError(.invalidAmount, "An entry's amount is above zero.", field: field)
        }
        guard amount.minorUnits <= limits.entryAmountCentsMax else {
            throw NACHAError(.amountTooLarge, "An entry's amount is at most \(limits.entryAmountCentsMax) cents; this one is \(amount.minorUnits).", field: field)
        }
    }

    /// The text the entry's addenda carry, checked against the batch's SEC code.
    private func remittanceText(_ entry: ACHEntryInput, isCTX: Bool, path: String, context: X12PaymentContext) throws(NACHAError) -> String {
        let field = path + ".remittance"
        switch (entry.remittance, isCTX) {
        case (.none, false):
            return ""
        case let (.paymentRelatedInformation(text), false):
            return try FieldChecker(path: path).text(text, "remittance", max: NACHAFormat.paymentRelatedInformationLength, required: true)
        case let (.remittanceAdvice(advice), true):
            return try X12Remittance820(advice, entryAmount: entry.amount, path: field).text(context)
        case (.remittanceAdvice, false):
            throw NACHAError(.remittanceMismatch, "An X12 820 rides only on a CTX entry; put this entry in a CTX batch.", field: field)
        case (.none, true), (.paymentRelatedInformation, true):
            throw NACHAError(.remittanceMismatch, "A CTX entry carries an X12 820 remittance advice.", field: field)
        }
    }

    /// Splits the remittance into type-05 addenda of 80 characters, numbered from 1.
    private func addendaRecords(_ text: String, entrySequence: String, path: String) throws(NACHAError) -> [String] {
        let bytes = Array(text.utf8)
        let width = NACHAFormat.paymentRelatedInformationLength
        let count = (bytes.count + width - 1) / width
        guard count <= limits.ctxAddendaPerEntryMax else {
            throw NACHAError(.tooManyAddenda, "The remittance needs \(count) addenda records; at most \(limits.ctxAddendaPerEntryMax) are allowed.", field: path + ".remittance")
        }
        return (0..<count).map { chunk in
            let slice = bytes[(chunk * width)..<min(bytes.count, (chunk + 1) * width)]
            return ACHRecords.paymentAddenda(information: String(decoding: slice, as: UTF8.self), sequence: chunk + 1, entrySequence: entrySequence)
        }
    }
}

/// The batch facts every entry of it needs.
struct BatchContext {
    var index: Int
    var batch: ACHBatchInput
    var odfi: RoutingNumber
    var companyIdentification: String
}
