extension ACHFileReader {
    /// Decodes the file header (type 1), refusing a record size, blocking factor or format
    /// code other than 094, 10 and 1.
    func decodeFileHeader(_ record: ACHRecord) throws(NACHAError) -> ACHFileHeader {
        guard record.raw(35, 3) == "094" else {
            throw record.error(.invalidField, "The record size is 094.", "record_size")
        }
        guard record.raw(38, 2) == "10" else {
            throw record.error(.invalidField, "The blocking factor is 10.", "blocking_factor")
        }
        guard record.raw(40, 1) == "1" else {
            throw record.error(.invalidField, "The format code is 1.", "format_code")
        }
        let modifier = record.raw(34, 1)
        guard let byte = modifier.utf8.first, (65...90).contains(byte) || (48...57).contains(byte) else {
            throw record.error(.invalidField, "The file id modifier is A to Z or 0 to 9.", "file_id_modifier")
        }
        var time: ACHFileTime?
        if !record.isBlank(30, 4) {
            let hhmm = try record.number(30, 4, "creation_time")
            guard hhmm / 100 < 24, hhmm % 100 < 60 else {
                throw record.error(.invalidField, "The creation time \(record.raw(30, 4)) is not HHMM.", "creation_time")
            }
            time = ACHFileTime(hour: Int(hhmm / 100), minute: Int(hhmm % 100))
        }
        return ACHFileHeader(
            immediateDestination: record.text(4, 10), immediateOrigin: record.text(14, 10),
            creationDate: try record.date(24, "creation_date"), creationTime: time, fileIDModifier: modifier,
            immediateDestinationName: record.text(41, 23), immediateOriginName: record.text(64, 23),
            referenceCode: record.text(87, 8))
    }

    /// Decodes a batch header (type 5).
    func decodeBatchHeader(_ record: ACHRecord) throws(NACHAError) -> ACHBatchHeader {
        let serviceClass = Int(try record.number(2, 3, "service_class_code"))
        guard [200, 220, 225].contains(serviceClass) else {
            throw record.error(.invalidField, "The service class code is 200, 220 or 225, not \(serviceClass).", "service_class_code")
        }
        return ACHBatchHeader(
            serviceClassCode: serviceClass, companyName: record.text(5, 16), companyDiscretionaryData: record.text(21, 20),
            companyIdentification: record.text(41, 10), secCode: record.text(51, 3), companyEntryDescription: record.text(54, 10),
            companyDescriptiveDate: record.text(64, 6), effectiveEntryDate: try record.optionalDate(70, "effective_entry_date"),
            settlementDate: record.text(76, 3), originatorStatusCode: record.raw(79, 1),
            originatingDFI: try record.digits(80, 8, "originating_dfi"), batchNumber: Int(try record.number(88, 7, "batch_number")))
    }

    /// Decodes an entry detail (type 6) without its addenda; `isCTX` picks the CTX layout of
    /// positions 55–76.
    func decodeEntry(_ record: ACHRecord, isCTX: Bool) throws(NACHAError) -> (entry: ACHEntry, hasAddenda: Bool) {
        let rawCode = Int(try record.number(2, 2, "transaction_code"))
        guard let code = ACHTransactionCode(rawValue: rawCode) else {
            throw record.error(.invalidField, "Transaction code \(rawCode) is not a checking or savings code this reader knows.", "transaction_code")
        }
        let indicator = record.raw(79, 1)
        guard indicator == "0" || indicator == "1" else {
            throw record.error(.invalidField, "The addenda record indicator is 0 or 1.", "addenda_record_indicator")
        }
        let entry = ACHEntry(
            transactionCode: code, receivingDFI: try record.digits(4, 8, "receiving_dfi"),
            checkDigit: Int(try record.number(12, 1, "check_digit")), accountNumber: record.text(13, 17),
            amountCents: try record.number(30, 10, "amount"), identificationNumber: record.text(40, 15),
            receiverName: isCTX ? record.text(59, 16) : record.text(55, 22),
            ctxAddendaCount: isCTX ? Int(try record.number(55, 4, "number_of_addenda_records")) : nil,
            discretionaryData: record.text(77, 2), traceNumber: try record.digits(80, 15, "trace_number"),
            addenda: [], line: record.line)
        guard RoutingNumber.checkDigit(dfiIdentification: entry.receivingDFI) == entry.checkDigit else {
            throw record.error(.routingCheckDigit, "Routing number \(entry.receivingRoutingNumber) fails its check digit.", "check_digit")
        }
        return (entry, indicator == "1")
    }

    /// Decodes an addenda record (type 7) of type 05, 98 or 99.
    func decodeAddenda(_ record: ACHRecord) throws(NACHAError) -> ACHAddenda {
        switch record.raw(2, 2) {
        case "05":
            return .paymentRelated(information: record.raw(4, 80), sequence: Int(try record.number(84, 4, "addenda_sequence_number")))
        case "99":
            return .returned(ACHReturnAddenda(
                reason: ACHReturnReason(code: try reasonCode(record, prefix: "R", field: "return_reason_code")),
                originalTraceNumber: try record.digits(7, 15, "original_entry_trace_number"),
                dateOfDeath: try record.optionalDate(22, "date_of_death"),
                originalReceivingDFI: try record.digits(28, 8, "original_receiving_dfi"),
                information: record.text(36, 44), traceNumber: try record.digits(80, 15, "trace_number")))
        case "98":
            return .notificationOfChange(ACHChangeAddenda(
                change: ACHChangeCode(code: try reasonCode(record, prefix: "C", field: "change_code")),
                originalTraceNumber: try record.digits(7, 15, "original_entry_trace_number"),
                originalReceivingDFI: try record.digits(28, 8, "original_receiving_dfi"),
                correctedData: record.text(36, 29), traceNumber: try record.digits(80, 15, "trace_number")))
        default:
            throw record.error(.unknownRecordType, "Addenda type \(record.raw(2, 2)) is not one this reader knows (05, 98, 99).", "addenda_type_code")
        }
    }

    /// Decodes a batch control (type 8) into its totals and the fields it repeats from the header.
    func decodeBatchControl(_ record: ACHRecord) throws(NACHAError) -> (totals: ACHControlTotals, serviceClass: Int, companyID: String, odfi: String, batchNumber: Int) {
        let totals = ACHControlTotals(
            entryAddendaCount: Int(try record.number(5, 6, "entry_addenda_count")),
            entryHash: try record.number(11, 10, "entry_hash"),
            totalDebitCents: try record.number(21, 12, "total_debit"),
            totalCreditCents: try record.number(33, 12, "total_credit"))
        return (totals, Int(try record.number(2, 3, "service_class_code")), record.text(45, 10),
                try record.digits(80, 8, "originating_dfi"), Int(try record.number(88, 7, "batch_number")))
    }

    /// Decodes the file control (type 9).
    func decodeFileControl(_ record: ACHRecord) throws(NACHAError) -> ACHFileControl {
        ACHFileControl(
            batchCount: Int(try record.number(2, 6, "batch_count")),
            blockCount: Int(try record.number(8, 6, "block_count")),
            totals: ACHControlTotals(
                entryAddendaCount: Int(try record.number(14, 8, "entry_addenda_count")),
                entryHash: try record.number(22, 10, "entry_hash"),
                totalDebitCents: try record.number(32, 12, "total_debit"),
                totalCreditCents: try record.number(44, 12, "total_credit")))
    }

    /// A return or change code at positions 4–6: the letter and two digits.
    private func reasonCode(_ record: ACHRecord, prefix: String, field: String) throws(NACHAError) -> String {
        let code = record.raw(4, 3)
        guard code.hasPrefix(prefix), code.utf8.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw record.error(.invalidField, "\(field) is \(prefix) and two digits, not '\(code)'.", field)
        }
        return code
    }
}
