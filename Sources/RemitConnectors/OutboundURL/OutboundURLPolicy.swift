import Foundation

/// Decides whether a tenant-supplied URL may be called, and which address to call it on.
///
/// A URL passes when it is `https` (or `http`, if configuration allows), carries no user name
/// or password, and its host — an IP literal, or every address a host name resolves to — is
/// in a class the configuration allows. Public (`global`) addresses are always allowed;
/// private, loopback, link-local, unique-local, unspecified, shared (CGNAT), multicast,
/// broadcast and reserved addresses are refused unless allowed, including when written as
/// IPv4-mapped, IPv4-compatible or NAT64 IPv6.
///
/// DNS rebinding: a name can resolve to a public address when checked and to a private one
/// when connected. Delivery therefore connects to the address this check returned
/// (`OutboundDestination.connectAddress`) instead of resolving the name again; see
/// `WebhookDeliverer`. Redirects are never followed, so a receiver cannot bounce a request
/// to an address that was not checked.
public struct OutboundURLPolicy: Sendable {
    /// The most bytes a URL may have.
    public static let urlBytesMax = 2048

    /// What the operator allows beyond public HTTPS addresses.
    public struct Configuration: Sendable, Equatable {
        /// Whether plain `http` URLs are allowed (never in production: payloads travel in clear).
        public var allowHTTP: Bool
        /// Address classes allowed besides `global`.
        public var allowedAddressClasses: Set<AddressClass>

        /// Creates a configuration; the defaults allow only public `https` destinations.
        public init(allowHTTP: Bool = false, allowedAddressClasses: Set<AddressClass> = []) {
            self.allowHTTP = allowHTTP
            self.allowedAddressClasses = allowedAddressClasses
        }

        /// Whether loopback addresses (127/8, ::1) are allowed: for tests and local development.
        public var allowLoopback: Bool {
            get { allowedAddressClasses.contains(.loopback) }
            set {
                if newValue { allowedAddressClasses.insert(.loopback) } else { allowedAddressClasses.remove(.loopback) }
            }
        }

        /// Public `https` destinations only: the production default.
        public static let strict = Configuration()

        /// `http` and loopback allowed, for tests that run a receiver on 127.0.0.1.
        public static let localTesting = Configuration(allowHTTP: true, allowedAddressClasses: [.loopback])

        /// Whether `addressClass` may be called.
        public func allows(_ addressClass: AddressClass) -> Bool {
            addressClass == .global || allowedAddressClasses.contains(addressClass)
        }
    }

    /// What is allowed.
    public let configuration: Configuration
    /// How host names become addresses.
    public let resolver: AddressResolver

    /// Creates a policy.
    public init(configuration: Configuration = .strict, resolver: AddressResolver = .system) {
        self.configuration = configuration
        self.resolver = resolver
    }

    /// Checks `text` and returns where to connect, or throws a `ConnectorError` that names
    /// the reason: `invalidURL`, `schemeNotAllowed`, `credentialsInURL`, `hostNotResolved`
    /// or `addressNotAllowed(class)`.
    public func check(_ text: String) async throws -> OutboundDestination {
        let parsed = try Self.parse(text, allowHTTP: configuration.allowHTTP)
        let addresses: [IPAddress]
        if let literal = IPAddress(parsed.host) {
            addresses = [literal]
        } else {
            addresses = try await resolver.resolve(parsed.host)
            guard !addresses.isEmpty else {
                throw ConnectorError(.hostNotResolved, "The host '\(parsed.host)' resolves to no address.")
            }
        }
        // Every address must pass: a name with one public and one private address could
        // otherwise be steered to the private one by whichever the connection picks.
        for address in addresses where !configuration.allows(address.addressClass) {
            let which = IPAddress(parsed.host) == nil ? "'\(parsed.host)' resolves to" : "the URL's host is"
            throw ConnectorError(
                .addressNotAllowed(address.addressClass),
                "Outbound calls may not target \(address.addressClass.rawValue) addresses: \(which) \(address)."
            )
        }
        return OutboundDestination(
            url: parsed.canonicalURL, scheme: parsed.scheme, host: parsed.host, port: parsed.port, addresses: addresses
        )
    }

    struct ParsedURL {
        var scheme: String
        var host: String
        var port: Int
        /// The URL rebuilt from the parts that were checked, so the HTTP client cannot read a
        /// different host out of the original text than this policy did.
        var canonicalURL: String
    }

    static func parse(_ text: String, allowHTTP: Bool) throws -> ParsedURL {
        // Spaces, control characters and backslashes are where URL parsers disagree.
        guard text.utf8.count <= urlBytesMax,
              !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }),
              let components = URLComponents(string: text),
              let rawScheme = components.scheme
        else {
            throw ConnectorError(.invalidURL, "The URL cannot be parsed or is longer than \(urlBytesMax) bytes.")
        }
        let scheme = rawScheme.lowercased()
        guard scheme == "https" || (scheme == "http" && allowHTTP) else {
            let allowed = allowHTTP ? "https or http" : "https"
            throw ConnectorError(.schemeNotAllowed(scheme), "The URL's scheme is '\(scheme)'; only \(allowed) is allowed.")
        }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
            throw ConnectorError(.credentialsInURL, "The URL may not carry a user name or password; use the signing secret instead.")
        }
        var host = components.percentEncodedHost ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // A percent sign is either an encoded host or an IPv6 zone; neither names a webhook receiver.
        guard !host.isEmpty, !host.contains("%") else {
            throw ConnectorError(.invalidURL, "The URL has no host, or an encoded host.")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw ConnectorError(.invalidURL, "The URL's port must be 1 to 65535.")
        }
        host = host.lowercased()
        let isIPv6 = host.contains(":")
        var canonical = scheme + "://" + (isIPv6 ? "[\(host)]" : host)
        if let port = components.port { canonical += ":\(port)" }
        let path = components.percentEncodedPath
        canonical += path.isEmpty ? "/" : path
        if let query = components.percentEncodedQuery { canonical += "?" + query }
        return ParsedURL(
            scheme: scheme, host: host, port: components.port ?? (scheme == "https" ? 443 : 80), canonicalURL: canonical
        )
    }
}

/// A URL that passed the policy, with the addresses that were checked.
public struct OutboundDestination: Sendable, Equatable {
    /// The URL to call: rebuilt from the checked scheme, host, port, path and query (the
    /// fragment, which is never sent, is dropped).
    public var url: String
    /// `https` or `http`.
    public var scheme: String
    /// The host, lower-case, without IPv6 brackets.
    public var host: String
    /// The port, explicit or the scheme's default.
    public var port: Int
    /// Every address the host is or resolves to; all passed the policy.
    public var addresses: [IPAddress]

    /// The address delivery connects to: the first one checked.
    public var connectAddress: IPAddress { addresses[0] }
}
