import RemitCore
import RemitRails
import RemitStore

/// One file format of a refund that goes back by file: the instruction file for one refund.
protocol RefundFileFormat: Sendable {
    /// What the file is, for an unknown outcome's reason ("the NACHA refund file").
    static var fileName: String { get }
    /// The file for `instruction`, ready to store; only called once per idempotency key, inside
    /// the transaction that stores it.
    func file(for instruction: RefundInstruction, idempotencyKey: String, in transaction: StoreTransaction) async throws -> StoredRailFile
    /// The decline a writer library's own error stands for, when `error` is one.
    func refusal(for error: any Error) -> FileRailRefusal?
}

/// A refund rail that gives money back by writing a file, as `FileRail` settles: the file is
/// written once per idempotency key, in ONE transaction with its row in `rail_files`, and
/// "succeeded" means *instructed* (the answer is the file's reference). A retried refund answers
/// the stored file's reference and never writes a second one. A refusal is final (a decline);
/// a storage failure is unknown.
struct RefundFileRail<Format: RefundFileFormat>: RefundRail {
    let store: Store
    let format: Format

    func refund(_ instruction: RefundInstruction, idempotencyKey: String) async -> RefundOutcome {
        do {
            return try await store.write { transaction in
                if let existing = try await transaction.railFile(idempotencyKey: idempotencyKey) {
                    return .succeeded(railReference: existing.reference)
                }
                let file = try await format.file(for: instruction, idempotencyKey: idempotencyKey, in: transaction)
                return .succeeded(railReference: try await transaction.insertRailFile(file).reference)
            }
        } catch let refusal as FileRailRefusal {
            return .declined(code: refusal.code, message: refusal.message)
        } catch {
            if let refusal = format.refusal(for: error) { return .declined(code: refusal.code, message: refusal.message) }
            return .unknown(reason: "\(Format.fileName) could not be stored: \(error)")
        }
    }
}
