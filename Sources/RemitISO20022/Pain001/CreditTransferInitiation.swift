import Foundation
import RemitCore

/// A customer credit transfer initiation (`pain.001.001.09`): the file Remit hands a bank to pay
/// suppliers by credit transfer.
public struct CreditTransferInitiation: Hashable, Sendable {
    /// The message's unique id (`GrpHdr/MsgId`); `Max35Text`. Banks refuse a repeated id.
    public var messageID: String
    /// When the message was made (`GrpHdr/CreDtTm`); injected, never read from a clock here.
    public var creationDateTime: Date
    /// Who sends the file (`GrpHdr/InitgPty/Nm`); `Max140Text`.
    public var initiatingPartyName: String
    /// The payment blocks (`PmtInf`): one per debtor account and execution date. At least one.
    public var payments: [PaymentInstruction]

    /// Creates a message.
    public init(messageID: String, creationDateTime: Date, initiatingPartyName: String, payments: [PaymentInstruction]) {
        self.messageID = messageID
        self.creationDateTime = creationDateTime
        self.initiatingPartyName = initiatingPartyName
        self.payments = payments
    }
}

/// One payment block (`PmtInf`): transfers from one debtor account on one execution date.
public struct PaymentInstruction: Hashable, Sendable {
    /// The block's id (`PmtInfId`); `Max35Text`.
    public var id: String
    /// The day the bank should execute the transfers (`ReqdExctnDt/Dt`).
    public var requestedExecutionDate: CalendarDate
    /// The payer (`Dbtr/Nm`); `Max140Text`.
    public var debtorName: String
    /// The account paid from (`DbtrAcct/Id/IBAN`).
    public var debtorAccount: IBAN
    /// The payer's bank (`DbtrAgt/FinInstnId/BICFI`).
    public var debtorAgent: BIC
    /// The transfers (`CdtTrfTxInf`). At least one.
    public var transfers: [CreditTransfer]

    /// Creates a payment block.
    public init(
        id: String, requestedExecutionDate: CalendarDate, debtorName: String, debtorAccount: IBAN,
        debtorAgent: BIC, transfers: [CreditTransfer]
    ) {
        self.id = id
        self.requestedExecutionDate = requestedExecutionDate
        self.debtorName = debtorName
        self.debtorAccount = debtorAccount
        self.debtorAgent = debtorAgent
        self.transfers = transfers
    }
}

/// One credit transfer (`CdtTrfTxInf`) to one creditor, carrying the invoices it pays.
public struct CreditTransfer: Hashable, Sendable {
    /// The instruction id between Remit and its bank (`PmtId/InstrId`); `Max35Text`.
    public var instructionID: String?
    /// The id that travels to the creditor and comes back on statements (`PmtId/EndToEndId`);
    /// `Max35Text`. Remit uses it to match the statement entry to the payment.
    public var endToEndID: String
    /// The amount (`Amt/InstdAmt`); above zero.
    public var amount: Money
    /// The payee (`Cdtr/Nm`); `Max140Text`.
    public var creditorName: String
    /// The account paid to (`CdtrAcct/Id/IBAN`).
    public var creditorAccount: IBAN
    /// The payee's bank (`CdtrAgt/FinInstnId/BICFI`); optional where IBAN-only payments are allowed,
    /// as within SEPA.
    public var creditorAgent: BIC?
    /// One structured remittance block per invoice paid (`RmtInf/Strd`).
    public var remittance: [StructuredRemittance]

    /// Creates a transfer.
    public init(
        instructionID: String? = nil, endToEndID: String, amount: Money, creditorName: String,
        creditorAccount: IBAN, creditorAgent: BIC? = nil, remittance: [StructuredRemittance] = []
    ) {
        self.instructionID = instructionID
        self.endToEndID = endToEndID
        self.amount = amount
        self.creditorName = creditorName
        self.creditorAccount = creditorAccount
        self.creditorAgent = creditorAgent
        self.remittance = remittance
    }
}
