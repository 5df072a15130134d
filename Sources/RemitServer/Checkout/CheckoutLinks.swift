import RemitCore
import RemitStore

/// The buyer's link to a checkout session: `/checkout/<session id>.<expiry>.<HMAC-SHA256>`,
/// signed with a secret kept in the database (so every node verifies every link) and expiring
/// with the session. It is the page's only credential. (The token format is the approval
/// links'; the secrets differ, so one kind of link never opens the other kind of page.)
struct CheckoutLinks: Sendable {
    static let secretName = "checkout_links"

    let baseURL: String
    let environment: Environment

    func secret(in transaction: StoreTransaction) async throws -> [UInt8] {
        let candidate = Base32.encode(environment.ids.randomBytes(32))
        return Array(try await transaction.secret(Self.secretName, candidate: candidate, now: environment.clock.nowMilliseconds).utf8)
    }

    /// The path and token of `session`'s page.
    func path(for session: StoredCheckoutSession, in transaction: StoreTransaction) async throws -> String {
        let token = ApprovalLinkToken(approvalID: session.id, expiresAt: session.expiresAt / 1000).signed(with: try await secret(in: transaction))
        return "/checkout/\(token)"
    }

    /// The full link.
    func url(for session: StoredCheckoutSession, in transaction: StoreTransaction) async throws -> String {
        baseURL + (try await path(for: session, in: transaction))
    }

    /// The session id a token names; `nil` with the page to show when it is not valid.
    func verify(_ token: String, in transaction: StoreTransaction) async throws -> Result<String, ApprovalLinkToken.Problem> {
        let secret = try await secret(in: transaction)
        return Result { () throws(ApprovalLinkToken.Problem) -> String in
            try ApprovalLinkToken.verify(token, secret: secret, now: environment.clock.nowMilliseconds / 1000).approvalID
        }
    }
}
