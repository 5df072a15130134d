import RemitCore
import RemitStore

/// Creates and changes buyers.
struct BuyerService: Sendable {
    let environment: Environment

    func create(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> Buyer {
        let input = try BuyerInput.parse(body, makeApproverID: approverID)
        let now = environment.clock.nowMilliseconds
        let buyer = Buyer(id: environment.ids.make(), name: input.name, industry: input.industry, country: input.country,
                          currency: input.currency, creditTerms: input.creditTerms, departments: input.departments,
                          approvers: input.approvers, customFieldSchema: input.customFieldSchema,
                          externalReference: input.externalReference, createdAt: now, updatedAt: now)
        try await transaction.insertBuyer(buyer, tenant: tenant)
        return buyer
    }

    /// Applies a JSON Merge Patch (RFC 7396) to the buyer's writable fields and validates the
    /// result as a whole, so a patch can never leave a buyer that could not have been created.
    func patch(_ id: BuyerID, _ patch: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> Buyer {
        guard case .object = patch else {
            throw RemitError.validation([FieldError(field: "body", rule: "type", message: "must be a JSON object (a merge patch)")])
        }
        guard var buyer = try await transaction.buyer(id, tenant: tenant) else { throw RemitError.notFound("buyer", id.rawValue) }
        let merged = JSONMergePatch.apply(patch, to: buyer.writableJSON)
        let input = try BuyerInput.parse(merged, makeApproverID: approverID)
        buyer.name = input.name
        buyer.industry = input.industry
        buyer.country = input.country
        buyer.currency = input.currency
        buyer.externalReference = input.externalReference
        buyer.creditTerms = input.creditTerms
        buyer.departments = input.departments
        buyer.approvers = input.approvers
        buyer.customFieldSchema = input.customFieldSchema
        buyer.updatedAt = environment.clock.nowMilliseconds
        try await transaction.updateBuyer(buyer, tenant: tenant)
        return buyer
    }

    private func approverID() -> String {
        environment.ids.secret(prefix: "apr_", byteCount: 10)
    }
}
