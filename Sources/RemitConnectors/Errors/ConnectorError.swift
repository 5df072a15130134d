/// Why a connector refused or could not do its work: a webhook that does not verify, a secret
/// that is malformed, or a tenant-supplied URL that outbound delivery may not call.
///
/// One error type for the module. `description` names the rule that was broken and never
/// contains a secret, a signature or a request body.
public struct ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable, Hashable {
        /// A webhook secret is not `whsec_` followed by base64 of 24 to 64 bytes.
        case invalidSecret
        /// A message id to sign is empty, too long, or contains a `.` or a space.
        case invalidMessageID
        /// A required `webhook-*` header is absent or empty; the associated value is its name.
        case missingHeader(String)
        /// `webhook-timestamp` is not an integer count of seconds since 1970.
        case invalidTimestamp
        /// `webhook-timestamp` is further in the past than the tolerance allows.
        case timestampTooOld
        /// `webhook-timestamp` is further in the future than the tolerance allows.
        case timestampTooNew
        /// No `v1` signature in `webhook-signature` matches any of the accepted secrets.
        case noMatchingSignature
        /// The URL cannot be parsed, has no host, or is longer than the limit.
        case invalidURL
        /// The URL's scheme is not `https` (or `http`, when configuration allows it).
        case schemeNotAllowed(String)
        /// The URL carries a user name or a password.
        case credentialsInURL
        /// The URL's host name resolved to no address.
        case hostNotResolved
        /// The URL's host is, or resolves to, an address of a class that configuration does not allow.
        case addressNotAllowed(AddressClass)

        /// A stable snake_case name for logs and problem types.
        public var name: String {
            switch self {
            case .invalidSecret: return "invalid_secret"
            case .invalidMessageID: return "invalid_message_id"
            case .missingHeader: return "missing_header"
            case .invalidTimestamp: return "invalid_timestamp"
            case .timestampTooOld: return "timestamp_too_old"
            case .timestampTooNew: return "timestamp_too_new"
            case .noMatchingSignature: return "no_matching_signature"
            case .invalidURL: return "invalid_url"
            case .schemeNotAllowed: return "scheme_not_allowed"
            case .credentialsInURL: return "credentials_in_url"
            case .hostNotResolved: return "host_not_resolved"
            case .addressNotAllowed: return "address_not_allowed"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it; never contains secrets, signatures or bodies.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name): \(message)" }
}
