/// An ABA routing transit number: 8 digits that name a bank (the DFI identification) and a
/// check digit computed with the weights 3, 7, 1.
public struct RoutingNumber: Hashable, Sendable, CustomStringConvertible {
    /// The nine digits.
    public let digits: String

    /// Parses nine digits and checks the ninth against the first eight.
    ///
    /// - Throws: ``NACHAError/Code/invalidFormat`` unless the text is exactly 9 digits;
    ///   ``NACHAError/Code/routingCheckDigit`` when the check digit is wrong.
    public init(_ text: String) throws(NACHAError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 9, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw NACHAError(.invalidFormat, "A routing number is exactly 9 digits.")
        }
        let expected = RoutingNumber.checkDigit(dfiIdentification: String(text.prefix(8)))!
        guard Int(bytes[8] - 48) == expected else {
            throw NACHAError(.routingCheckDigit, "Routing number \(text) fails its check digit: the ninth digit should be \(expected).")
        }
        digits = text
    }

    /// The first eight digits, which name the bank in entry details and batch headers.
    public var dfiIdentification: String { String(digits.prefix(8)) }

    /// The ninth digit.
    public var checkDigit: Int { Int(digits.utf8.last! - 48) }

    public var description: String { digits }

    /// The check digit of an 8-digit DFI identification: the sum of its digits weighted
    /// 3, 7, 1, 3, 7, 1, 3, 7, taken up to the next multiple of ten. Nil unless 8 digits.
    public static func checkDigit(dfiIdentification: String) -> Int? {
        let bytes = Array(dfiIdentification.utf8)
        guard bytes.count == 8, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let weights = [3, 7, 1, 3, 7, 1, 3, 7]
        let sum = zip(bytes, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return (10 - sum % 10) % 10
    }
}
