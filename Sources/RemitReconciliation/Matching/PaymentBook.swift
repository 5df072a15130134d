/// The expected payments of one run, indexed every way the rules look them up, with the open
/// amounts the run's allocations leave.
///
/// Payments are kept sorted by id and every index lists positions in ascending order, so
/// nothing depends on the order the caller gave them in or on hashing.
struct PaymentBook {
    let payments: [ExpectedPayment]
    /// The open amount of each payment, reduced as entries are matched.
    private(set) var open: [Int64]
    /// Positions whose open amount changed in this run.
    private(set) var touched: Set<Int> = []
    private var byInvoiceKey: [String: [Int]] = [:]
    private var byReferenceKey: [String: [Int]] = [:]
    private var byEndToEnd: [String: [Int]] = [:]
    private var byAccount: [String: [Int]] = [:]
    private var byName: [String: [Int]] = [:]
    private var byOriginalAmount: [Int64: [Int]] = [:]

    init(_ expected: [ExpectedPayment]) {
        payments = expected.sorted { $0.id < $1.id }
        open = payments.map(\.openAmountMinor)
        for (index, payment) in payments.enumerated() {
            Self.add(index, Normalization.referenceKey(payment.invoiceNumber), to: &byInvoiceKey)
            for reference in Set(payment.references.map(Normalization.referenceKey)) {
                Self.add(index, reference, to: &byReferenceKey)
            }
            if let e2e = Normalization.endToEndKey(payment.endToEndID) { Self.add(index, e2e, to: &byEndToEnd) }
            for account in Set(payment.buyerAccounts.map(Normalization.accountKey)) {
                Self.add(index, account, to: &byAccount)
            }
            Self.add(index, Normalization.nameKey(payment.buyerName), to: &byName)
            byOriginalAmount[payment.openAmountMinor, default: []].append(index)
        }
    }

    private static func add(_ index: Int, _ key: String, to map: inout [String: [Int]]) {
        guard !key.isEmpty else { return }
        map[key, default: []].append(index)
    }

    /// The payments whose invoice number has this key or, when none has, whose references do.
    func payments(quoting key: String) -> [Int] {
        byInvoiceKey[key] ?? byReferenceKey[key] ?? []
    }

    /// Whether any invoice number or reference has this key.
    func knows(referenceKey key: String) -> Bool {
        byInvoiceKey[key] != nil || byReferenceKey[key] != nil
    }

    /// The payments carrying this end-to-end id (already normalised).
    func payments(endToEnd key: String) -> [Int] { byEndToEnd[key] ?? [] }

    /// The payments of buyers this counterparty is known as: by account or by normalised name.
    func payments(counterpartyOf entry: StatementEntry) -> (byAccount: [Int], byName: [Int]) {
        let account = entry.counterpartyAccount.map(Normalization.accountKey) ?? ""
        let name = entry.counterpartyName.map(Normalization.nameKey) ?? ""
        return (account.isEmpty ? [] : byAccount[account] ?? [], name.isEmpty ? [] : byName[name] ?? [])
    }

    /// The payments whose open amount, before this run, was exactly `amount`.
    func payments(originallyOpen amount: Int64) -> [Int] { byOriginalAmount[amount] ?? [] }

    /// Applies an allocation: the payment's open amount drops by `amount`, or to zero when the
    /// share settles it within the tolerance.
    mutating func allocate(_ amount: Int64, to index: Int, closes: Bool) {
        precondition(amount > 0 && amount <= open[index], "an allocation must be positive and within the open amount")
        open[index] = closes ? 0 : open[index] - amount
        touched.insert(index)
    }

    /// The open amounts of every touched payment, sorted by id.
    var openAmountsAfter: [OpenAmount] {
        touched.sorted().map { OpenAmount(expectedPaymentID: payments[$0].id, openAmountMinor: open[$0]) }
    }
}
