import RemitCore

/// The element groups that pain.001 and camt.053 share.
extension XMLBuilder {
    /// `<name Ccy="EUR">12.50</name>`.
    mutating func amount(_ name: String, _ money: Money, positive: Bool = false) throws(ISO20022Error) {
        let text = try ISOAmount.text(money, path: path(name), positive: positive)
        leaf(name, text, attributes: [("Ccy", money.currency.code)])
    }

    /// `<Id><IBAN>…</IBAN></Id>` inside an account element.
    mutating func writeIBAN(_ iban: IBAN) {
        element("Id") { xml in xml.leaf("IBAN", iban.electronicFormat) }
    }

    /// `<FinInstnId><BICFI>…</BICFI></FinInstnId>` inside an agent element.
    mutating func writeAgent(_ bic: BIC) {
        element("FinInstnId") { xml in xml.leaf("BICFI", bic.code) }
    }

    /// One `Strd` block: referred documents, their amounts and the creditor reference.
    mutating func writeStructuredRemittance(_ block: StructuredRemittance, position: Int) throws(ISO20022Error) {
        try element("Strd", position: position) { xml throws(ISO20022Error) in
            for (index, document) in block.referredDocuments.enumerated() {
                try xml.element("RfrdDocInf", position: index + 1) { xml throws(ISO20022Error) in
                    if let type = document.type {
                        xml.element("Tp") { xml in xml.element("CdOrPrtry") { xml in xml.leaf("Cd", type.rawValue) } }
                    }
                    if let number = document.number { try xml.text("Nb", number, as: .max35Text) }
                    if let date = document.relatedDate { xml.leaf("RltdDt", date.description) }
                }
            }
            if block.duePayable != nil || block.remitted != nil || block.discountApplied != nil {
                try xml.element("RfrdDocAmt") { xml throws(ISO20022Error) in
                    if let due = block.duePayable { try xml.amount("DuePyblAmt", due) }
                    if let discount = block.discountApplied {
                        try xml.element("DscntApldAmt") { xml throws(ISO20022Error) in try xml.amount("Amt", discount) }
                    }
                    if let remitted = block.remitted { try xml.amount("RmtdAmt", remitted) }
                }
            }
            if let reference = block.creditorReference {
                try xml.writeCreditorReference(reference)
            }
        }
    }

    /// `CdtrRefInf` with type `SCOR`, issuer `ISO` for an RF reference, and the reference.
    private mutating func writeCreditorReference(_ reference: CreditorReference) throws(ISO20022Error) {
        try element("CdtrRefInf") { xml throws(ISO20022Error) in
            xml.element("Tp") { xml in
                xml.element("CdOrPrtry") { xml in xml.leaf("Cd", "SCOR") }
                if case .iso11649 = reference { xml.leaf("Issr", "ISO") }
            }
            try xml.text("Ref", reference.text, as: .max35Text)
        }
    }
}
