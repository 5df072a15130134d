import Foundation
import RemitCore
import RemitNACHA
import RemitRails
import RemitStore

/// Settles an `ach_debit` payment that carries the payer's bank account by writing a NACHA
/// file: one CCD+ debit entry whose type-05 addenda carries the invoice remittance
/// (`RMR*IV*<number>*PI*<amount>\`). The file is written once per idempotency key, in one
/// transaction with its row in `rail_files`, and "settled" here means "instructed": the
/// answer is the entry's trace number, by which a return finds the payment again.
/// A payment without a bank account goes to `fallback`.
struct ACHFileRail: PaymentRail {
    let store: Store
    let environment: Environment
    let fallback: any PaymentRail

    /// The rail name in `rail_files`.
    static let rail = "ach"
    /// The format name the API shows.
    static let format = "nacha"

    func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        do {
            guard let account = try await store.read({ try await $0.paymentBankAccount(instruction.paymentID) }), account.kind == Self.rail else {
                return await fallback.settle(instruction, idempotencyKey: idempotencyKey)
            }
            let payer = try PayerBankAccount.stored(kind: account.kind, document: account.document)
            return try await store.write { transaction in
                try await write(instruction, payer: payer, tenant: account.tenantID, idempotencyKey: idempotencyKey, in: transaction)
            }
        } catch let error as NACHAError {
            return .declined(code: "nacha_\(error.code.rawValue)", message: error.message)
        } catch let error as FileRailRefusal {
            return .declined(code: error.code, message: error.message)
        } catch {
            return .unknown(reason: "the NACHA file could not be stored: \(error)")
        }
    }

    private func write(_ instruction: SettlementInstruction, payer: PayerBankAccount, tenant: TenantID, idempotencyKey: String,
                       in transaction: StoreTransaction) async throws -> SettlementOutcome {
        if let existing = try await transaction.railFile(idempotencyKey: idempotencyKey) {
            return .settled(railReference: existing.reference)
        }
        guard case let .ach(routing, accountNumber, accountType, holder) = payer else { throw FileRailRefusal.wrongAccount }
        guard let originator = try TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant))?.ach else {
            throw FileRailRefusal("bank_details_missing", "The tenant has no ACH originator details (settings.bank.ach).")
        }
        guard let payment = try await transaction.payment(instruction.paymentID, tenant: tenant),
              let invoice = try await transaction.invoice(payment.invoiceID, tenant: tenant) else {
            throw StoreError.corrupt("payment \(instruction.paymentID) has no invoice")
        }
        let sequence = Int(try await transaction.railFileCount(rail: Self.rail, tenant: tenant)) + 1
        guard sequence <= NACHAFormat.traceSequenceMax else {
            throw FileRailRefusal("trace_sequence_exhausted", "The tenant has used every ACH trace sequence (\(NACHAFormat.traceSequenceMax)).")
        }
        let now = environment.clock.nowMilliseconds
        let today = CalendarDate(utc: environment.clock.now())
        let minutes = Int((now / 60_000) % 1_440)
        let entry = ACHEntryInput(direction: .debit, accountType: accountType, receivingDFI: routing.digits, accountNumber: accountNumber,
                                  amount: instruction.amount, receiverName: holder,
                                  identificationNumber: String(payment.id.rawValue.suffix(NACHAFormat.identificationNumberLengthMax)),
                                  remittance: try .invoice(number: invoice.number, amountPaid: instruction.amount))
        let batch = ACHBatchInput(secCode: .ccd, companyName: originator.companyName, companyIdentification: originator.companyID,
                                  companyEntryDescription: "INVOICE", effectiveEntryDate: today,
                                  originatingDFI: originator.odfiRouting.digits, entries: [entry])
        let modifiers = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let input = ACHFileInput(immediateDestination: originator.odfiRouting.digits, immediateDestinationName: "ODFI",
                                 immediateOrigin: originator.immediateOrigin.digits, immediateOriginName: originator.companyName,
                                 creationDate: today, creationTime: ACHFileTime(hour: minutes / 60, minute: minutes % 60),
                                 fileIDModifier: String(modifiers[(sequence - 1) % modifiers.count]),
                                 firstTraceSequence: sequence, batches: [batch])
        let written = try ACHFileWriter().write(input)
        guard let trace = written.entries.first?.traceNumber else { throw StoreError.corrupt("the NACHA writer wrote no entry") }
        let file = StoredRailFile(id: environment.ids.secret(prefix: "rf_", byteCount: 12), tenantID: tenant, rail: Self.rail,
                                  paymentID: payment.id, idempotencyKey: idempotencyKey, format: Self.format, content: written.text,
                                  reference: trace, createdAt: now)
        return .settled(railReference: try await transaction.insertRailFile(file).reference)
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
