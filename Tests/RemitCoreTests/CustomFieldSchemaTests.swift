import Testing

@testable import RemitCore

/// Reads `text` as a buyer's `custom_field_schema` member, the way a buyer request carries it.
private func readSchema(_ text: String) throws -> (schema: CustomFieldSchema?, errors: [FieldError]) {
    var errors: [FieldError] = []
    guard var reader = JSONObjectReader(try json(text), path: "custom_field_schema", errors: &errors) else { return (nil, errors) }
    let schema = CustomFieldSchema.read(&reader)
    reader.finish()
    errors += reader.errors
    return (errors.isEmpty ? schema : nil, errors)
}

/// A schema document of `count` optional string fields named `f0`, `f1`, ….
private func schemaText(fieldCount count: Int) -> String {
    let fields = (0..<count).map { "{\"key\": \"f\($0)\", \"type\": \"string\"}" }
    return "{\"fields\": [\(fields.joined(separator: ","))]}"
}

@Suite struct CustomFieldSchemaTests {
    @Test func aFieldOfEveryTypeIsReadWithItsRules() throws {
        let result = try readSchema("""
        {"fields": [
          {"key": "cost_center", "label": "Cost center", "type": "string", "required": true, "pattern": "CC-[0-9]{3}", "max_length": 6},
          {"key": "units", "type": "integer"},
          {"key": "rate", "type": "decimal", "applies_to": ["line", "payment"]},
          {"key": "service_date", "type": "date", "applies_to": ["invoice", "line"]},
          {"key": "region", "type": "enum", "allowed_values": ["emea", "amer"]},
          {"key": "billable", "type": "boolean", "required": false}
        ]}
        """)
        #expect(result.errors.isEmpty)
        #expect(result.schema == CustomFieldSchema(fields: [
            CustomFieldDefinition(key: "cost_center", label: "Cost center", type: .string, required: true, pattern: "CC-[0-9]{3}", maxLength: 6),
            CustomFieldDefinition(key: "units", label: "units", type: .integer),
            CustomFieldDefinition(key: "rate", label: "rate", type: .decimal, appliesTo: [.line, .payment]),
            CustomFieldDefinition(key: "service_date", label: "service_date", type: .date, appliesTo: [.invoice, .line]),
            CustomFieldDefinition(key: "region", label: "region", type: .enum, allowedValues: ["emea", "amer"]),
            CustomFieldDefinition(key: "billable", label: "billable", type: .boolean),
        ]))
    }

    @Test func aSchemaWrittenByTheAPIReadsBackAsTheSameSchema() throws {
        let schema = CustomFieldSchema(fields: [
            CustomFieldDefinition(key: "cost_center", label: "Cost center", type: .string, required: true, pattern: "CC-[0-9]{3}", maxLength: 6),
            CustomFieldDefinition(key: "region", label: "Region", type: .enum, allowedValues: ["emea"], appliesTo: [.invoice, .payment]),
        ])
        #expect(try readSchema(JSONWriter.string(schema.jsonValue)).schema == schema)
    }

    @Test(arguments: [
        (#"{"key": "CostCenter", "type": "string"}"#, "custom_field_schema.fields[0].key", "format",
         "must start with a lower-case letter and contain only a-z, 0-9 and _"),
        (#"{"key": "1st", "type": "string"}"#, "custom_field_schema.fields[0].key", "format",
         "must start with a lower-case letter and contain only a-z, 0-9 and _"),
        (#"{"key": "cost-center", "type": "string"}"#, "custom_field_schema.fields[0].key", "format",
         "must start with a lower-case letter and contain only a-z, 0-9 and _"),
        ("{\"key\": \"\(String(repeating: "k", count: 41))\", \"type\": \"string\"}", "custom_field_schema.fields[0].key", "max_length",
         "must be at most 40 characters"),
        (#"{"type": "string"}"#, "custom_field_schema.fields[0].key", "required", "is required"),
        (#"{"key": "a"}"#, "custom_field_schema.fields[0].type", "required", "is required"),
        (#"{"key": "a", "type": "money"}"#, "custom_field_schema.fields[0].type", "enum",
         "must be one of string, integer, decimal, date, enum, boolean"),
        (#"{"key": "a", "type": "string", "pattern": "CC-[0-9"}"#, "custom_field_schema.fields[0].pattern", "format",
         "is not a valid regular expression"),
        (#"{"key": "a", "type": "enum"}"#, "custom_field_schema.fields[0].allowed_values", "required", "is required for an enum field"),
        (#"{"key": "a", "type": "enum", "allowed_values": []}"#, "custom_field_schema.fields[0].allowed_values", "required",
         "is required for an enum field"),
        (#"{"key": "a", "type": "integer", "pattern": "[0-9]+"}"#, "custom_field_schema.fields[0].pattern", "not_applicable",
         "applies only to string fields"),
        (#"{"key": "a", "type": "date", "max_length": 10}"#, "custom_field_schema.fields[0].max_length", "not_applicable",
         "applies only to string fields"),
        (#"{"key": "a", "type": "string", "allowed_values": ["x"]}"#, "custom_field_schema.fields[0].allowed_values", "not_applicable",
         "applies only to enum fields"),
        (#"{"key": "a", "type": "string", "max_length": 1001}"#, "custom_field_schema.fields[0].max_length", "range",
         "must be between 1 and 1000"),
        (#"{"key": "a", "type": "string", "applies_to": ["header"]}"#, "custom_field_schema.fields[0].applies_to", "enum",
         "must contain only invoice, line or payment"),
        (#"{"key": "a", "type": "string", "default": "x"}"#, "custom_field_schema.fields[0].default", "unknown_field",
         "is not a known field"),
    ])
    func aFieldDefinitionThatMakesNoSenseIsRefusedAtItsPath(field: String, path: String, rule: String, message: String) throws {
        let result = try readSchema("{\"fields\": [\(field)]}")
        #expect(result.schema == nil)
        #expect(result.errors == [FieldError(field: path, rule: rule, message: message)])
    }

    @Test func twoFieldsWithTheSameKeyAreRefused() throws {
        let result = try readSchema(#"{"fields": [{"key": "po", "type": "string"}, {"key": "po", "type": "integer"}]}"#)
        #expect(result.errors == [FieldError(field: "custom_field_schema.fields", rule: "unique", message: "defines the key 'po' more than once")])
    }

    @Test func aSchemaAtTheFieldLimitIsAcceptedAndOneFieldMoreIsRefused() throws {
        let full = try readSchema(schemaText(fieldCount: CustomFieldLimits.fieldsPerSchemaMax))
        #expect(full.errors.isEmpty)
        #expect(full.schema?.fields.count == 100)
        let over = try readSchema(schemaText(fieldCount: CustomFieldLimits.fieldsPerSchemaMax + 1))
        #expect(over.errors == [FieldError(field: "custom_field_schema.fields", rule: "max_items", message: "must have at most 100 items, not 101")])
    }

    @Test func anEmptyOrAbsentFieldListIsAnEmptySchema() throws {
        #expect(try readSchema(#"{"fields": []}"#).schema == CustomFieldSchema())
        #expect(try readSchema("{}").schema == CustomFieldSchema())
    }

    @Test func aFieldWithoutScopesAppliesToInvoices() throws {
        let result = try readSchema(#"{"fields": [{"key": "po", "type": "string"}]}"#)
        #expect(result.schema?.fields.first?.appliesTo == [.invoice])
        #expect(result.schema?.fields(for: .invoice).map(\.key) == ["po"])
        #expect(result.schema?.fields(for: .line).isEmpty == true)
    }

    @Test func aBuyerFieldReplacesTheTenantDefaultWithTheSameKeyAndTheRestAreKept() {
        let tenantDefaults = CustomFieldSchema(fields: [
            CustomFieldDefinition(key: "cost_center", label: "Cost center", type: .string),
            CustomFieldDefinition(key: "project", label: "Project", type: .string),
        ])
        let buyerOwn = CustomFieldSchema(fields: [
            CustomFieldDefinition(key: "cost_center", label: "Kostenstelle", type: .enum, required: true, allowedValues: ["4711"]),
            CustomFieldDefinition(key: "gl", label: "GL", type: .string, appliesTo: [.line]),
        ])
        let merged = buyerOwn.merged(over: tenantDefaults)
        #expect(merged.fields.map(\.key) == ["project", "cost_center", "gl"])
        #expect(merged.fields.first { $0.key == "cost_center" } == buyerOwn.fields[0])

        var errors: [FieldError] = []
        _ = CustomFieldValidator(schema: merged).validate(.object([("cost_center", .string("CC-1"))]),
                                                          scope: .invoice, path: "custom_fields", errors: &errors)
        #expect(errors == [FieldError(field: "custom_fields.cost_center", rule: "enum", message: "must be one of 4711")])
    }

    @Test func aBuyerWithoutOwnFieldsGetsTheTenantDefaults() {
        let tenantDefaults = CustomFieldSchema(fields: [CustomFieldDefinition(key: "project", label: "Project", type: .string)])
        #expect(CustomFieldSchema().merged(over: tenantDefaults) == tenantDefaults)
    }
}
