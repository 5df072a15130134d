import RemitCore

/// Writes `pain.001.001.09` customer credit transfer initiations.
///
/// Pure: values in, XML text out. Every text is checked against its schema type and refused
/// rather than cut; `NbOfTxs` and `CtrlSum` are computed, never taken from the caller.
public struct Pain001Writer: Sendable {
    /// Bounds on one message.
    public struct Limits: Sendable, Equatable {
        /// The most payment blocks (`PmtInf`) in one message; 100 by default.
        public var paymentBlocksMax: Int
        /// The most transfers (`CdtTrfTxInf`) in one message, over all blocks; 10,000 by default.
        public var transfersPerMessageMax: Int
        /// The most structured remittance blocks (invoices) on one transfer; 100 by default.
        public var remittancesPerTransferMax: Int

        /// Creates limits.
        public init(paymentBlocksMax: Int = 100, transfersPerMessageMax: Int = 10_000, remittancesPerTransferMax: Int = 100) {
            self.paymentBlocksMax = paymentBlocksMax
            self.transfersPerMessageMax = transfersPerMessageMax
            self.remittancesPerTransferMax = remittancesPerTransferMax
        }
    }

    /// The bounds this writer applies.
    public var limits: Limits

    /// Creates a writer.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The XML document for `message`, UTF-8 text.
    ///
    /// - Throws: ``ISO20022Error`` with ``ISO20022Error/Code/textEmpty``,
    ///   ``ISO20022Error/Code/textTooLong`` or ``ISO20022Error/Code/invalidCharacter`` for a text
    ///   that does not fit its schema type, ``ISO20022Error/Code/invalidAmount`` for an amount
    ///   that is not above zero or has too many digits, and ``ISO20022Error/Code/limitExceeded``
    ///   past ``Limits``; each with the path of the element at fault.
    public func document(for message: CreditTransferInitiation) throws(ISO20022Error) -> String {
        try checkMessage(message)
        var xml = XMLBuilder()
        try xml.element("Document", attributes: [("xmlns", ISO20022Schema.pain001v09.namespace)]) { xml throws(ISO20022Error) in
            try xml.element("CstmrCdtTrfInitn") { xml throws(ISO20022Error) in
                try writeGroupHeader(message, to: &xml)
                for (index, payment) in message.payments.enumerated() {
                    try xml.element("PmtInf", position: index + 1) { xml throws(ISO20022Error) in
                        try writePayment(payment, to: &xml)
                    }
                }
            }
        }
        return xml.text
    }

    /// Writes the document and checks it against the bundled XSD before handing it out, so a
    /// file the bank would refuse never leaves Remit.
    ///
    /// - Throws: What ``document(for:)`` throws, and ``ISO20022Error/Code/schemaViolation`` if
    ///   the document does not validate (a bug in this writer; the issues say where).
    public func validatedDocument(for message: CreditTransferInitiation, validator: XMLSchemaValidator? = nil) throws(ISO20022Error) -> String {
        let text = try document(for: message)
        let checker = if let validator { validator } else { try ISO20022Schema.pain001v09.sharedValidator() }
        try checker.validate(Array(text.utf8))
        return text
    }

    private func checkMessage(_ message: CreditTransferInitiation) throws(ISO20022Error) {
        let blocks = message.payments.count
        guard (1...limits.paymentBlocksMax).contains(blocks) else {
            throw ISO20022Error(.limitExceeded, "The message has \(blocks) payment blocks; it needs from 1 "
                + "to \(limits.paymentBlocksMax). Split it into several messages.", path: "CstmrCdtTrfInitn/PmtInf")
        }
        let transfers = message.payments.reduce(0) { $0 + $1.transfers.count }
        guard transfers <= limits.transfersPerMessageMax else {
            throw ISO20022Error(.limitExceeded, "The message has \(transfers) transfers; at most "
                + "\(limits.transfersPerMessageMax) fit in one. Split it into several messages.",
                path: "CstmrCdtTrfInitn")
        }
        // Amounts are checked before the control sums that add them up, so that an error names
        // the amount at fault rather than the sum.
        for (block, payment) in message.payments.enumerated() {
            for (index, transfer) in payment.transfers.enumerated() {
                let path = "CstmrCdtTrfInitn/PmtInf[\(block + 1)]/CdtTrfTxInf[\(index + 1)]/Amt/InstdAmt"
                _ = try ISOAmount.text(transfer.amount, path: path, positive: true)
            }
        }
    }

    private func writeGroupHeader(_ message: CreditTransferInitiation, to xml: inout XMLBuilder) throws(ISO20022Error) {
        let amounts = message.payments.flatMap { $0.transfers.map(\.amount) }
        try xml.element("GrpHdr") { xml throws(ISO20022Error) in
            try xml.text("MsgId", message.messageID, as: .max35Text)
            xml.leaf("CreDtTm", ISODateTimeText.text(message.creationDateTime))
            xml.leaf("NbOfTxs", String(amounts.count))
            xml.leaf("CtrlSum", try ISOAmount.controlSum(amounts, path: xml.path("CtrlSum")))
            try xml.element("InitgPty") { xml throws(ISO20022Error) in
                try xml.text("Nm", message.initiatingPartyName, as: .max140Text)
            }
        }
    }

    private func writePayment(_ payment: PaymentInstruction, to xml: inout XMLBuilder) throws(ISO20022Error) {
        guard !payment.transfers.isEmpty else {
            throw ISO20022Error(.limitExceeded, "A payment block needs at least one transfer.", path: xml.path())
        }
        try xml.text("PmtInfId", payment.id, as: .max35Text)
        xml.leaf("PmtMtd", "TRF")
        xml.leaf("NbOfTxs", String(payment.transfers.count))
        xml.leaf("CtrlSum", try ISOAmount.controlSum(payment.transfers.map(\.amount), path: xml.path("CtrlSum")))
        xml.element("ReqdExctnDt") { xml in xml.leaf("Dt", payment.requestedExecutionDate.description) }
        try xml.element("Dbtr") { xml throws(ISO20022Error) in try xml.text("Nm", payment.debtorName, as: .max140Text) }
        xml.element("DbtrAcct") { xml in xml.writeIBAN(payment.debtorAccount) }
        xml.element("DbtrAgt") { xml in xml.writeAgent(payment.debtorAgent) }
        for (index, transfer) in payment.transfers.enumerated() {
            try xml.element("CdtTrfTxInf", position: index + 1) { xml throws(ISO20022Error) in
                try writeTransfer(transfer, to: &xml)
            }
        }
    }

    private func writeTransfer(_ transfer: CreditTransfer, to xml: inout XMLBuilder) throws(ISO20022Error) {
        guard transfer.remittance.count <= limits.remittancesPerTransferMax else {
            throw ISO20022Error(.limitExceeded, "The transfer carries \(transfer.remittance.count) remittance "
                + "blocks; at most \(limits.remittancesPerTransferMax) fit. Split the payment.", path: xml.path("RmtInf"))
        }
        try xml.element("PmtId") { xml throws(ISO20022Error) in
            if let instructionID = transfer.instructionID { try xml.text("InstrId", instructionID, as: .max35Text) }
            try xml.text("EndToEndId", transfer.endToEndID, as: .max35Text)
        }
        try xml.element("Amt") { xml throws(ISO20022Error) in
            try xml.amount("InstdAmt", transfer.amount, positive: true)
        }
        if let agent = transfer.creditorAgent {
            xml.element("CdtrAgt") { xml in xml.writeAgent(agent) }
        }
        try xml.element("Cdtr") { xml throws(ISO20022Error) in try xml.text("Nm", transfer.creditorName, as: .max140Text) }
        xml.element("CdtrAcct") { xml in xml.writeIBAN(transfer.creditorAccount) }
        if !transfer.remittance.isEmpty {
            try xml.element("RmtInf") { xml throws(ISO20022Error) in
                for (index, block) in transfer.remittance.enumerated() {
                    try xml.writeStructuredRemittance(block, position: index + 1)
                }
            }
        }
    }
}
