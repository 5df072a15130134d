/// A problem with one field of a request: where it is, which rule it broke, and how to fix it.
public struct FieldError: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The field's path in the request, such as `lines[2].unit_amount` or `custom_fields.cost_center`.
    public var field: String
    /// A stable, machine-readable name of the broken rule, such as `required` or `max_length`.
    public var rule: String
    /// A sentence a person can act on.
    public var message: String

    /// Creates a field error.
    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(field): \(message) (\(rule))" }
}

/// Why a domain operation was refused. One type for the whole core; the server maps each
/// code to an HTTP status and an RFC 9457 problem type at its edge, and nowhere else.
public struct RemitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable, and part of the API.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The request cannot be read: malformed JSON, JSON beyond a limit, a bad query string or header.
        case invalidRequest = "invalid_request"
        /// The body is JSON but a member is wrong: a wrong type, an unknown field, a broken rule.
        case validationFailed = "validation_failed"
        /// The object does not exist, or belongs to another tenant.
        case notFound = "not_found"
        /// The object is in a state that does not allow this operation.
        case conflict = "conflict"
        /// The caller did not prove who it is.
        case unauthorized = "unauthorized"
        /// The request body is larger than `requestBodyBytesMax`.
        case payloadTooLarge = "payload_too_large"
        /// The request body is not `application/json`.
        case unsupportedMediaType = "unsupported_media_type"
        /// A POST arrived without an `Idempotency-Key`.
        case idempotencyKeyMissing = "idempotency_key_missing"
        /// An `Idempotency-Key` was reused with a different request.
        case idempotencyKeyReused = "idempotency_key_reused"
        /// The first request with this `Idempotency-Key` is still being processed.
        case idempotencyKeyInUse = "idempotency_key_in_use"
        /// A tenant's WebAssembly module trapped, ran out of fuel or broke one of its limits.
        case moduleFailed = "module_failed"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it; never contains secrets or card data.
    public var message: String
    /// The fields at fault, when fields are at fault.
    public var fieldErrors: [FieldError]

    /// Creates an error.
    public init(_ code: Code, _ message: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.message = message
        self.fieldErrors = fieldErrors
    }

    /// A validation failure listing the fields at fault.
    public static func validation(_ errors: [FieldError]) -> RemitError {
        let summary = errors.count == 1 ? errors[0].description : "\(errors.count) fields are invalid"
        return RemitError(.validationFailed, summary, fieldErrors: errors)
    }

    /// A "not found" that reads the same whether the id does not exist or is another tenant's.
    public static func notFound(_ what: String, _ id: String) -> RemitError {
        RemitError(.notFound, "No \(what) with id '\(id)'.")
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
