import Foundation
import Synchronization

/// Checks the `custom_fields` object of an invoice, a line or a payment against a schema.
public struct CustomFieldValidator: Sendable {
    private let schema: CustomFieldSchema

    /// Creates a validator for the effective schema of one buyer.
    public init(schema: CustomFieldSchema) {
        self.schema = schema
    }

    /// Validates `value` (nil when absent) for objects of `scope` at `path`.
    ///
    /// Returns the normalised values (decimals as exact strings) in schema order, or nil when
    /// a field is at fault; each fault is appended to `errors` naming the field and the rule.
    public func validate(_ value: JSONValue?, scope: CustomFieldScope, path: String, errors: inout [FieldError]) -> [(key: String, value: JSONValue)]? {
        let members: [(key: String, value: JSONValue)]
        switch value {
        case nil, .null?: members = []
        case let .object(object)?: members = object
        case let other?:
            errors.append(FieldError(field: path, rule: "type", message: "must be an object, not \(other.typeName)"))
            return nil
        }
        let definitions = schema.fields(for: scope)
        let before = errors.count
        for member in members where !definitions.contains(where: { $0.key == member.key }) {
            errors.append(FieldError(field: "\(path).\(member.key)", rule: "unknown_field",
                                     message: "is not \(Article.a(scope.rawValue)) field in this buyer's custom-field schema"))
        }
        var normalized: [(key: String, value: JSONValue)] = []
        for definition in definitions {
            let fieldPath = "\(path).\(definition.key)"
            guard let raw = members.first(where: { $0.key == definition.key })?.value, raw != .null else {
                if definition.required {
                    errors.append(FieldError(field: fieldPath, rule: "required", message: "is required (\(definition.label))"))
                }
                continue
            }
            if let clean = Self.check(raw, against: definition, path: fieldPath, errors: &errors) {
                normalized.append((definition.key, clean))
            }
        }
        return errors.count == before ? normalized : nil
    }

    static func check(_ raw: JSONValue, against field: CustomFieldDefinition, path: String, errors: inout [FieldError]) -> JSONValue? {
        func fail(_ rule: String, _ message: String) -> JSONValue? {
            errors.append(FieldError(field: path, rule: rule, message: message))
            return nil
        }
        switch (field.type, raw) {
        case let (.string, .string(text)):
            let maxLength = field.maxLength ?? CustomFieldLimits.stringLengthMax
            if text.count > maxLength { return fail("max_length", "must be at most \(maxLength) characters") }
            if CardNumberDetector.containsCardNumber(text) {
                return fail("card_number", "looks like a card number; card data may not be stored in custom fields")
            }
            if let pattern = field.pattern, !PatternMatcher.matches(text, pattern: pattern) {
                return fail("pattern", "must match the pattern \(pattern)")
            }
            return raw
        case let (.integer, .number(text)):
            guard Int64(text) != nil else { return fail("type", "must be an integer") }
            if CardNumberDetector.containsCardNumber(text) {
                return fail("card_number", "looks like a card number; card data may not be stored in custom fields")
            }
            return raw
        case let (.decimal, .number(text)), let (.decimal, .string(text)):
            guard let canonical = DecimalText.canonical(text) else {
                return fail("type", "must be a decimal number such as 12.50")
            }
            if CardNumberDetector.containsCardNumber(text) {
                return fail("card_number", "looks like a card number; card data may not be stored in custom fields")
            }
            return .string(canonical)
        case let (.date, .string(text)):
            guard CalendarDate(iso8601: text) != nil else { return fail("format", "must be a date in the form YYYY-MM-DD") }
            return raw
        case let (.enum, .string(text)):
            let allowed = field.allowedValues ?? []
            guard allowed.contains(text) else { return fail("enum", "must be one of \(allowed.joined(separator: ", "))") }
            return raw
        case (.boolean, .bool):
            return raw
        default:
            let expected = field.type == .enum ? "string" : field.type.rawValue
            return fail("type", "must be \(Article.a(expected)), not \(raw.typeName)")
        }
    }
}

/// Exact decimal text: `-12.50`, `3`, `0.125`; no exponent, no leading `+`, at most 38 digits.
public enum DecimalText {
    /// The canonical form of `text` (trailing fraction zeros kept as written), or nil when it is not a plain decimal.
    public static func canonical(_ text: String) -> String? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, parts.reduce(0, { $0 + $1.count }) <= 38,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        return text
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Finds card numbers (PANs) in free text.
///
/// A run of 13 to 19 digits (single spaces or dashes allowed between them, as cards are
/// written) that starts with a card-network digit (2 to 6) and passes the Luhn check. The
/// whole run is checked, not every window inside it, so long order numbers and dates next to
/// numbers are not mistaken for cards; one random digit run in ten still passes Luhn, which is
/// the price of refusing real PANs.
public enum CardNumberDetector {
    /// Whether `text` contains something that is probably a card number.
    public static func containsCardNumber(_ text: String) -> Bool {
        var digits: [Int] = []
        var pendingSeparator = false
        for character in text {
            if character.isASCII, let digit = character.wholeNumberValue {
                digits.append(digit)
                pendingSeparator = false
            } else if (character == " " || character == "-"), !digits.isEmpty, !pendingSeparator {
                pendingSeparator = true
            } else {
                if isCardNumber(digits) { return true }
                digits.removeAll()
                pendingSeparator = false
            }
        }
        return isCardNumber(digits)
    }

    static func isCardNumber(_ digits: [Int]) -> Bool {
        guard (13...19).contains(digits.count), let first = digits.first, (2...6).contains(first) else { return false }
        return luhn(digits[...])
    }

    static func luhn(_ digits: ArraySlice<Int>) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}

/// "a" or "an" before a word, for messages.
enum Article {
    static func a(_ word: String) -> String {
        guard let first = word.lowercased().first else { return word }
        return ("aeiou".contains(first) ? "an " : "a ") + word
    }
}

/// Matches tenant-supplied regular expressions against whole values.
public enum PatternMatcher {
    /// The most compiled patterns kept; tenants' schemas hold few distinct patterns, and
    /// compiling one costs far more than matching it.
    public static let compiledPatternsMax = 512

    private static let cache = Mutex<[String: NSRegularExpression?]>([:])

    /// Whether `pattern` is a valid regular expression on its own. (Checking it alone matters:
    /// `A)|(B` compiles once wrapped in the anchors, and would then escape them.)
    public static func isValid(_ pattern: String) -> Bool {
        compiled(pattern) != nil
    }

    /// Whether the whole of `text` matches `pattern`; an invalid pattern matches nothing.
    public static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = compiled(pattern) else { return false }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, range: range) != nil
    }

    /// The anchored regular expression for `pattern`, or nil when the pattern is invalid.
    private static func compiled(_ pattern: String) -> NSRegularExpression? {
        if let cached = cache.withLock({ $0[pattern] }) { return cached }
        let regex = (try? NSRegularExpression(pattern: pattern)) == nil ? nil : try? NSRegularExpression(pattern: anchored(pattern))
        cache.withLock { cache in
            if cache.count >= compiledPatternsMax { cache.removeAll() }
            cache[pattern] = .some(regex)
        }
        return regex
    }

    /// `\A` and `\z` anchor at the very start and end; `$` would also match before a final newline.
    private static func anchored(_ pattern: String) -> String {
        "\\A(?:\(pattern))\\z"
    }
}
