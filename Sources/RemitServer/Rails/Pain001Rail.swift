import Foundation
import RemitCore
import RemitISO20022
import RemitRails
import RemitStore

/// Settles a `sepa_credit` payment that carries the payer's account by writing the payment
/// instruction the buyer's bank executes: a `pain.001.001.09` document with the payer as
/// debtor, the tenant's SEPA account as creditor, the payment id as end-to-end id, and a
/// structured remittance naming the invoice (`RfrdDocInf`, amounts) with an RF creditor
/// reference. The document is checked against the XSD in process before it is stored, once
/// per idempotency key; the answer is the end-to-end id. Without an account: `fallback`.
struct Pain001Rail: PaymentRail {
    let store: Store
    let environment: Environment
    let fallback: any PaymentRail

    /// The rail name in `rail_files`.
    static let rail = "sepa"
    /// The format name the API shows.
    static let format = "pain.001.001.09"

    func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        do {
            guard let account = try await store.read({ try await $0.paymentBankAccount(instruction.paymentID) }), account.kind == Self.rail else {
                return await fallback.settle(instruction, idempotencyKey: idempotencyKey)
            }
            let payer = try PayerBankAccount.stored(kind: account.kind, document: account.document)
            return try await store.write { transaction in
                try await write(instruction, payer: payer, tenant: account.tenantID, idempotencyKey: idempotencyKey, in: transaction)
            }
        } catch let error as ISO20022Error {
            return .declined(code: "pain001_\(error.code.rawValue)", message: error.message)
        } catch let error as FileRailRefusal {
            return .declined(code: error.code, message: error.message)
        } catch {
            return .unknown(reason: "the pain.001 document could not be stored: \(error)")
        }
    }

    private func write(_ instruction: SettlementInstruction, payer: PayerBankAccount, tenant: TenantID, idempotencyKey: String,
                       in transaction: StoreTransaction) async throws -> SettlementOutcome {
        if let existing = try await transaction.railFile(idempotencyKey: idempotencyKey) {
            return .settled(railReference: existing.reference)
        }
        guard case let .sepa(iban, bic, holder) = payer else { throw FileRailRefusal.wrongAccount }
        guard let creditor = try TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant))?.sepa else {
            throw FileRailRefusal("bank_details_missing", "The tenant has no SEPA account (settings.bank.sepa).")
        }
        guard let payment = try await transaction.payment(instruction.paymentID, tenant: tenant),
              let invoice = try await transaction.invoice(payment.invoiceID, tenant: tenant) else {
            throw StoreError.corrupt("payment \(instruction.paymentID) has no invoice")
        }
        let fileID = environment.ids.secret(prefix: "rf_", byteCount: 12)
        let now = environment.clock.nowMilliseconds
        let remittance = StructuredRemittance.invoice(
            number: invoice.number, date: invoice.issueDate, duePayable: Money(minorUnits: invoice.total, currency: invoice.currency),
            remitted: instruction.amount, creditorReference: Self.creditorReference(invoiceNumber: invoice.number))
        let transfer = CreditTransfer(instructionID: payment.id.rawValue, endToEndID: payment.id.rawValue, amount: instruction.amount,
                                      creditorName: creditor.name, creditorAccount: creditor.iban, creditorAgent: creditor.bic,
                                      remittance: [remittance])
        let message = CreditTransferInitiation(
            messageID: fileID, creationDateTime: Date(timeIntervalSince1970: Double(now) / 1_000), initiatingPartyName: holder,
            payments: [PaymentInstruction(id: payment.id.rawValue, requestedExecutionDate: CalendarDate(utc: environment.clock.now()),
                                          debtorName: holder, debtorAccount: iban, debtorAgent: bic, transfers: [transfer])])
        let document = try Pain001Writer().validatedDocument(for: message)
        let file = StoredRailFile(id: fileID, tenantID: tenant, rail: Self.rail, paymentID: payment.id, idempotencyKey: idempotencyKey,
                                  format: Self.format, content: document, reference: payment.id.rawValue, createdAt: now)
        return .settled(railReference: try await transaction.insertRailFile(file).reference)
    }

    /// The invoice's ISO 11649 RF reference: its letters and digits (at most 21); an invoice
    /// number without any is carried as a plain reference instead.
    static func creditorReference(invoiceNumber: String) -> CreditorReference {
        let characters = String(invoiceNumber.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
            .prefix(RFCreditorReference.referenceCharactersMax))
        if let reference = try? RFCreditorReference(creditorReference: characters) { return .iso11649(reference) }
        return .other(String(invoiceNumber.prefix(35)))
    }
}
