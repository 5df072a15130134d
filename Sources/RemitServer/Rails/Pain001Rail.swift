import Foundation
import RemitCore
import RemitISO20022
import RemitRails
import RemitStore

/// The pain.001 format of the `sepa_credit` file rail (`FileRail<Pain001Rail>`): the payment
/// instruction the buyer's bank executes, a `pain.001.001.09` document with the payer as debtor,
/// the tenant's SEPA account as creditor, the payment id as end-to-end id (the file's
/// reference), and a structured remittance naming the invoice (`RfrdDocInf`, amounts) with an
/// RF creditor reference. The document is checked against the XSD in process before it is stored.
struct Pain001Rail: RailFileFormat {
    let environment: Environment

    /// The rail name in `rail_files`.
    static let rail = "sepa"
    /// The format name the API shows.
    static let format = "pain.001.001.09"

    func file(for instruction: SettlementInstruction, payer: PayerBankAccount, tenant: TenantID, payment: Payment, invoice: Invoice,
              idempotencyKey: String, in transaction: StoreTransaction) async throws -> StoredRailFile {
        guard case let .sepa(iban, bic, holder) = payer else { throw FileRailRefusal.wrongAccount }
        guard let creditor = try TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant))?.sepa else {
            throw FileRailRefusal("bank_details_missing", "The tenant has no SEPA account (settings.bank.sepa).")
        }
        let fileID = environment.ids.secret(prefix: "rf_", byteCount: 12)
        let now = environment.clock.nowMilliseconds
        let remittance = StructuredRemittance.invoice(
            number: invoice.number, date: invoice.issueDate, duePayable: Money(minorUnits: invoice.total, currency: invoice.currency),
            remitted: instruction.amount, creditorReference: Self.creditorReference(invoiceNumber: invoice.number),
            // The early-payment discount the buyer took, beside what was due and what is paid.
            discountApplied: payment.discountAmount > 0 ? Money(minorUnits: payment.discountAmount, currency: invoice.currency) : nil)
        let transfer = CreditTransfer(instructionID: payment.id.rawValue, endToEndID: payment.id.rawValue, amount: instruction.amount,
                                      creditorName: creditor.name, creditorAccount: creditor.iban, creditorAgent: creditor.bic,
                                      remittance: [remittance])
        let message = CreditTransferInitiation(
            messageID: fileID, creationDateTime: Date(timeIntervalSince1970: Double(now) / 1_000), initiatingPartyName: holder,
            payments: [PaymentInstruction(id: payment.id.rawValue, requestedExecutionDate: CalendarDate(utc: environment.clock.now()),
                                          debtorName: holder, debtorAccount: iban, debtorAgent: bic, transfers: [transfer])])
        let document = try Pain001Writer().validatedDocument(for: message)
        return StoredRailFile(id: fileID, tenantID: tenant, rail: Self.rail, paymentID: payment.id, idempotencyKey: idempotencyKey,
                              format: Self.format, content: document, reference: payment.id.rawValue, createdAt: now)
    }

    func refusal(for error: any Error) -> FileRailRefusal? { Self.refusal(for: error) }

    /// The decline a pain.001 writer error stands for, for the payment and the refund alike.
    static func refusal(for error: any Error) -> FileRailRefusal? {
        (error as? ISO20022Error).map { FileRailRefusal("pain001_\($0.code.rawValue)", $0.message) }
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
