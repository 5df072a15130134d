import Foundation
import RemitCore
@testable import RemitISO20022

/// Messages the tests write and read, built from known-good identifiers.
enum Fixtures {
    static let created = Date(timeIntervalSince1970: 1_772_445_600) // 2026-03-02T10:00:00Z
    static let executionDate = CalendarDate(year: 2026, month: 3, day: 4)!

    static func iban(_ text: String) -> IBAN { try! IBAN(text) }
    static func bic(_ text: String) -> BIC { try! BIC(text) }

    static func eur(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: .eur) }

    /// One transfer paying one invoice.
    static func transfer(
        endToEndID: String = "E2E-0001", amount: Money = eur(125_000), creditorName: String = "Acme Supplies GmbH",
        remittance: [StructuredRemittance]? = nil
    ) -> CreditTransfer {
        CreditTransfer(
            instructionID: "INSTR-0001", endToEndID: endToEndID, amount: amount, creditorName: creditorName,
            creditorAccount: iban("DE89370400440532013000"), creditorAgent: bic("COBADEFFXXX"),
            remittance: remittance ?? [
                .invoice(number: "INV-2026-0042", date: CalendarDate(year: 2026, month: 2, day: 1),
                         duePayable: amount, remitted: amount,
                         creditorReference: .iso11649(try! RFCreditorReference(creditorReference: "INV20260042"))),
            ])
    }

    /// A payment block from the buyer's account.
    static func payment(id: String = "PMT-0001", transfers: [CreditTransfer] = [transfer()]) -> PaymentInstruction {
        PaymentInstruction(
            id: id, requestedExecutionDate: executionDate, debtorName: "Buyer Industries SAS",
            debtorAccount: iban("FR1420041010050500013M02606"), debtorAgent: bic("BNPAFRPP"), transfers: transfers)
    }

    /// A message with one block of one transfer, unless told otherwise.
    static func initiation(messageID: String = "MSG-2026-03-02-0001", payments: [PaymentInstruction] = [payment()]) -> CreditTransferInitiation {
        CreditTransferInitiation(messageID: messageID, creationDateTime: created, initiatingPartyName: "Buyer Industries SAS", payments: payments)
    }

    /// A statement with opening and closing balances, one detailed credit paying two invoices
    /// and one bare debit without transaction details.
    static func statement() -> BankToCustomerStatement {
        let day = CalendarDate(year: 2026, month: 3, day: 4)!
        let credit = StatementEntry(
            reference: "1", amount: eur(200_000), creditDebit: .credit, bookingDate: .date(day), valueDate: .date(day),
            accountServicerReference: "BANKREF-77",
            bankTransactionCode: BankTransactionCode(domain: "PMNT", family: "RCDT", subFamily: "ESCT"),
            transactions: [EntryTransaction(
                endToEndID: "E2E-0001", instructionID: "INSTR-0001", amount: eur(200_000), creditDebit: .credit,
                debtor: TransactionParty(name: "Buyer Industries SAS", account: .iban(iban("FR1420041010050500013M02606"))),
                creditor: TransactionParty(name: "Acme Supplies GmbH", account: .iban(iban("DE89370400440532013000"))),
                structuredRemittance: [
                    .invoice(number: "INV-1", date: CalendarDate(year: 2026, month: 2, day: 1), duePayable: eur(150_000),
                             remitted: eur(150_000), creditorReference: .iso11649(try! RFCreditorReference(creditorReference: "INV1"))),
                    .invoice(number: "INV-2", remitted: eur(50_000), creditorReference: .other("PO 4711 & co")),
                ],
                unstructuredRemittance: ["Invoices INV-1, INV-2"])])
        let fee = StatementEntry(
            amount: eur(250), creditDebit: .debit, bookingDate: .dateTime(created), valueDate: .date(day),
            additionalInformation: "Account fee <March>")
        return BankToCustomerStatement(messageID: "STMT-MSG-0001", creationDateTime: created, statements: [
            AccountStatement(
                id: "STMT-2026-03-04", creationDateTime: created,
                account: StatementAccount(id: .iban(iban("DE89370400440532013000")), currency: .eur),
                balances: [
                    StatementBalance(typeCode: StatementBalance.openingBooked, amount: eur(10_000), creditDebit: .debit, date: .date(day)),
                    StatementBalance(typeCode: StatementBalance.closingBooked, amount: eur(189_750), creditDebit: .credit, date: .date(day)),
                ],
                entries: [credit, fee]),
        ])
    }
}
