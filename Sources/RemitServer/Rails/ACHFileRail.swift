import Foundation
import RemitCore
import RemitNACHA
import RemitRails
import RemitStore

/// The NACHA format of the `ach_debit` file rail (`FileRail<ACHFileRail>`): one debit entry
/// carrying the invoice remittance, as the tenant's `settings.bank.ach.entry_class` says: CCD+
/// (one type-05 addenda, `RMR*IV*<number>*PI*<amount>\`, with the invoice total and the
/// discount taken when the buyer took an early-payment discount) or CTX (an X12 820 remittance
/// advice with the invoice number, the amount paid, the invoice total when it differs, the
/// discount taken, and the buyer's purchase order). The file's reference is the entry's trace number, by which a
/// return finds the payment again.
struct ACHFileRail: RailFileFormat {
    let environment: Environment

    /// The rail name in `rail_files`.
    static let rail = "ach"
    /// The format name the API shows.
    static let format = "nacha"

    func file(for instruction: SettlementInstruction, payer: PayerBankAccount, tenant: TenantID, payment: Payment, invoice: Invoice,
              idempotencyKey: String, in transaction: StoreTransaction) async throws -> StoredRailFile {
        guard case let .ach(routing, accountNumber, accountType, holder) = payer else { throw FileRailRefusal.wrongAccount }
        guard let originator = try TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant))?.ach else {
            throw FileRailRefusal("bank_details_missing", "The tenant has no ACH originator details (settings.bank.ach).")
        }
        let entry = ACHEntryInput(direction: .debit, accountType: accountType, receivingDFI: routing.digits, accountNumber: accountNumber,
                                  amount: instruction.amount, receiverName: Self.receiverName(holder, entryClass: originator.entryClass),
                                  identificationNumber: String(payment.id.rawValue.suffix(NACHAFormat.identificationNumberLengthMax)),
                                  remittance: try Self.remittance(originator, payer: holder, payment: payment, invoice: invoice,
                                                                  amount: instruction.amount))
        let (text, trace) = try await NACHAOrigination(environment: environment, originator: originator)
            .file(entry: entry, secCode: originator.entryClass, description: "INVOICE", tenant: tenant, in: transaction)
        return StoredRailFile(id: environment.ids.secret(prefix: "rf_", byteCount: 12), tenantID: tenant, rail: Self.rail,
                              paymentID: payment.id, idempotencyKey: idempotencyKey, format: Self.format, content: text,
                              reference: trace, createdAt: environment.clock.nowMilliseconds)
    }

    /// The entry's receiver name: a CTX entry has room for 16 characters (its name area starts
    /// with the addenda count), so a longer holder name is cut there; its 820 names the payer in full.
    static func receiverName(_ holder: String, entryClass: ACHStandardEntryClass) -> String {
        guard entryClass == .ctx else { return holder }
        return String(holder.prefix(NACHAFormat.ctxReceiverNameLengthMax)).trimmingCharacters(in: .whitespaces)
    }

    /// The entry's remittance in the originator's entry class.
    static func remittance(_ originator: TenantBankDetails.ACHOriginator, payer: String, payment: Payment, invoice: Invoice,
                           amount: Money) throws -> ACHRemittance {
        let total = Money(minorUnits: invoice.total, currency: amount.currency)
        // The early-payment discount the buyer took, so its payables system closes the invoice in full.
        let discount = payment.discountAmount > 0 ? Money(minorUnits: payment.discountAmount, currency: amount.currency) : nil
        guard originator.entryClass == .ctx else {
            return try .invoice(number: invoice.number, amountPaid: amount, invoiceAmount: discount == nil ? nil : total, discountTaken: discount)
        }
        let line = X12RemittanceInvoice(number: invoice.number, amountPaid: amount, invoiceAmount: total == amount ? nil : total,
                                        purchaseOrder: invoice.poNumber ?? "", discountTaken: discount)
        return .remittanceAdvice(X12RemittanceAdvice(payerName: payer, payeeName: originator.companyName, invoices: [line],
                                                     paymentReference: String(payment.id.rawValue.suffix(NACHAFormat.identificationNumberLengthMax))))
    }

    func refusal(for error: any Error) -> FileRailRefusal? { Self.refusal(for: error) }

    /// The decline a NACHA writer error stands for, for the debit and the refund credit alike.
    static func refusal(for error: any Error) -> FileRailRefusal? {
        (error as? NACHAError).map { FileRailRefusal("nacha_\($0.code.rawValue)", $0.message) }
    }
}

