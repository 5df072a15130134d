#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as 4 or 16 bytes in network order.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Creates an address from 4 or 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses a literal: dotted-quad IPv4 or RFC 4291 IPv6 text, without brackets or zone.
    public init?(_ text: String) {
        if let v4 = Self.parse(text, family: AF_INET, size: 4) {
            bytes = v4
        } else if let v6 = Self.parse(text, family: AF_INET6, size: 16) {
            bytes = v6
        } else {
            return nil
        }
    }

    /// True for a 4-byte address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv6 address carries, for the forms that reach IPv4 hosts:
    /// IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, and NAT64 `64:ff9b::a.b.c.d`.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let head = bytes[0..<12]
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        let compatible = [UInt8](repeating: 0, count: 12)
        let nat64: [UInt8] = [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]
        let tail = Array(bytes[12..<16])
        if head.elementsEqual(mapped) || head.elementsEqual(nat64) { return IPAddress(bytes: tail) }
        // ::/128 and ::1/128 share the compatible prefix but are IPv6's own special addresses.
        if head.elementsEqual(compatible), tail != [0, 0, 0, 0], tail != [0, 0, 0, 1] { return IPAddress(bytes: tail) }
        return nil
    }

    /// The class this address belongs to; IPv6 forms that embed an IPv4 address take the
    /// class of the IPv4 address, so `::ffff:127.0.0.1` is loopback.
    public var addressClass: AddressClass {
        if let embedded = embeddedIPv4 { return embedded.addressClass }
        return isIPv4 ? Self.classifyIPv4(bytes) : Self.classifyIPv6(bytes)
    }

    /// Conventional text: dotted quad, or RFC 5952 IPv6.
    public var description: String {
        let family = isIPv4 ? AF_INET : AF_INET6
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        precondition(ok, "inet_ntop failed on a valid address")
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func parse(_ text: String, family: Int32, size: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: size)
        let result = output.withUnsafeMutableBytes { raw in inet_pton(family, text, raw.baseAddress) }
        return result == 1 ? output : nil
    }

    private static func classifyIPv4(_ b: [UInt8]) -> AddressClass {
        switch (b[0], b[1], b[2], b[3]) {
        case (0, 0, 0, 0): return .unspecified
        case (255, 255, 255, 255): return .broadcast
        case (0, _, _, _): return .reserved
        case (10, _, _, _), (172, 16...31, _, _), (192, 168, _, _): return .privateUse
        case (127, _, _, _): return .loopback
        case (169, 254, _, _): return .linkLocal
        case (100, 64...127, _, _): return .sharedAddressSpace
        case (224...239, _, _, _): return .multicast
        case (192, 0, 0, _), (192, 0, 2, _), (198, 18...19, _, _), (198, 51, 100, _), (203, 0, 113, _),
             (240...255, _, _, _):
            return .reserved
        default: return .global
        }
    }

    private static func classifyIPv6(_ b: [UInt8]) -> AddressClass {
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if b[0] == 0xFF { return .multicast }
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return .linkLocal }
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return .reserved }
        if b[0] & 0xFE == 0xFC { return .uniqueLocal }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return .reserved }
        return .global
    }
}
