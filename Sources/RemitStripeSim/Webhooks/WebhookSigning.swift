import Crypto

/// Signs webhook payloads as Stripe does: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`,
/// each `v1` the HMAC-SHA256 of `"<t>.<payload>"` under one endpoint secret, in lowercase hex.
enum WebhookSigning {
    /// The key of the `v0` entry: a legacy test-mode scheme no receiver should trust.
    static let legacyV0Key = "whsec_stand_in_v0_legacy_scheme"

    static func header(payload: [UInt8], timestamp: Int64, secrets: [String], includeV0: Bool) -> String {
        var parts = ["t=\(timestamp)"]
        parts += secrets.map { "v1=" + hex(hmac(payload: payload, timestamp: timestamp, key: $0)) }
        if includeV0 { parts.append("v0=" + hex(hmac(payload: payload, timestamp: timestamp, key: legacyV0Key))) }
        return parts.joined(separator: ",")
    }

    static func hmac(payload: [UInt8], timestamp: Int64, key: String) -> [UInt8] {
        var content = Array(String(timestamp).utf8)
        content.append(UInt8(ascii: "."))
        content += payload
        return Array(HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: Array(key.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
