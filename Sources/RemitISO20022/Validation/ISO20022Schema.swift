import Foundation

/// The ISO 20022 message schemas bundled with Remit.
///
/// The XSDs are resources of this module (with their MIT licence beside them), so validation
/// needs no file outside the program and no network.
public enum ISO20022Schema: String, Sendable, CaseIterable {
    /// Customer credit transfer initiation, version 9: what Remit sends a bank to pay.
    case pain001v09 = "pain.001.001.09"
    /// Bank-to-customer statement, version 8: what a bank sends back.
    case camt053v08 = "camt.053.001.08"

    /// The XML namespace of the message, such as `urn:iso:std:iso:20022:tech:xsd:pain.001.001.09`.
    public var namespace: String { "urn:iso:std:iso:20022:tech:xsd:\(rawValue)" }

    /// The bundled XSD.
    ///
    /// - Throws: ``ISO20022Error/Code/schemaUnavailable`` when the resource is missing.
    public func xsdBytes() throws(ISO20022Error) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "xsd"),
              let data = try? Data(contentsOf: url)
        else {
            throw ISO20022Error(.schemaUnavailable, "The bundled XSD \(rawValue).xsd is missing; "
                + "the RemitISO20022 resources were not installed beside the program.")
        }
        return Array(data)
    }

    /// A validator for this schema, compiled on first use and then shared.
    ///
    /// - Throws: ``ISO20022Error/Code/schemaUnavailable`` when the XSD is missing or does not compile.
    public func sharedValidator() throws(ISO20022Error) -> XMLSchemaValidator {
        switch self {
        case .pain001v09: try SharedValidators.pain001v09.get()
        case .camt053v08: try SharedValidators.camt053v08.get()
        }
    }

    /// Compiles a new validator for this schema with the given limits.
    ///
    /// - Throws: ``ISO20022Error/Code/schemaUnavailable`` when the XSD is missing or does not compile.
    public func makeValidator(limits: XMLSchemaValidator.Limits = .init()) throws(ISO20022Error) -> XMLSchemaValidator {
        try XMLSchemaValidator(xsd: xsdBytes(), schemaName: rawValue, limits: limits)
    }
}

/// The shared validators; a `static let` is compiled once, on first use, by whichever thread
/// gets there first.
private enum SharedValidators {
    static let pain001v09 = Result { () throws(ISO20022Error) in try ISO20022Schema.pain001v09.makeValidator() }
    static let camt053v08 = Result { () throws(ISO20022Error) in try ISO20022Schema.camt053v08.makeValidator() }
}
