/// Escaping of text and attribute values for the XML Remit writes.
enum XMLEscaping {
    /// Whether XML 1.0's `Char` production allows the scalar: tab, line feed, carriage return,
    /// and everything from U+0020 up except U+FFFE and U+FFFF. (Swift strings hold no surrogates.)
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `text` with the characters that XML gives meaning escaped.
    ///
    /// Carriage returns become `&#13;`, because a parser would otherwise turn them into line
    /// feeds; quotes are escaped so the same function serves attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
