import Foundation
import RemitCore
import RemitNACHA
import RemitRails
import RemitStore

/// Refunds an ACH debit that went out as a NACHA file: a new file with one CCD credit entry
/// (transaction code 22 checking, 32 savings) to the buyer's account the debit took the money
/// from, with a type-05 addenda `REFUND <invoice number>`. The file is stored in `rail_files`
/// (rail `ach`, format `nacha`) under the refund's idempotency key, in ONE transaction, so a
/// retried refund answers the stored file's trace number and never writes a second credit.
/// "Succeeded" means *instructed*, as for the debit.
struct ACHCreditRefundFile: RefundFileFormat {
    let environment: Environment

    static let fileName = "the NACHA refund file"

    func file(for instruction: RefundInstruction, idempotencyKey: String, in transaction: StoreTransaction) async throws -> StoredRailFile {
        guard let account = try await transaction.paymentBankAccount(instruction.paymentID), account.kind == ACHFileRail.rail,
              case let .ach(routing, accountNumber, accountType, holder) = try PayerBankAccount.stored(kind: account.kind, document: account.document)
        else { throw FileRailRefusal("bank_account_missing", "The payment carries no ACH bank account to credit.") }
        guard let originator = try TenantBankDetails.stored(try await transaction.tenantBankDetails(account.tenantID))?.ach else {
            throw FileRailRefusal("bank_details_missing", "The tenant has no ACH originator details (settings.bank.ach).")
        }
        let invoice = instruction.metadata["invoice_number"] ?? instruction.paymentID.rawValue
        let entry = ACHEntryInput(direction: .credit, accountType: accountType, receivingDFI: routing.digits, accountNumber: accountNumber,
                                  amount: instruction.amount, receiverName: holder,
                                  identificationNumber: String(instruction.refundID.rawValue.suffix(NACHAFormat.identificationNumberLengthMax)),
                                  remittance: .paymentRelatedInformation("REFUND \(invoice)"))
        let (text, trace) = try await NACHAOrigination(environment: environment, originator: originator)
            .file(entry: entry, secCode: .ccd, description: "REFUND", tenant: account.tenantID, in: transaction)
        let file = StoredRailFile(id: environment.ids.secret(prefix: "rf_", byteCount: 12), tenantID: account.tenantID, rail: ACHFileRail.rail,
                                  paymentID: instruction.paymentID, idempotencyKey: idempotencyKey, format: ACHFileRail.format,
                                  content: text, reference: trace, createdAt: environment.clock.nowMilliseconds)
        return file
    }

    func refusal(for error: any Error) -> FileRailRefusal? {
        ACHFileRail.refusal(for: error)
    }
}
