import Crypto
import Foundation
import RemitCore
import RemitStore

/// A signed, expiring capability for people who do not use the API — an approver's vote on one
/// approval, a buyer's checkout of one session: `<subject id>.<expiry, unix seconds>.<base64url
/// HMAC-SHA256>`. Each kind of link has its own secret (`secret(named:)`), so one kind never
/// opens the other's page.
struct SignedLinkToken: Sendable, Equatable {
    /// How long an approval link is valid when the approval has no earlier deadline: 7 days.
    static let lifetimeSecondsDefault: Int64 = 7 * 86_400
    /// The longest token accepted.
    static let lengthMax = 256

    var subject: String
    var expiresAt: Int64

    /// Why a token was refused.
    enum Problem: Error, Equatable {
        case malformed, badSignature, expired
    }

    func signed(with secret: [UInt8]) -> String {
        let payload = "\(subject).\(expiresAt)"
        return payload + "." + Self.mac(payload, secret)
    }

    /// Checks the signature (in constant time) and the expiry against `now` (unix seconds).
    static func verify(_ token: String, secret: [UInt8], now: Int64) throws(Problem) -> SignedLinkToken {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= lengthMax, parts.count == 3, let expiry = Int64(parts[1]) else { throw .malformed }
        let payload = "\(parts[0]).\(parts[1])"
        let expected = Array(mac(payload, secret).utf8)
        let given = Array(parts[2].utf8)
        guard expected.count == given.count, zip(expected, given).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { throw .badSignature }
        guard expiry > now else { throw .expired }
        return SignedLinkToken(subject: String(parts[0]), expiresAt: expiry)
    }

    private static func mac(_ payload: String, _ secret: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: secret))
        return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension SignedLinkToken {
    /// The signing secret `name`, made once per deployment and kept in the database, so every
    /// node verifies every link.
    static func secret(named name: String, environment: Environment, in transaction: StoreTransaction) async throws -> [UInt8] {
        let candidate = Base32.encode(environment.ids.randomBytes(32))
        return Array(try await transaction.secret(name, candidate: candidate, now: environment.clock.nowMilliseconds).utf8)
    }
}
