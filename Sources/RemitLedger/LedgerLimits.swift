/// The bounds the ledger enforces, each with its unit last.
public enum LedgerLimits {
    /// The most legs one transfer may have.
    public static let legsPerTransferMax = 32
    /// The longest client id, in UTF-8 bytes.
    public static let clientIDBytesMax = 128
    /// The longest account code, in UTF-8 bytes.
    public static let accountCodeBytesMax = 128
    /// The longest reason, in UTF-8 bytes.
    public static let reasonBytesMax = 500
    /// The most metadata entries on one transfer.
    public static let metadataEntriesMax = 16
    /// The longest metadata key, in UTF-8 bytes.
    public static let metadataKeyBytesMax = 64
    /// The longest metadata value, in UTF-8 bytes.
    public static let metadataValueBytesMax = 256
    /// The longest a pending transfer may wait before it expires: 400 days, enough for net-terms
    /// receivables and long card authorisations alike.
    public static let pendingTimeoutMillisecondsMax: Int64 = 400 * 86_400_000
    /// The most transfers created in one batch (one store transaction).
    public static let transfersPerBatchMax = 1_000
    /// The longest piece of caller text an error message repeats.
    public static let echoCharactersMax = 64
}

extension LedgerLimits {
    /// The most violations one verification lists; it counts them all.
    public static let violationsReportedMax = 1_000
}

extension LedgerLimits {
    /// The most pending transfers one expiry sweep (one transaction) expires.
    public static let expiriesPerSweepMax = 500
}
