import RemitCore
import RemitStore

/// A module a workflow node or a policy action names, checked when the document is saved: the
/// module (and the version, when pinned) must be the tenant's own.
enum ModuleReference {
    /// The field error for a reference that names no module of `tenant`, or nil when it does.
    static func error(module: String, version: Int?, tenant: TenantID, field: String, owner: String,
                      in transaction: StoreTransaction) async throws -> FieldError? {
        guard try await transaction.moduleVersion(module, version: version, tenant: tenant) == nil else { return nil }
        let what = version.map { "version \($0) of module \(module)" } ?? "module \(module)"
        return FieldError(field: field, rule: "reference", message: "\(owner): \(what) is not one of your modules (POST /v1/modules)")
    }
}
