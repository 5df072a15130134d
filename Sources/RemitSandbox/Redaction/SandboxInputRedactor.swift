import RemitCore

/// Removes card data from the JSON a module is about to see. Pure; `Sandbox.invoke` applies
/// it to every input.
///
/// Rules, applied at every depth:
/// - members named like card data are removed: `card_number`, `pan`, `cvc`, `cvv`, `cvc2`,
///   `cvv2`, `security_code` (any case, `-` or `_`);
/// - an object under a key named `card` keeps only `token`, `brand` and `last4`, so its
///   `number`, `expiry`, `exp_month`, `exp_year` and anything else are removed;
/// - any string that contains something that looks like a card number (13 to 19 digits,
///   spaces or dashes allowed, passing the Luhn check, as `CardNumberDetector` decides) is
///   replaced whole by ``redactionMarker``. Object keys are checked too: such a member is
///   removed.
public enum SandboxInputRedactor {
    /// What replaces a string that held a card number.
    public static let redactionMarker = "[redacted card number]"
    /// The members a card object keeps.
    public static let cardMembersKept: Set<String> = ["token", "brand", "last4"]
    /// Member names removed wherever they appear, compared after lowercasing and mapping `-` to `_`.
    public static let cardDataKeys: Set<String> = ["card_number", "cardnumber", "pan", "cvc", "cvv", "cvc2", "cvv2", "security_code"]

    /// `value` without card data.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null, .bool, .number:
            return value
        case .string(let text):
            return CardNumberDetector.containsCardNumber(text) ? .string(redactionMarker) : value
        case .array(let elements):
            return .array(elements.map(redact))
        case .object(let members):
            return .object(members.compactMap { member in
                let key = normalized(member.key)
                guard !cardDataKeys.contains(key), !CardNumberDetector.containsCardNumber(member.key) else { return nil }
                if key == "card" { return (member.key, redactCard(member.value)) }
                return (member.key, redact(member.value))
            })
        }
    }

    private static func redactCard(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            let kept = members.filter { cardMembersKept.contains(normalized($0.key)) }
            return redact(.object(kept))
        default:
            return redact(value)
        }
    }

    private static func normalized(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
