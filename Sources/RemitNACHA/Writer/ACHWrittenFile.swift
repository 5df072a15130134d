import RemitCore

/// A NACHA file the writer produced, with what the caller must remember about it.
public struct ACHWrittenFile: Sendable, Equatable {
    /// The file: 94-character records, each ended by a line feed, padded to whole blocks.
    public var text: String
    /// Every entry written, in file order, with its trace number.
    public var entries: [ACHWrittenEntry]
    /// Batches in the file.
    public var batchCount: Int
    /// Records in the file, block fill included (a multiple of 10).
    public var recordCount: Int
    /// 10-record blocks in the file.
    public var blockCount: Int
    /// Entry detail and addenda records in the file.
    public var entryAddendaCount: Int
    /// The file control's entry hash: the rightmost 10 digits of the sum of every receiving
    /// DFI identification.
    public var entryHash: Int64
    /// The sum of the debit entries, in cents.
    public var totalDebitCents: Int64
    /// The sum of the credit entries, in cents.
    public var totalCreditCents: Int64

    /// The records, without line feeds.
    public var records: [String] { text.split(separator: "\n").map(String.init) }
}

/// One entry as written: how to find it again in a return or a bank statement.
public struct ACHWrittenEntry: Sendable, Equatable {
    /// The entry's batch, counted from 0 in the input.
    public var batchIndex: Int
    /// The entry's place in its batch, counted from 0 in the input.
    public var entryIndex: Int
    /// The 15-digit trace number: the ODFI's 8 digits and a 7-digit sequence. A return names
    /// the entry by it.
    public var traceNumber: String
    /// The identification number written in the entry (upper-cased).
    public var identificationNumber: String
    /// The entry's amount.
    public var amount: Money
    /// Credit or debit.
    public var direction: ACHDirection
    /// The addenda records the entry carries (0 or 1 for CCD, 1 or more for CTX).
    public var addendaCount: Int
    /// The remittance the addenda carry, whole: the CCD+ text or the complete X12 820.
    public var remittance: String
}
