/// Bounds on a buyer's definition.
public enum BuyerLimits {
    /// The most departments a buyer may have.
    public static let departmentsMax = 100
    /// The most approvers a buyer may have.
    public static let approversMax = 100
    /// The most roles one approver may hold.
    public static let rolesPerApproverMax = 20
    /// The longest payment terms, in days.
    public static let netDaysMax: Int64 = 365
}
