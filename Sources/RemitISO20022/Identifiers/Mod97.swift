/// ISO 7064 MOD 97-10, the check shared by IBANs (ISO 13616) and creditor references (ISO 11649).
enum Mod97 {
    /// The remainder modulo 97 of the number spelt by `characters`, where digits stand for
    /// themselves and letters A…Z for 10…35; nil when a character is neither.
    static func remainder(of characters: some Sequence<UInt8>) -> Int? {
        var remainder = 0
        for byte in characters {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            default:
                return nil
            }
        }
        return remainder
    }

    /// `bytes` with its first four characters moved to the end: how both checks arrange the text.
    static func rotated(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.dropFirst(4) + bytes.prefix(4))
    }

    /// Removes ASCII spaces and upper-cases ASCII letters: the electronic form of printed input.
    static func electronic(_ text: String) -> [UInt8] {
        text.utf8.compactMap { byte in
            if byte == UInt8(ascii: " ") { return nil }
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { return byte - 32 }
            return byte
        }
    }

    /// Whether every byte is an ASCII upper-case letter or digit.
    static func isAlphanumeric(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.allSatisfy { isDigit($0) || isLetter($0) }
    }

    /// Whether `byte` is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Whether `byte` is an ASCII upper-case letter.
    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// Groups text in fours separated by spaces, the printed form of IBANs and RF references.
    static func grouped(_ text: String) -> String {
        var result = ""
        for (index, character) in text.enumerated() {
            if index > 0, index % 4 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }
}
