/// Bounds on tenant-defined fields.
public enum CustomFieldLimits {
    /// The most fields in one schema.
    public static let fieldsPerSchemaMax = 100
    /// The longest field key.
    public static let keyLengthMax = 40
    /// The longest `pattern`.
    public static let patternLengthMax = 200
    /// The most allowed values of an enum field.
    public static let allowedValuesMax = 200
    /// The longest string value when a field sets no `maxLength`, and the largest `maxLength` allowed.
    public static let stringLengthMax = 1_000
}
