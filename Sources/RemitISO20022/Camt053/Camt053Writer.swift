import Foundation
import RemitCore

/// Writes `camt.053.001.08` bank-to-customer statements: for tests, and for the demo bank that
/// stands in for a real one.
///
/// Pure, like ``Pain001Writer``: texts are checked against their schema types and never cut.
public struct Camt053Writer: Sendable {
    /// Creates a writer.
    public init() {}

    /// The XML document for `message`, UTF-8 text.
    ///
    /// - Throws: ``ISO20022Error`` for a text that does not fit its schema type, a negative
    ///   amount or one with too many digits, or a message without statements; with the path of
    ///   the element at fault.
    public func document(for message: BankToCustomerStatement) throws(ISO20022Error) -> String {
        guard !message.statements.isEmpty else {
            throw ISO20022Error(.limitExceeded, "A statement message needs at least one statement.", path: "BkToCstmrStmt/Stmt")
        }
        var xml = XMLBuilder()
        try xml.element("Document", attributes: [("xmlns", ISO20022Schema.camt053v08.namespace)]) { xml throws(ISO20022Error) in
            try xml.element("BkToCstmrStmt") { xml throws(ISO20022Error) in
                try xml.element("GrpHdr") { xml throws(ISO20022Error) in
                    try xml.text("MsgId", message.messageID, as: .max35Text)
                    xml.leaf("CreDtTm", ISODateTimeText.text(message.creationDateTime))
                }
                for (index, statement) in message.statements.enumerated() {
                    try xml.element("Stmt", position: index + 1) { xml throws(ISO20022Error) in
                        try writeStatement(statement, to: &xml)
                    }
                }
            }
        }
        return xml.text
    }

    private func writeStatement(_ statement: AccountStatement, to xml: inout XMLBuilder) throws(ISO20022Error) {
        guard !statement.balances.isEmpty else {
            throw ISO20022Error(.limitExceeded, "A statement needs at least one balance.", path: xml.path("Bal"))
        }
        try xml.text("Id", statement.id, as: .max35Text)
        if let created = statement.creationDateTime { xml.leaf("CreDtTm", ISODateTimeText.text(created)) }
        try xml.element("Acct") { xml throws(ISO20022Error) in
            try xml.writeAccountID(statement.account.id)
            if let currency = statement.account.currency { xml.leaf("Ccy", currency.code) }
        }
        for (index, balance) in statement.balances.enumerated() {
            try xml.element("Bal", position: index + 1) { xml throws(ISO20022Error) in
                try xml.element("Tp") { xml throws(ISO20022Error) in
                    try xml.element("CdOrPrtry") { xml throws(ISO20022Error) in
                        try xml.text("Cd", balance.typeCode, as: .externalCode)
                    }
                }
                try xml.amount("Amt", balance.amount)
                xml.leaf("CdtDbtInd", balance.creditDebit.rawValue)
                xml.element("Dt") { xml in xml.writeDate(balance.date) }
            }
        }
        for (index, entry) in statement.entries.enumerated() {
            try xml.element("Ntry", position: index + 1) { xml throws(ISO20022Error) in
                try writeEntry(entry, to: &xml)
            }
        }
    }

    private func writeEntry(_ entry: StatementEntry, to xml: inout XMLBuilder) throws(ISO20022Error) {
        if let reference = entry.reference { try xml.text("NtryRef", reference, as: .max35Text) }
        try xml.amount("Amt", entry.amount)
        xml.leaf("CdtDbtInd", entry.creditDebit.rawValue)
        try xml.element("Sts") { xml throws(ISO20022Error) in try xml.text("Cd", entry.status, as: .externalCode) }
        if let date = entry.bookingDate { xml.element("BookgDt") { xml in xml.writeDate(date) } }
        if let date = entry.valueDate { xml.element("ValDt") { xml in xml.writeDate(date) } }
        if let reference = entry.accountServicerReference { try xml.text("AcctSvcrRef", reference, as: .max35Text) }
        try xml.element("BkTxCd") { xml throws(ISO20022Error) in
            guard let code = entry.bankTransactionCode else { return }
            try xml.element("Domn") { xml throws(ISO20022Error) in
                try xml.text("Cd", code.domain, as: .externalCode)
                try xml.element("Fmly") { xml throws(ISO20022Error) in
                    try xml.text("Cd", code.family, as: .externalCode)
                    try xml.text("SubFmlyCd", code.subFamily, as: .externalCode)
                }
            }
        }
        if !entry.transactions.isEmpty {
            try xml.element("NtryDtls") { xml throws(ISO20022Error) in
                for (index, transaction) in entry.transactions.enumerated() {
                    try xml.element("TxDtls", position: index + 1) { xml throws(ISO20022Error) in
                        try writeTransaction(transaction, to: &xml)
                    }
                }
            }
        }
        if let information = entry.additionalInformation { try xml.text("AddtlNtryInf", information, as: .max500Text) }
    }

    private func writeTransaction(_ transaction: EntryTransaction, to xml: inout XMLBuilder) throws(ISO20022Error) {
        if transaction.instructionID != nil || transaction.endToEndID != nil {
            try xml.element("Refs") { xml throws(ISO20022Error) in
                if let id = transaction.instructionID { try xml.text("InstrId", id, as: .max35Text) }
                if let id = transaction.endToEndID { try xml.text("EndToEndId", id, as: .max35Text) }
            }
        }
        if let amount = transaction.amount { try xml.amount("Amt", amount) }
        if let direction = transaction.creditDebit { xml.leaf("CdtDbtInd", direction.rawValue) }
        if transaction.debtor != nil || transaction.creditor != nil {
            try xml.element("RltdPties") { xml throws(ISO20022Error) in
                try xml.writeParty(transaction.debtor, name: "Dbtr", account: "DbtrAcct")
                try xml.writeParty(transaction.creditor, name: "Cdtr", account: "CdtrAcct")
            }
        }
        let remittance = (transaction.structuredRemittance, transaction.unstructuredRemittance)
        if !remittance.0.isEmpty || !remittance.1.isEmpty {
            try xml.element("RmtInf") { xml throws(ISO20022Error) in
                for line in remittance.1 { try xml.text("Ustrd", line, as: .max140Text) }
                for (index, block) in remittance.0.enumerated() {
                    try xml.writeStructuredRemittance(block, position: index + 1)
                }
            }
        }
    }
}

extension XMLBuilder {
    /// `<Dt>2026-03-02</Dt>` or `<DtTm>…</DtTm>`.
    mutating func writeDate(_ date: DateOrDateTime) {
        switch date {
        case .date(let day): leaf("Dt", day.description)
        case .dateTime(let instant): leaf("DtTm", ISODateTimeText.text(instant))
        }
    }

    /// `<Id><IBAN>…</IBAN></Id>` or `<Id><Othr><Id>…</Id></Othr></Id>`.
    mutating func writeAccountID(_ id: AccountIdentifier) throws(ISO20022Error) {
        switch id {
        case .iban(let iban):
            writeIBAN(iban)
        case .other(let number):
            try element("Id") { xml throws(ISO20022Error) in
                try xml.element("Othr") { xml throws(ISO20022Error) in try xml.text("Id", number, as: .max34Text) }
            }
        }
    }

    /// `<Dbtr><Pty><Nm>…</Nm></Pty></Dbtr><DbtrAcct>…</DbtrAcct>` for a party that is there.
    mutating func writeParty(_ party: TransactionParty?, name: String, account: String) throws(ISO20022Error) {
        guard let party else { return }
        try element(name) { xml throws(ISO20022Error) in
            try xml.element("Pty") { xml throws(ISO20022Error) in
                if let partyName = party.name { try xml.text("Nm", partyName, as: .max140Text) }
            }
        }
        if let id = party.account {
            try element(account) { xml throws(ISO20022Error) in try xml.writeAccountID(id) }
        }
    }
}
