import RemitCore
import RemitRails
import RemitStore

/// One file format of a file-based rail: the instruction file for one payment.
protocol RailFileFormat: Sendable {
    /// The rail name in `rail_files` and the payer account kind it takes (`ach`, `sepa`).
    static var rail: String { get }
    /// The format name the API shows.
    static var format: String { get }
    /// The file for `payment`, ready to store; only called once per idempotency key.
    func file(for instruction: SettlementInstruction, payer: PayerBankAccount, tenant: TenantID, payment: Payment, invoice: Invoice,
              idempotencyKey: String, in transaction: StoreTransaction) async throws -> StoredRailFile
    /// The decline a writer library's own error stands for, when `error` is one.
    func refusal(for error: any Error) -> FileRailRefusal?
}

/// A rail that settles by writing a file: a payment that carries a bank account of the format's
/// kind gets its file written once per idempotency key, in one transaction with its row in
/// `rail_files`, and "settled" means "instructed" (the answer is the file's reference). Any
/// other payment goes to `fallback`. A refusal is final (a decline); a storage failure is unknown.
struct FileRail<Format: RailFileFormat>: PaymentRail {
    let store: Store
    let format: Format
    let fallback: any PaymentRail

    func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        do {
            guard let account = try await store.read({ try await $0.paymentBankAccount(instruction.paymentID) }), account.kind == Format.rail else {
                return await fallback.settle(instruction, idempotencyKey: idempotencyKey)
            }
            let payer = try PayerBankAccount.stored(kind: account.kind, document: account.document)
            return try await store.write { transaction in
                if let existing = try await transaction.railFile(idempotencyKey: idempotencyKey) {
                    return .settled(railReference: existing.reference)
                }
                guard let payment = try await transaction.payment(instruction.paymentID, tenant: account.tenantID),
                      let invoice = try await transaction.invoice(payment.invoiceID, tenant: account.tenantID) else {
                    throw StoreError.corrupt("payment \(instruction.paymentID) has no invoice")
                }
                let file = try await format.file(for: instruction, payer: payer, tenant: account.tenantID, payment: payment, invoice: invoice,
                                                 idempotencyKey: idempotencyKey, in: transaction)
                return .settled(railReference: try await transaction.insertRailFile(file).reference)
            }
        } catch let error as FileRailRefusal {
            return .declined(code: error.code, message: error.message)
        } catch {
            if let refusal = format.refusal(for: error) { return .declined(code: refusal.code, message: refusal.message) }
            return .unknown(reason: "the \(Format.format) file could not be stored: \(error)")
        }
    }
}

/// Why a file rail refused an instruction for good: a declined settlement with this code.
struct FileRailRefusal: Error {
    var code: String
    var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    static let wrongAccount = FileRailRefusal("bank_account_mismatch", "The payment's bank account is not of this rail's kind.")
}
