import Foundation

/// How references, names and accounts are made comparable. Pure functions, no locale.
enum Normalization {
    /// A reference as a comparison key: letters and digits only, upper case.
    ///
    /// `inv-2026/0042`, `INV 2026 0042` and `INV20260042` are one key, since banks and payers
    /// drop or change separators. Returns "" when nothing is left.
    static func referenceKey(_ text: String) -> String {
        var key = ""
        for scalar in text.unicodeScalars where scalar.isASCII {
            let value = scalar.value
            if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) {
                key.unicodeScalars.append(scalar)
            } else if (0x61...0x7A).contains(value) {
                key.unicodeScalars.append(Unicode.Scalar(value - 0x20)!)
            }
        }
        return key
    }

    /// An end-to-end id as a key: trimmed, case kept (ISO 20022 ids are case-sensitive);
    /// nil for none, an empty id, or the `NOTPROVIDED` placeholder.
    static func endToEndKey(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty,
              trimmed.uppercased() != "NOTPROVIDED"
        else { return nil }
        return trimmed
    }

    /// An account as a key: letters and digits only, upper case (`de89 3704-0044…` is `DE893704…`).
    static func accountKey(_ text: String) -> String {
        referenceKey(text)
    }

    /// Words that name a legal form rather than the company; dropped from names before comparing.
    static let legalForms: Set<String> = [
        "AB", "AG", "AS", "BV", "CO", "COMPANY", "CORP", "CORPORATION", "GMBH", "INC", "INCORPORATED",
        "KG", "LIMITED", "LLC", "LLP", "LP", "LTD", "NV", "OY", "PLC", "PTY", "SA", "SAS", "SARL", "SE",
        "SPA", "SRL", "THE",
    ]

    /// Letters that folding leaves alone but the SEPA character set (basic Latin) spells out,
    /// as banks do: "Nørdisk" arrives as "NORDISK". Keys are lower case, as folding leaves them.
    static let transliterations: [Unicode.Scalar: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// A company name as a key: accents folded, upper case, punctuation removed, legal forms
    /// dropped, words joined by single spaces. "Globex Corporation" and "GLOBEX CORP." are
    /// "GLOBEX"; "Müller GmbH & Co. KG" is "MULLER" (a bank's "MUELLER" is not: German
    /// transliteration is not guessed); "Nørdisk AB" is "NORDISK".
    static func nameKey(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if let ascii = transliterations[scalar] {
                current += ascii
            } else if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "." || scalar == "'" {
                // "Corp." and "O'Brien" keep their word together.
                continue
            } else if !current.isEmpty {
                words.append(current.uppercased())
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.uppercased()) }
        let kept = words.filter { !legalForms.contains($0) }
        // A name made only of legal-form words ("The Company") keeps them rather than becoming "".
        return (kept.isEmpty ? words : kept).joined(separator: " ")
    }

    /// The words of free remittance text: runs of letters, digits and the separators `-`, `.`,
    /// `_` that invoice numbers use; everything else (spaces, `/`, `,`, `:` …) splits words.
    static func words(_ lines: [String]) -> [String] {
        var words: [String] = []
        for line in lines {
            var current = ""
            for scalar in line.unicodeScalars {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "." || scalar == "_" {
                    current.unicodeScalars.append(scalar)
                } else if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            }
            if !current.isEmpty { words.append(current) }
        }
        return words
    }
}
