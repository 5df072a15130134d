extension CustomFieldSchema: JSONRepresentable {
    /// The schema as the API shows it: `{"fields": [...]}`.
    public var jsonValue: JSONValue {
        .object([("fields", .array(fields.map(\.jsonValue)))])
    }

    /// Reads a schema object `{"fields": [...]}`, reporting every problem into `reader`.
    public static func read(_ reader: inout JSONObjectReader) -> CustomFieldSchema? {
        let fields = reader.objects("fields", maxCount: CustomFieldLimits.fieldsPerSchemaMax) { field in
            CustomFieldDefinition.read(&field)
        } ?? []
        var seen = Set<String>()
        for field in fields where !seen.insert(field.key).inserted {
            reader.fail("fields", rule: "unique", "defines the key '\(field.key)' more than once")
        }
        return CustomFieldSchema(fields: fields)
    }
}

extension CustomFieldDefinition: JSONRepresentable {
    /// The field as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("key", .string(key)),
            ("label", .string(label)),
            ("type", .string(type.rawValue)),
            ("required", .bool(required)),
            ("pattern", .optional(pattern)),
            ("allowed_values", allowedValues.map(JSONValue.strings) ?? .null),
            ("max_length", maxLength.map { JSONValue.int($0) } ?? .null),
            ("applies_to", .strings(appliesTo.map(\.rawValue))),
        ])
    }

    /// Reads one field definition and checks that it makes sense.
    public static func read(_ reader: inout JSONObjectReader) -> CustomFieldDefinition? {
        let key = reader.string("key", required: true, maxLength: CustomFieldLimits.keyLengthMax)
        if let key, !FieldKey.isValid(key) {
            reader.fail("key", rule: "format", "must start with a lower-case letter and contain only a-z, 0-9 and _")
        }
        let label = reader.string("label", maxLength: 200)
        let typeName = reader.choice("type", required: true, allowed: CustomFieldType.allCases.map(\.rawValue))
        let required = reader.bool("required") ?? false
        let pattern = reader.string("pattern", maxLength: CustomFieldLimits.patternLengthMax)
        let allowed = reader.strings("allowed_values", maxCount: CustomFieldLimits.allowedValuesMax)
        let maxLength = reader.integer("max_length", in: 1...Int64(CustomFieldLimits.stringLengthMax))
        let scopes = reader.strings("applies_to", maxCount: 3)
        let type = typeName.flatMap(CustomFieldType.init(rawValue:))
        if let pattern, !PatternMatcher.isValid(pattern) {
            reader.fail("pattern", rule: "format", "is not a valid regular expression")
        }
        if pattern != nil || maxLength != nil, let type, type != .string {
            reader.fail(pattern != nil ? "pattern" : "max_length", rule: "not_applicable", "applies only to string fields")
        }
        if type == .enum, (allowed ?? []).isEmpty {
            reader.fail("allowed_values", rule: "required", "is required for an enum field")
        }
        if allowed != nil, let type, type != .enum {
            reader.fail("allowed_values", rule: "not_applicable", "applies only to enum fields")
        }
        var scopeValues: [CustomFieldScope] = []
        for name in scopes ?? ["invoice"] {
            if let scope = CustomFieldScope(rawValue: name) {
                scopeValues.append(scope)
            } else {
                reader.fail("applies_to", rule: "enum", "must contain only invoice, line or payment")
            }
        }
        guard let key, let type else { return nil }
        return CustomFieldDefinition(key: key, label: label ?? key, type: type, required: required, pattern: pattern,
                                     allowedValues: allowed, maxLength: maxLength.map { Int($0) },
                                     appliesTo: scopeValues.isEmpty ? [.invoice] : scopeValues)
    }
}

/// The shape of a tenant-defined member name.
public enum FieldKey {
    /// Whether `key` is a lower-case identifier: `[a-z][a-z0-9_]*`, at most 40 characters.
    public static func isValid(_ key: String) -> Bool {
        guard let first = key.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              key.utf8.count <= CustomFieldLimits.keyLengthMax else { return false }
        return key.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }
    }
}
