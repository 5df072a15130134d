import Foundation
import RemitCore

/// Reads `camt.053.001.08` bank-to-customer statements into typed values.
///
/// In order: the size is checked against ``Limits/statementBytesMax``; the document is
/// validated against the bundled XSD by libxml2 (which refuses any DOCTYPE, so no entity is ever
/// expanded or fetched); only then is it parsed and read. Amounts become exact minor units.
public struct Camt053Reader: Sendable {
    /// Bounds on one statement file.
    public struct Limits: Sendable, Equatable {
        /// The largest statement file accepted, in bytes; 10 MiB by default.
        public var statementBytesMax: Int

        /// Creates limits.
        public init(statementBytesMax: Int = 10 * 1024 * 1024) {
            self.statementBytesMax = statementBytesMax
        }
    }

    /// The bounds this reader applies.
    public let limits: Limits
    private let validator: XMLSchemaValidator

    /// Creates a reader that validates with `validator`, by default the shared camt.053.001.08 one.
    ///
    /// - Throws: ``ISO20022Error/Code/schemaUnavailable`` when the bundled XSD cannot be loaded.
    public init(limits: Limits = Limits(), validator: XMLSchemaValidator? = nil) throws(ISO20022Error) {
        self.limits = limits
        self.validator = if let validator { validator } else { try ISO20022Schema.camt053v08.sharedValidator() }
    }

    /// Reads one statement message.
    ///
    /// - Throws: ``ISO20022Error`` with ``ISO20022Error/Code/documentTooLarge`` past
    ///   ``Limits/statementBytesMax``; ``ISO20022Error/Code/doctypeNotAllowed``,
    ///   ``ISO20022Error/Code/malformedXML`` or ``ISO20022Error/Code/schemaViolation`` (with
    ///   libxml2's reasons) when the XSD refuses the file; and
    ///   ``ISO20022Error/Code/unsupportedContent`` for a schema-valid value Remit cannot hold
    ///   exactly: an unknown currency, more non-zero decimals than the currency has, a bad IBAN.
    public func read(_ bytes: [UInt8]) throws(ISO20022Error) -> BankToCustomerStatement {
        guard bytes.count <= limits.statementBytesMax else {
            throw ISO20022Error(.documentTooLarge, "The statement has \(bytes.count) bytes; at most "
                + "\(limits.statementBytesMax) are accepted (statementBytesMax). Ask the bank for daily statements.")
        }
        try validator.validate(bytes)
        let root: XMLTreeElement
        switch XMLTreeElement.parse(bytes) {
        case .success(let element): root = element
        case .failure(let failure):
            throw ISO20022Error(.malformedXML, "The statement passed the schema but could not be read: \(failure.reason)",
                                issues: [XMLValidationIssue(line: failure.line, severity: .fatal, message: failure.reason)])
        }
        // Paths start below the root, as the writers' do: BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt.
        guard let element = root.children.first(where: { $0.name == "BkToCstmrStmt" }) else {
            throw ISO20022Error(.unsupportedContent, "The document is not a bank-to-customer statement.")
        }
        let message = ElementReader(element: element, path: "BkToCstmrStmt")
        guard let created = try message.child("GrpHdr")?.dateTime("CreDtTm") else {
            throw ISO20022Error(.unsupportedContent, "The group header has no creation date-time.", path: message.path + "/GrpHdr")
        }
        return BankToCustomerStatement(
            messageID: try message.requiredText("GrpHdr", "MsgId"),
            creationDateTime: created,
            statements: try message.children("Stmt").map { statement throws(ISO20022Error) in try readStatement(statement) })
    }

    private func readStatement(_ node: ElementReader) throws(ISO20022Error) -> AccountStatement {
        guard let account = node.child("Acct"), let accountID = try account.accountID() else {
            throw ISO20022Error(.unsupportedContent, "The statement names no account.", path: node.path + "/Acct")
        }
        var currency: Currency?
        if let code = account.text("Ccy") {
            do throws(MoneyError) { currency = try Currency(code: code) } catch {
                throw ISO20022Error(.unsupportedContent, error.description, path: account.path + "/Ccy")
            }
        }
        return AccountStatement(
            id: try node.requiredText("Id"),
            creationDateTime: try node.dateTime("CreDtTm"),
            account: StatementAccount(id: accountID, currency: currency),
            balances: try node.children("Bal").map { balance throws(ISO20022Error) in try readBalance(balance) },
            entries: try node.children("Ntry").map { entry throws(ISO20022Error) in try readEntry(entry) })
    }

    private func readBalance(_ node: ElementReader) throws(ISO20022Error) -> StatementBalance {
        guard let amount = try node.money("Amt"), let direction = try node.creditDebit(),
              let date = try node.dateOrDateTime("Dt"),
              let type = node.text("Tp", "CdOrPrtry", "Cd") ?? node.text("Tp", "CdOrPrtry", "Prtry")
        else {
            throw ISO20022Error(.unsupportedContent, "The balance lacks a type, amount, direction or date.", path: node.path)
        }
        return StatementBalance(typeCode: type, amount: amount, creditDebit: direction, date: date)
    }

    private func readEntry(_ node: ElementReader) throws(ISO20022Error) -> StatementEntry {
        guard let amount = try node.money("Amt"), let direction = try node.creditDebit(),
              let status = node.text("Sts", "Cd") ?? node.text("Sts", "Prtry")
        else {
            throw ISO20022Error(.unsupportedContent, "The entry lacks an amount, direction or status.", path: node.path)
        }
        let transactions = node.children("NtryDtls").flatMap { $0.children("TxDtls") }
        return StatementEntry(
            reference: node.text("NtryRef"), amount: amount, creditDebit: direction, status: status,
            bookingDate: try node.dateOrDateTime("BookgDt"), valueDate: try node.dateOrDateTime("ValDt"),
            accountServicerReference: node.text("AcctSvcrRef"),
            bankTransactionCode: Self.bankTransactionCode(node),
            transactions: try transactions.map { transaction throws(ISO20022Error) in try readTransaction(transaction) },
            additionalInformation: node.text("AddtlNtryInf"))
    }

    private static func bankTransactionCode(_ node: ElementReader) -> BankTransactionCode? {
        guard let domain = node.descendant("BkTxCd", "Domn"), let code = domain.text("Cd"),
              let family = domain.text("Fmly", "Cd"), let subFamily = domain.text("Fmly", "SubFmlyCd")
        else { return nil }
        return BankTransactionCode(domain: code, family: family, subFamily: subFamily)
    }

    private func readTransaction(_ node: ElementReader) throws(ISO20022Error) -> EntryTransaction {
        let parties = node.child("RltdPties")
        let remittance = node.child("RmtInf")
        return EntryTransaction(
            endToEndID: node.text("Refs", "EndToEndId"), instructionID: node.text("Refs", "InstrId"),
            amount: try node.money("Amt"), creditDebit: try node.creditDebit(),
            debtor: try parties.flatMap { parties throws(ISO20022Error) in try Self.party(parties, "Dbtr", "DbtrAcct") },
            creditor: try parties.flatMap { parties throws(ISO20022Error) in try Self.party(parties, "Cdtr", "CdtrAcct") },
            structuredRemittance: try (remittance?.children("Strd") ?? []).map { block throws(ISO20022Error) in
                try Self.structuredRemittance(block)
            },
            unstructuredRemittance: (remittance?.children("Ustrd") ?? []).map(\.element.text))
    }

    private static func party(_ parties: ElementReader, _ name: String, _ account: String) throws(ISO20022Error) -> TransactionParty? {
        let partyName = parties.text(name, "Pty", "Nm")
        let accountID = try parties.child(account)?.accountID()
        guard partyName != nil || accountID != nil else { return nil }
        return TransactionParty(name: partyName, account: accountID)
    }

    private static func structuredRemittance(_ node: ElementReader) throws(ISO20022Error) -> StructuredRemittance {
        let documents = try node.children("RfrdDocInf").map { document throws(ISO20022Error) in
            ReferredDocument(
                type: document.text("Tp", "CdOrPrtry", "Cd").flatMap(ReferredDocumentType.init(rawValue:)),
                number: document.text("Nb"), relatedDate: try document.date("RltdDt"))
        }
        let amounts = node.child("RfrdDocAmt")
        return StructuredRemittance(
            referredDocuments: documents,
            duePayable: try amounts?.money("DuePyblAmt"), remitted: try amounts?.money("RmtdAmt"),
            creditorReference: node.child("CdtrRefInf").flatMap(Self.creditorReference))
    }

    /// An RF reference when issued by `ISO` and valid; otherwise the reference as written.
    private static func creditorReference(_ node: ElementReader) -> CreditorReference? {
        guard let text = node.text("Ref") else { return nil }
        if node.text("Tp", "Issr") == "ISO", let reference = try? RFCreditorReference(text) {
            return .iso11649(reference)
        }
        return .other(text)
    }
}
