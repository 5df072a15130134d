import Testing

@testable import RemitCore

/// Parses a JSON document written in a test.
func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// Each field error as `field rule`, the part of an error a client branches on.
func faults(_ errors: [FieldError]) -> [String] {
    errors.map { "\($0.field) \($0.rule)" }
}

/// The field errors a thrown validation error lists, as `field rule`.
func faults(_ error: RemitError?) -> [String] {
    faults(error?.fieldErrors ?? [])
}
