/// The type of a tenant-defined field's value.
public enum CustomFieldType: String, Sendable, CaseIterable {
    /// Text, optionally bounded by `maxLength` and `pattern`.
    case string
    /// A whole number (JSON integer).
    case integer
    /// An exact decimal, given as a JSON number or a string such as `"12.50"`; stored as a string.
    case decimal
    /// A `YYYY-MM-DD` date.
    case date
    /// One of `allowedValues`.
    case `enum`
    /// `true` or `false`.
    case boolean
}

/// Where a custom field is carried.
public enum CustomFieldScope: String, Sendable, CaseIterable {
    case invoice, line, payment
}

/// One tenant-defined field: how a buyer's cost centers, GL codes and project ids enter Remit.
public struct CustomFieldDefinition: Sendable, Equatable {
    /// The member name in `custom_fields`: lower-case letters, digits and `_`.
    public var key: String
    /// What people see.
    public var label: String
    /// The value's type.
    public var type: CustomFieldType
    /// Whether every object in scope must carry it.
    public var required: Bool
    /// A regular expression a string value must match entirely.
    public var pattern: String?
    /// The allowed values of an enum.
    public var allowedValues: [String]?
    /// The longest string value, in characters.
    public var maxLength: Int?
    /// Which objects carry the field.
    public var appliesTo: [CustomFieldScope]

    /// Creates a field definition.
    public init(key: String, label: String, type: CustomFieldType, required: Bool = false, pattern: String? = nil,
                allowedValues: [String]? = nil, maxLength: Int? = nil, appliesTo: [CustomFieldScope] = [.invoice]) {
        self.key = key
        self.label = label
        self.type = type
        self.required = required
        self.pattern = pattern
        self.allowedValues = allowedValues
        self.maxLength = maxLength
        self.appliesTo = appliesTo
    }
}

/// A set of custom fields: a buyer's own, or the tenant-wide default.
public struct CustomFieldSchema: Sendable, Equatable {
    /// The fields, in the order they were defined.
    public var fields: [CustomFieldDefinition]

    /// Creates a schema.
    public init(fields: [CustomFieldDefinition] = []) {
        self.fields = fields
    }

    /// The schema a buyer's objects are validated against: the tenant's default fields, with
    /// the buyer's own added, a buyer field replacing a default field of the same key.
    public func merged(over defaults: CustomFieldSchema) -> CustomFieldSchema {
        let ownKeys = Set(fields.map(\.key))
        return CustomFieldSchema(fields: defaults.fields.filter { !ownKeys.contains($0.key) } + fields)
    }

    /// The fields that apply to `scope`.
    public func fields(for scope: CustomFieldScope) -> [CustomFieldDefinition] {
        fields.filter { $0.appliesTo.contains(scope) }
    }
}
