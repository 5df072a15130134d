import RemitCore
import RemitStore

/// The buyer's link to a checkout session: `/checkout/<session id>.<expiry>.<HMAC-SHA256>`,
/// signed with a secret kept in the database (so every node verifies every link) and expiring
/// with the session. It is the page's only credential.
struct CheckoutLinks: Sendable {
    static let secretName = "checkout_links"

    let baseURL: String
    let environment: Environment

    func secret(in transaction: StoreTransaction) async throws -> [UInt8] {
        try await SignedLinkToken.secret(named: Self.secretName, environment: environment, in: transaction)
    }

    /// The path and token of `session`'s page.
    func path(for session: StoredCheckoutSession, in transaction: StoreTransaction) async throws -> String {
        let token = SignedLinkToken(subject: session.id, expiresAt: session.expiresAt / 1000).signed(with: try await secret(in: transaction))
        return "/checkout/\(token)"
    }

    /// The full link.
    func url(for session: StoredCheckoutSession, in transaction: StoreTransaction) async throws -> String {
        baseURL + (try await path(for: session, in: transaction))
    }

    /// The session id a token names, or why it is not valid.
    func verify(_ token: String, in transaction: StoreTransaction) async throws -> Result<String, SignedLinkToken.Problem> {
        let secret = try await secret(in: transaction)
        return Result { () throws(SignedLinkToken.Problem) -> String in
            try SignedLinkToken.verify(token, secret: secret, now: environment.clock.nowMilliseconds / 1000).subject
        }
    }
}
