#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a host name into the addresses it resolves to; injected so tests need no DNS.
public struct AddressResolver: Sendable {
    /// Returns every address `host` resolves to (an empty list when it resolves to none).
    public var resolve: @Sendable (_ host: String) async throws -> [IPAddress]

    /// Creates a resolver from a closure.
    public init(resolve: @escaping @Sendable (_ host: String) async throws -> [IPAddress]) {
        self.resolve = resolve
    }

    /// The system resolver, `getaddrinfo`, run off the caller's task on a detached thread
    /// because it blocks.
    public static let system = AddressResolver { host in
        try await Task.detached { try AddressResolver.getaddrinfoAddresses(host) }.value
    }

    /// A resolver that answers from a table and knows no other name; for tests.
    public static func table(_ entries: [String: [IPAddress]]) -> AddressResolver {
        AddressResolver { host in entries[host.lowercased()] ?? [] }
    }

    private static func getaddrinfoAddresses(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        // A name that does not resolve is an answer (no addresses), not an error to throw.
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = ipAddress(entry.pointee), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    private static func ipAddress(_ entry: addrinfo) -> IPAddress? {
        guard let pointer = entry.ai_addr else { return nil }
        switch entry.ai_family {
        case AF_INET:
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                withUnsafeBytes(of: v4.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                withUnsafeBytes(of: v6.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        default:
            return nil
        }
    }
}
