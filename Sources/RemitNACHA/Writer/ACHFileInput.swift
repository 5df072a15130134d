import RemitCore

/// Everything a NACHA file says, as typed values; ``ACHFileWriter`` checks and writes it.
///
/// The creation date and time are inputs, never read from a clock here, so the same input
/// always gives the same bytes.
public struct ACHFileInput: Sendable, Equatable {
    /// The routing number of the bank or ACH operator the file is sent to (9 digits).
    public var immediateDestination: String
    /// That bank's name, at most 23 characters.
    public var immediateDestinationName: String
    /// Who sends the file: a 9-digit routing number (written after a space) or a 10-digit
    /// identification agreed with the bank.
    public var immediateOrigin: String
    /// The sender's name, at most 23 characters.
    public var immediateOriginName: String
    /// The day the file is created.
    public var creationDate: CalendarDate
    /// The time of day the file is created.
    public var creationTime: ACHFileTime
    /// `A` to `Z` or `0` to `9`: tells apart files sent the same day.
    public var fileIDModifier: String
    /// Free text for the sender's own use, at most 8 characters.
    public var referenceCode: String
    /// The sequence number of the file's first entry; the rest follow, one per entry.
    /// Trace numbers are the batch's ODFI (8 digits) and this sequence (7 digits).
    public var firstTraceSequence: Int
    /// The batches, written in this order and numbered from 1.
    public var batches: [ACHBatchInput]

    /// Creates a file input.
    public init(
        immediateDestination: String, immediateDestinationName: String,
        immediateOrigin: String, immediateOriginName: String,
        creationDate: CalendarDate, creationTime: ACHFileTime, fileIDModifier: String,
        referenceCode: String = "", firstTraceSequence: Int = 1, batches: [ACHBatchInput]
    ) {
        self.immediateDestination = immediateDestination
        self.immediateDestinationName = immediateDestinationName
        self.immediateOrigin = immediateOrigin
        self.immediateOriginName = immediateOriginName
        self.creationDate = creationDate
        self.creationTime = creationTime
        self.fileIDModifier = fileIDModifier
        self.referenceCode = referenceCode
        self.firstTraceSequence = firstTraceSequence
        self.batches = batches
    }
}

/// One batch: entries of one company, one SEC code and one effective date.
public struct ACHBatchInput: Sendable, Equatable {
    /// CCD (CCD+ when entries carry an addenda) or CTX.
    public var secCode: ACHStandardEntryClass
    /// The originator's name as the receiver sees it, at most 16 characters.
    public var companyName: String
    /// Exactly 10 characters, usually `1` and the company's 9-digit EIN.
    public var companyIdentification: String
    /// What the entries are for, such as `PAYMENT` or `INVOICES`; at most 10 characters.
    public var companyEntryDescription: String
    /// The day the originator wants the entries settled.
    public var effectiveEntryDate: CalendarDate
    /// The originating bank's routing number (9 digits; its first 8 are written).
    public var originatingDFI: String
    /// Free text for the originator, at most 20 characters.
    public var companyDiscretionaryData: String
    /// A date as the receiver should see it, such as `NOV 26`; at most 6 characters.
    public var companyDescriptiveDate: String
    /// The entries, at least one.
    public var entries: [ACHEntryInput]

    /// Creates a batch input.
    public init(
        secCode: ACHStandardEntryClass, companyName: String, companyIdentification: String,
        companyEntryDescription: String, effectiveEntryDate: CalendarDate, originatingDFI: String,
        companyDiscretionaryData: String = "", companyDescriptiveDate: String = "", entries: [ACHEntryInput]
    ) {
        self.secCode = secCode
        self.companyName = companyName
        self.companyIdentification = companyIdentification
        self.companyEntryDescription = companyEntryDescription
        self.effectiveEntryDate = effectiveEntryDate
        self.originatingDFI = originatingDFI
        self.companyDiscretionaryData = companyDiscretionaryData
        self.companyDescriptiveDate = companyDescriptiveDate
        self.entries = entries
    }
}

/// One payment: an amount credited to or debited from one account, with its remittance.
public struct ACHEntryInput: Sendable, Equatable {
    /// Credit (22 / 32) or debit (27 / 37).
    public var direction: ACHDirection
    /// Checking or savings.
    public var accountType: ACHAccountType
    /// The receiver's bank routing number (9 digits, check digit included).
    public var receivingDFI: String
    /// The receiver's account number, at most 17 characters.
    public var accountNumber: String
    /// The amount, in US dollars, above zero and at most ``NACHALimits/entryAmountCentsMax``.
    public var amount: Money
    /// The receiver's name: at most 22 characters in a CCD entry, 16 in a CTX entry.
    public var receiverName: String
    /// The originator's reference for the receiver (such as the payment id), at most 15 characters.
    public var identificationNumber: String
    /// Two characters for the originator's bank, usually blank.
    public var discretionaryData: String
    /// What the entry's addenda carry.
    public var remittance: ACHRemittance

    /// Creates an entry input.
    public init(
        direction: ACHDirection, accountType: ACHAccountType, receivingDFI: String, accountNumber: String,
        amount: Money, receiverName: String, identificationNumber: String = "", discretionaryData: String = "",
        remittance: ACHRemittance = .none
    ) {
        self.direction = direction
        self.accountType = accountType
        self.receivingDFI = receivingDFI
        self.accountNumber = accountNumber
        self.amount = amount
        self.receiverName = receiverName
        self.identificationNumber = identificationNumber
        self.discretionaryData = discretionaryData
        self.remittance = remittance
    }
}

/// What an entry's addenda records carry.
public enum ACHRemittance: Sendable, Equatable {
    /// No addenda record (a CCD entry only).
    case none
    /// One type-05 addenda record with up to 80 characters of payment-related information:
    /// a CCD+ entry. ``invoice(number:amountPaid:)`` builds the usual X12 `RMR` segment.
    case paymentRelatedInformation(String)
    /// An X12 820 remittance advice split over as many type-05 addenda as it needs: a CTX entry.
    case remittanceAdvice(X12RemittanceAdvice)

    /// The CCD+ remittance for one invoice: `RMR*IV*<number>*PI*<amount>\`, with the invoice's
    /// total (`RMR05`) and the discount taken (`RMR06`) when given; at most 77 characters, so
    /// it fits the one 80-character addenda.
    ///
    /// - Throws: ``NACHAError`` when the number is empty, longer than 30 characters, or holds
    ///   a character an X12 segment cannot carry (`*`, `\`, `~`, `>` or non-ASCII).
    public static func invoice(number: String, amountPaid: Money, invoiceAmount: Money? = nil,
                               discountTaken: Money? = nil) throws(NACHAError) -> ACHRemittance {
        let checked = try X12.element(number, "invoice_number", max: X12.referenceLengthMax, required: true)
        return .paymentRelatedInformation(
            X12.rmrSegment(invoiceNumber: checked, amountPaid: amountPaid, invoiceAmount: invoiceAmount, discountTaken: discountTaken,
                           terminator: .backslash))
    }
}
