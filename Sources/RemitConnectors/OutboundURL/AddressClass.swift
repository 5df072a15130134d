/// The kind of network an IP address belongs to, as outbound delivery sees it.
///
/// Only `global` is reachable by default; each other class is refused unless the operator's
/// configuration allows it (tests allow `loopback`).
public enum AddressClass: String, Sendable, Hashable, CaseIterable {
    /// A public unicast address.
    case global
    /// RFC 1918 private space: 10/8, 172.16/12, 192.168/16.
    case privateUse = "private"
    /// 127/8 and ::1.
    case loopback
    /// 169.254/16 (including the cloud metadata address 169.254.169.254) and fe80::/10.
    case linkLocal = "link_local"
    /// fc00::/7.
    case uniqueLocal = "unique_local"
    /// 0.0.0.0 and ::.
    case unspecified
    /// 100.64/10, carrier-grade NAT (RFC 6598).
    case sharedAddressSpace = "shared_address_space"
    /// 224/4 and ff00::/8.
    case multicast
    /// 255.255.255.255.
    case broadcast
    /// Other special-purpose space that is never a webhook receiver: 0/8, 192.0.0/24,
    /// documentation and benchmarking ranges, 240/4, 2001:db8::/32, and the deprecated
    /// site-local fec0::/10.
    case reserved
}
