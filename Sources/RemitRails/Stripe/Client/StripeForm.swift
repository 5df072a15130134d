/// A value in a Stripe request body: a string, a list, or a dictionary, nested as deep as needed.
public indirect enum StripeFormValue: Sendable, Equatable {
    /// A plain value; numbers and booleans are sent as their text (`1250`, `true`).
    case string(String)
    /// A list, sent with indices: `name[0]=…&name[1]=…`.
    case list([StripeFormValue])
    /// A dictionary whose keys keep their order, sent as `name[key]=…`.
    case dictionary([StripeFormField])
}

/// One named value of a ``StripeForm``.
public struct StripeFormField: Sendable, Equatable {
    /// The name, or the key inside a dictionary.
    public var name: String
    /// The value.
    public var value: StripeFormValue

    /// Creates a field.
    public init(_ name: String, _ value: StripeFormValue) {
        self.name = name
        self.value = value
    }
}

/// A Stripe request body: `application/x-www-form-urlencoded` with Stripe's bracket notation
/// for nested values (`metadata[invoice_id]=INV-1`, `payment_method_types[0]=card`).
///
/// Names and values are percent-encoded as the WHATWG URL standard's
/// `application/x-www-form-urlencoded` serializer does: ASCII letters, digits and `*-._` stay,
/// a space becomes `+`, and every other byte of the UTF-8 text becomes `%XX`. The brackets that
/// give structure stay literal (as Stripe's own libraries send them); a bracket inside a name
/// or key is encoded, so it can never be mistaken for structure.
public struct StripeForm: Sendable, Equatable {
    /// The top-level fields in the order they are sent.
    public var fields: [StripeFormField]

    /// Creates a form from its fields.
    public init(_ fields: [StripeFormField] = []) {
        self.fields = fields
    }

    /// Appends a field.
    public mutating func append(_ name: String, _ value: StripeFormValue) {
        fields.append(StripeFormField(name, value))
    }

    /// The flattened name/value pairs before percent-encoding, such as
    /// `("metadata[invoice_id]", "INV-1")`. Empty lists and dictionaries send nothing.
    public var pairs: [(name: String, value: String)] {
        flattened.map { ($0.name, $0.value) }
    }

    /// The body, ready to send.
    public var encoded: String {
        flattened.map { "\($0.encodedName)=\(Self.encodeComponent($0.value))" }.joined(separator: "&")
    }

    private var flattened: [FlatPair] {
        var pairs: [FlatPair] = []
        for field in fields {
            Self.flatten(name: field.name, encodedName: Self.encodeComponent(field.name), field.value, into: &pairs)
        }
        return pairs
    }

    private struct FlatPair {
        var name: String
        var encodedName: String
        var value: String
    }

    private static func flatten(name: String, encodedName: String, _ value: StripeFormValue, into pairs: inout [FlatPair]) {
        switch value {
        case let .string(text):
            pairs.append(FlatPair(name: name, encodedName: encodedName, value: text))
        case let .list(items):
            for (index, item) in items.enumerated() {
                flatten(name: "\(name)[\(index)]", encodedName: "\(encodedName)[\(index)]", item, into: &pairs)
            }
        case let .dictionary(entries):
            for entry in entries {
                flatten(name: "\(name)[\(entry.name)]", encodedName: "\(encodedName)[\(encodeComponent(entry.name))]", entry.value, into: &pairs)
            }
        }
    }

    /// Percent-encodes one name component or value per `application/x-www-form-urlencoded`.
    public static func encodeComponent(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output.append("+")
            default:
                output.append("%")
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}
