/// Every tolerance and bound of the matching engine, with its default.
///
/// Each value is named with its unit last. `docs/reconciliation.md` says why each default is
/// what it is; every one is tested at its edge.
public struct ReconciliationConfiguration: Sendable, Equatable {
    /// How many days the entry's settlement date (value date, else booking date) may lie before
    /// or after a payment's expected date for the amount rules. Default 5 (a weekend plus a
    /// late batch).
    public var dateWindowDays: Int
    /// How far, in minor units, an amount may differ from an open amount and still count as
    /// equal; a short payment within it settles in full. Default 0: amounts must be exact.
    public var amountToleranceMinor: Int64
    /// The most candidates kept for an unmatched entry. Default 5.
    public var candidatesMax: Int
    /// The most statement entries in one run. Default 10,000.
    public var entriesMax: Int
    /// The most expected payments in one run. Default 100,000.
    public var expectedPaymentsMax: Int
    /// The largest amount, in minor units, of an entry, an open payment or a remitted document.
    /// Default 10^15 (ten trillion in a two-digit currency), which keeps every sum the engine
    /// forms far from `Int64` overflow.
    public var amountMinorMax: Int64
    /// The most referred documents on one entry. Default 100.
    public var referredDocumentsMax: Int
    /// The most characters of free remittance text on one entry, all lines together.
    /// Default 1,400 (ten lines of ISO 20022's 140).
    public var unstructuredCharactersMax: Int
    /// The longest text field (a reference, a name, an account, an id), in characters.
    /// Default 140, ISO 20022's `Max140Text`.
    public var fieldCharactersMax: Int
    /// The most references or known accounts on one expected payment. Default 20.
    public var referencesPerPaymentMax: Int
    /// The shortest invoice number or reference, in characters once normalised, that the scan
    /// of free text looks for; shorter ones would be found by accident in dates and amounts.
    /// Default 4.
    public var scannedReferenceCharactersMin: Int
    /// How many consecutive words of free text the scan joins to find a reference a bank split
    /// (`INV 2026-0042`). Default 3.
    public var scannedWordsJoinedMax: Int
    /// The most open payments of one buyer searched for a combined amount; a buyer with more
    /// is not searched (the search is exponential). Default 12 (4,096 subsets).
    public var combinationPaymentsMax: Int
    /// The most allocations in one manual match. Default 100.
    public var manualAllocationsMax: Int

    /// Creates a configuration; every parameter defaults to the value in ``default``.
    public init(dateWindowDays: Int = 5, amountToleranceMinor: Int64 = 0, candidatesMax: Int = 5,
                entriesMax: Int = 10_000, expectedPaymentsMax: Int = 100_000,
                amountMinorMax: Int64 = 1_000_000_000_000_000, referredDocumentsMax: Int = 100,
                unstructuredCharactersMax: Int = 1_400, fieldCharactersMax: Int = 140,
                referencesPerPaymentMax: Int = 20, scannedReferenceCharactersMin: Int = 4,
                scannedWordsJoinedMax: Int = 3, combinationPaymentsMax: Int = 12,
                manualAllocationsMax: Int = 100) {
        self.dateWindowDays = dateWindowDays
        self.amountToleranceMinor = amountToleranceMinor
        self.candidatesMax = candidatesMax
        self.entriesMax = entriesMax
        self.expectedPaymentsMax = expectedPaymentsMax
        self.amountMinorMax = amountMinorMax
        self.referredDocumentsMax = referredDocumentsMax
        self.unstructuredCharactersMax = unstructuredCharactersMax
        self.fieldCharactersMax = fieldCharactersMax
        self.referencesPerPaymentMax = referencesPerPaymentMax
        self.scannedReferenceCharactersMin = scannedReferenceCharactersMin
        self.scannedWordsJoinedMax = scannedWordsJoinedMax
        self.combinationPaymentsMax = combinationPaymentsMax
        self.manualAllocationsMax = manualAllocationsMax
    }

    /// A 5-day window, exact amounts, 5 candidates, 10,000 entries and 100,000 expected
    /// payments per run, and the other defaults above.
    public static let `default` = ReconciliationConfiguration()

    /// Throws unless every value is in its sane range.
    func validate() throws(ReconciliationError) {
        func require(_ ok: Bool, _ name: String, _ range: String) throws(ReconciliationError) {
            guard ok else {
                throw ReconciliationError(.invalidConfiguration, "\(name) must be \(range).")
            }
        }
        try require((0...366).contains(dateWindowDays), "dateWindowDays", "from 0 to 366")
        try require(amountToleranceMinor >= 0 && amountToleranceMinor <= amountMinorMax,
                    "amountToleranceMinor", "from 0 to amountMinorMax")
        try require(candidatesMax >= 0, "candidatesMax", "0 or more")
        try require(entriesMax >= 1, "entriesMax", "1 or more")
        try require(expectedPaymentsMax >= 1, "expectedPaymentsMax", "1 or more")
        try require((1...1_000_000_000_000_000).contains(amountMinorMax), "amountMinorMax", "from 1 to 10^15")
        try require((0...10_000).contains(referredDocumentsMax), "referredDocumentsMax", "from 0 to 10,000")
        try require((0...100_000).contains(unstructuredCharactersMax), "unstructuredCharactersMax", "from 0 to 100,000")
        try require((1...10_000).contains(fieldCharactersMax), "fieldCharactersMax", "from 1 to 10,000")
        try require((0...1_000).contains(referencesPerPaymentMax), "referencesPerPaymentMax", "from 0 to 1,000")
        try require(scannedReferenceCharactersMin >= 1, "scannedReferenceCharactersMin", "1 or more")
        try require((1...10).contains(scannedWordsJoinedMax), "scannedWordsJoinedMax", "from 1 to 10")
        try require((0...20).contains(combinationPaymentsMax), "combinationPaymentsMax", "from 0 to 20")
        try require(manualAllocationsMax >= 1, "manualAllocationsMax", "1 or more")
    }
}
