import Foundation
import RemitCore
import RemitISO20022
import RemitRails
import RemitStore

/// Refunds a SEPA credit that went out as pain.001: a new `pain.001.001.09` credit transfer
/// from the tenant's SEPA account (the debtor now) back to the buyer's IBAN the payment came
/// from, with the refund id as instruction and end-to-end id (the file's reference). The
/// document is checked against the XSD in process and stored in `rail_files` (rail `sepa`)
/// under the refund's idempotency key in ONE transaction: a retry answers the stored file.
struct Pain001RefundFile: RefundFileFormat {
    let environment: Environment

    static let fileName = "the pain.001 refund document"

    func file(for instruction: RefundInstruction, idempotencyKey: String, in transaction: StoreTransaction) async throws -> StoredRailFile {
        guard let account = try await transaction.paymentBankAccount(instruction.paymentID), account.kind == Pain001Rail.rail,
              case let .sepa(iban, bic, holder) = try PayerBankAccount.stored(kind: account.kind, document: account.document)
        else { throw FileRailRefusal("bank_account_missing", "The payment carries no SEPA bank account to credit.") }
        guard let tenantAccount = try TenantBankDetails.stored(try await transaction.tenantBankDetails(account.tenantID))?.sepa else {
            throw FileRailRefusal("bank_details_missing", "The tenant has no SEPA account (settings.bank.sepa).")
        }
        let fileID = environment.ids.secret(prefix: "rf_", byteCount: 12)
        let now = environment.clock.nowMilliseconds
        let refundID = instruction.refundID.rawValue
        let transfer = CreditTransfer(instructionID: refundID, endToEndID: refundID, amount: instruction.amount, creditorName: holder,
                                      creditorAccount: iban, creditorAgent: bic)
        let message = CreditTransferInitiation(
            messageID: fileID, creationDateTime: Date(timeIntervalSince1970: Double(now) / 1_000), initiatingPartyName: tenantAccount.name,
            payments: [PaymentInstruction(id: refundID, requestedExecutionDate: CalendarDate(utc: environment.clock.now()),
                                          debtorName: tenantAccount.name, debtorAccount: tenantAccount.iban, debtorAgent: tenantAccount.bic,
                                          transfers: [transfer])])
        let document = try Pain001Writer().validatedDocument(for: message)
        let file = StoredRailFile(id: fileID, tenantID: account.tenantID, rail: Pain001Rail.rail, paymentID: instruction.paymentID,
                                  idempotencyKey: idempotencyKey, format: Pain001Rail.format, content: document, reference: refundID,
                                  createdAt: now)
        return file
    }

    func refusal(for error: any Error) -> FileRailRefusal? {
        Pain001Rail.refusal(for: error)
    }
}
