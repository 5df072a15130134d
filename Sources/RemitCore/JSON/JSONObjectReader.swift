/// Reads a request object strictly: every member must be known, every type right, and all
/// problems are collected with their paths so one response lists them all.
///
/// ```swift
/// var reader = try JSONObjectReader(value, path: "", errors: &errors)
/// let name = reader.string("name", required: true)
/// reader.finish()      // reports unknown members
/// ```
public struct JSONObjectReader {
    private let members: [(key: String, value: JSONValue)]
    private var read = Set<String>()
    /// Where this object sits in the request, such as `lines[2]`; empty at the top.
    public let path: String
    /// The problems found so far, shared with nested readers.
    public private(set) var errors: [FieldError] = []

    /// Starts reading `value`, which must be an object.
    public init?(_ value: JSONValue, path: String, errors: inout [FieldError]) {
        guard case let .object(members) = value else {
            errors.append(FieldError(field: path.isEmpty ? "body" : path, rule: "type",
                                     message: "must be an object, not \(value.typeName)"))
            return nil
        }
        self.members = members
        self.path = path
    }

    /// The full path of member `key`.
    public func path(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Whether the object has member `key` (even when null).
    public func has(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }

    /// Whether the object has member `key` with a value other than null.
    public func hasValue(_ key: String) -> Bool {
        members.contains { $0.key == key && $0.value != .null }
    }

    /// Records a problem with member `key`.
    public mutating func fail(_ key: String, rule: String, _ message: String) {
        errors.append(FieldError(field: path(of: key), rule: rule, message: message))
    }

    /// The raw value of `key`; a missing required member is reported. Null counts as missing.
    public mutating func value(_ key: String, required: Bool = false) -> JSONValue? {
        read.insert(key)
        guard let value = members.first(where: { $0.key == key })?.value, value != .null else {
            if required { fail(key, rule: "required", "is required") }
            return nil
        }
        return value
    }

    /// A string member, at most `maxLength` characters (and not empty when required).
    public mutating func string(_ key: String, required: Bool = false, maxLength: Int = 500) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case let .string(text) = value else {
            fail(key, rule: "type", "must be a string, not \(value.typeName)")
            return nil
        }
        if required, text.isEmpty {
            fail(key, rule: "required", "must not be empty")
            return nil
        }
        if text.count > maxLength {
            fail(key, rule: "max_length", "must be at most \(maxLength) characters")
            return nil
        }
        return text
    }

    /// An integer member within `range`.
    public mutating func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int64> = Int64.min...Int64.max) -> Int64? {
        guard let value = value(key, required: required) else { return nil }
        guard case let .number(text) = value else {
            fail(key, rule: "type", "must be an integer, not \(value.typeName)")
            return nil
        }
        guard let integer = Int64(text) else {
            fail(key, rule: "type", "must be an integer that fits in 64 bits, not \(text)")
            return nil
        }
        guard range.contains(integer) else {
            fail(key, rule: "range", "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return integer
    }

    /// A boolean member.
    public mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard case let .bool(flag) = value else {
            fail(key, rule: "type", "must be a boolean, not \(value.typeName)")
            return nil
        }
        return flag
    }

    /// A `YYYY-MM-DD` date member.
    public mutating func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let text = string(key, required: required, maxLength: 10) else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            fail(key, rule: "format", "must be a date in the form YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// A string member that must be one of `allowed`.
    public mutating func choice(_ key: String, required: Bool = false, allowed: [String]) -> String? {
        guard let text = string(key, required: required, maxLength: 100) else { return nil }
        guard allowed.contains(text) else {
            fail(key, rule: "enum", "must be one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// A nested object member, read by `body`.
    public mutating func object<T>(_ key: String, required: Bool = false, _ body: (inout JSONObjectReader) -> T?) -> T? {
        guard let value = value(key, required: required) else { return nil }
        guard var nested = JSONObjectReader(value, path: path(of: key), errors: &errors) else { return nil }
        let result = body(&nested)
        nested.finish()
        errors.append(contentsOf: nested.errors)
        return result
    }

    /// An array member of at most `maxCount` elements, each read by `element`.
    public mutating func array<T>(_ key: String, required: Bool = false, maxCount: Int,
                                  _ element: (JSONValue, String, inout [FieldError]) -> T?) -> [T]? {
        guard let value = value(key, required: required) else { return nil }
        guard case let .array(elements) = value else {
            fail(key, rule: "type", "must be an array, not \(value.typeName)")
            return nil
        }
        guard elements.count <= maxCount else {
            fail(key, rule: "max_items", "must have at most \(maxCount) items, not \(elements.count)")
            return nil
        }
        var results: [T] = []
        var ok = true
        for (offset, item) in elements.enumerated() {
            if let result = element(item, "\(path(of: key))[\(offset)]", &errors) { results.append(result) } else { ok = false }
        }
        return ok ? results : nil
    }

    /// An array of objects, each read by `body`.
    public mutating func objects<T>(_ key: String, required: Bool = false, maxCount: Int,
                                    _ body: (inout JSONObjectReader) -> T?) -> [T]? {
        array(key, required: required, maxCount: maxCount) { item, itemPath, errors in
            guard var nested = JSONObjectReader(item, path: itemPath, errors: &errors) else { return nil }
            let result = body(&nested)
            nested.finish()
            errors.append(contentsOf: nested.errors)
            return result
        }
    }

    /// An array of strings.
    public mutating func strings(_ key: String, required: Bool = false, maxCount: Int, maxLength: Int = 200) -> [String]? {
        array(key, required: required, maxCount: maxCount) { item, itemPath, errors in
            guard case let .string(text) = item else {
                errors.append(FieldError(field: itemPath, rule: "type", message: "must be a string, not \(item.typeName)"))
                return nil
            }
            guard text.count <= maxLength else {
                errors.append(FieldError(field: itemPath, rule: "max_length", message: "must be at most \(maxLength) characters"))
                return nil
            }
            return text
        }
    }

    /// Reports every member that no accessor asked for.
    public mutating func finish() {
        for member in members where !read.contains(member.key) {
            errors.append(FieldError(field: path(of: member.key), rule: "unknown_field",
                                     message: "is not a known field"))
        }
        read = Set(members.map(\.key))
    }
}
