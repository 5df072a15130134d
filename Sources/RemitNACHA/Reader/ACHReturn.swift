import RemitCore

/// A returned payment: which entry came back, why, and for how much.
public struct ACHReturn: Sendable, Equatable {
    /// The trace number of the entry returned: the one ``ACHWrittenEntry/traceNumber`` gave.
    public var originalTraceNumber: String
    /// Why it came back, with the code's description.
    public var reason: ACHReturnReason
    /// The amount returned.
    public var amount: Money
    /// The account the original entry named.
    public var accountNumber: String
    /// Whether the original entry was a credit or a debit.
    public var originalDirection: ACHDirection
    /// Checking or savings.
    public var accountType: ACHAccountType
    /// The return batch's effective entry date, or the file's creation date when blank.
    public var date: CalendarDate
    /// The account holder's date of death (R14, R15), when given.
    public var dateOfDeath: CalendarDate?
    /// The 8-digit identification of the bank the original entry went to.
    public var originalReceivingDFI: String
    /// The returning bank's free text.
    public var addendaInformation: String
    /// The return entry's own trace number.
    public var traceNumber: String
    /// The originator's company identification, from the return batch header.
    public var companyIdentification: String
    /// The identification number the original entry carried (such as the payment id).
    public var identificationNumber: String
}

/// A notification of change: the receiving bank asks the originator to fix an account's details.
public struct ACHNotificationOfChange: Sendable, Equatable {
    /// The trace number of the entry the notice is about.
    public var originalTraceNumber: String
    /// What is wrong, with the code's description.
    public var change: ACHChangeCode
    /// The corrected value, such as the right account number.
    public var correctedData: String
    /// The 8-digit identification of the bank the original entry went to.
    public var originalReceivingDFI: String
    /// The notice's own trace number.
    public var traceNumber: String
}

extension ACHFile {
    /// Every return entry in the file (entries with a type-99 addenda), in file order.
    public var returns: [ACHReturn] {
        batches.flatMap { batch in
            batch.entries.compactMap { entry -> ACHReturn? in
                guard let addenda = entry.returnAddenda else { return nil }
                return ACHReturn(
                    originalTraceNumber: addenda.originalTraceNumber, reason: addenda.reason, amount: entry.amount,
                    accountNumber: entry.accountNumber, originalDirection: entry.transactionCode.direction,
                    accountType: entry.transactionCode.accountType,
                    date: batch.header.effectiveEntryDate ?? header.creationDate, dateOfDeath: addenda.dateOfDeath,
                    originalReceivingDFI: addenda.originalReceivingDFI, addendaInformation: addenda.information,
                    traceNumber: addenda.traceNumber, companyIdentification: batch.header.companyIdentification,
                    identificationNumber: entry.identificationNumber)
            }
        }
    }

    /// Every notification of change in the file (entries with a type-98 addenda), in file order.
    public var notificationsOfChange: [ACHNotificationOfChange] {
        entries.compactMap { entry in
            entry.changeAddenda.map {
                ACHNotificationOfChange(
                    originalTraceNumber: $0.originalTraceNumber, change: $0.change, correctedData: $0.correctedData,
                    originalReceivingDFI: $0.originalReceivingDFI, traceNumber: $0.traceNumber)
            }
        }
    }
}
