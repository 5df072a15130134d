/// An ISO 11649 structured creditor reference ("RF reference"), such as `RF18539007547034`.
///
/// `RF`, two check digits and 1 to 21 letters or digits chosen by the creditor. The check
/// digits make the reference survive retyping by the payer: a bank or Remit can tell a
/// mistyped reference from a real one.
public struct RFCreditorReference: Hashable, Sendable, CustomStringConvertible {
    /// The most characters the creditor's own part may have.
    public static let referenceCharactersMax = 21

    /// The reference in electronic form, such as `RF18539007547034`.
    public let electronicFormat: String

    /// Validates a reference in electronic or printed form (`RF18 5390 0754 7034`).
    ///
    /// - Throws: ``ISO20022Error`` with code ``ISO20022Error/Code/creditorReference`` when it
    ///   does not start with `RF` and two digits, its own part is not 1…21 letters or digits, or
    ///   the check digits do not match.
    public init(_ text: String) throws(ISO20022Error) {
        let bytes = Mod97.electronic(text)
        guard bytes.count >= 5, bytes.count <= 4 + Self.referenceCharactersMax,
              bytes[0] == UInt8(ascii: "R"), bytes[1] == UInt8(ascii: "F"),
              Mod97.isDigit(bytes[2]), Mod97.isDigit(bytes[3]), Mod97.isAlphanumeric(bytes)
        else {
            throw ISO20022Error(.creditorReference, "'\(ISO20022Error.echo(text))' is not an RF creditor "
                + "reference: write RF, two check digits and 1 to 21 letters or digits.")
        }
        guard Mod97.remainder(of: Mod97.rotated(bytes)) == 1 else {
            throw ISO20022Error(.creditorReference, "'\(ISO20022Error.echo(text))' fails the RF check "
                + "digits; a character is probably mistyped.")
        }
        electronicFormat = String(decoding: bytes, as: UTF8.self)
    }

    /// Makes the RF reference for the creditor's own reference, such as an invoice number.
    ///
    /// Spaces are removed and letters upper-cased: `INV-42` is not allowed, `INV42` is.
    /// - Throws: ``ISO20022Error`` with code ``ISO20022Error/Code/creditorReference`` unless the
    ///   reference is 1…21 letters or digits.
    public init(creditorReference reference: String) throws(ISO20022Error) {
        let bytes = Mod97.electronic(reference)
        guard (1...Self.referenceCharactersMax).contains(bytes.count), Mod97.isAlphanumeric(bytes) else {
            throw ISO20022Error(.creditorReference, "'\(ISO20022Error.echo(reference))' cannot be made "
                + "into an RF reference: use 1 to 21 letters or digits.")
        }
        let remainder = Mod97.remainder(of: bytes + Array("RF00".utf8)) ?? 0
        let check = 98 - remainder
        let digits = check < 10 ? "0\(check)" : "\(check)"
        try self.init("RF" + digits + String(decoding: bytes, as: UTF8.self))
    }

    /// The reference in groups of four for people to read: `RF18 5390 0754 7034`.
    public var printFormat: String { Mod97.grouped(electronicFormat) }

    /// The electronic format.
    public var description: String { electronicFormat }
}
