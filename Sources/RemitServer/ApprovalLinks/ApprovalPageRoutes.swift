import Foundation
import Hummingbird
import RemitCore
import RemitStore

/// `/approve/{token}`: the small page where an approver who does not use the API sees the
/// invoice and approves or rejects. The signed token is the only credential; it names one
/// approval and expires.
struct ApprovalPageRoutes {
    let api: APIContext

    /// The longest comment the form accepts, as through the API.
    static let formBytesMax = 8 * 1024

    func register(on router: Router<RemitRequestContext>) {
        let service = ApprovalService(environment: api.environment, engine: api.engine)
        router.get("approve/:token") { _, context in
            let token = context.parameters.get("token") ?? ""
            return try await api.store.read { transaction -> Response in
                switch try await verify(token, in: transaction) {
                case let .failure(page): return page.response
                case let .success(approval):
                    let run = try await transaction.run(approval.runID, tenant: approval.tenantID)
                    return ApprovalPage.render(approval: approval, context: run?.context ?? .object([]), token: token, notice: nil)
                }
            }
        }
        router.post("approve/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            var request = request
            let form = FormBody.parse(Array(buffer: try await request.collectBody(upTo: Self.formBytesMax)))
            guard let decision = form["decision"], ["approve", "reject"].contains(decision) else {
                return ApprovalPage.message(status: .badRequest, title: "Choose approve or reject", text: "The form was incomplete.")
            }
            let comment = form["comment"].map { String($0.prefix(ApprovalService.commentLengthMax)) }.flatMap { $0.isEmpty ? nil : $0 }
            return try await api.store.write { transaction -> Response in
                switch try await verify(token, in: transaction) {
                case let .failure(page): return page.response
                case let .success(approval):
                    let decided: StoredApproval
                    do {
                        decided = try await service.vote(approval.id, approverID: nil, approve: decision == "approve", comment: comment,
                                                         tenant: nil, in: transaction)
                    } catch let error as RemitError {
                        return ApprovalPage.message(status: .conflict, title: "Your vote was not recorded", text: error.message)
                    }
                    let run = try await transaction.run(approval.runID, tenant: approval.tenantID)
                    return ApprovalPage.render(approval: decided, context: run?.context ?? .object([]), token: token,
                                               notice: decision == "approve" ? "You approved this payment." : "You rejected this payment.")
                }
            }
        }
    }

    private func verify(_ token: String, in transaction: StoreTransaction) async throws -> Result<StoredApproval, PageResponse> {
        let secret = try await ApprovalLinks(baseURL: "", environment: api.environment).secret(in: transaction)
        let verified: SignedLinkToken
        switch Result(catching: { () throws(SignedLinkToken.Problem) -> SignedLinkToken in
            try SignedLinkToken.verify(token, secret: secret, now: api.environment.clock.nowMilliseconds / 1000)
        }) {
        case let .success(token):
            verified = token
        case .failure(.expired):
            return .failure(PageResponse(ApprovalPage.message(status: .gone, title: "Link expired",
                                                              text: "This approval link has expired. Ask for a new one.")))
        case .failure:
            return .failure(PageResponse(ApprovalPage.message(status: .notFound, title: "Link not valid",
                                                              text: "This link is not a valid approval link.")))
        }
        guard let approval = try await transaction.approval(verified.subject, tenant: nil) else {
            return .failure(PageResponse(ApprovalPage.message(status: .notFound, title: "Link not valid", text: "This approval does not exist.")))
        }
        return .success(approval)
    }
}

/// A page as an error value, so `Result` can carry it.
struct PageResponse: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}


/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    static func parse(_ bytes: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: bytes, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
