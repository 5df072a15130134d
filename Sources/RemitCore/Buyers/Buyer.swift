/// A customer company of a tenant, with the terms and people that decide how it pays.
public struct Buyer: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "buy"

    /// The buyer's identifier.
    public var id: BuyerID
    /// The company's name.
    public var name: String
    /// Its industry as a NAICS code (2 to 6 digits), when known.
    public var industry: String?
    /// Its country as an ISO 3166-1 alpha-2 code.
    public var country: String
    /// The currency of its credit limit and budgets.
    public var currency: Currency
    /// Its payment terms.
    public var creditTerms: CreditTerms
    /// Its departments and their budgets.
    public var departments: [Department]
    /// The people who approve its payments.
    public var approvers: [Approver]
    /// The custom fields this buyer's invoices, lines and payments carry.
    public var customFieldSchema: CustomFieldSchema
    /// The tenant's own reference for this buyer (an ERP customer number), when given.
    public var externalReference: String?
    /// When the buyer was created, in milliseconds since 1970.
    public var createdAt: Int64
    /// When the buyer last changed, in milliseconds since 1970.
    public var updatedAt: Int64

    /// Creates a buyer value.
    public init(id: BuyerID, name: String, industry: String?, country: String, currency: Currency,
                creditTerms: CreditTerms, departments: [Department], approvers: [Approver],
                customFieldSchema: CustomFieldSchema, externalReference: String?, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.name = name
        self.industry = industry
        self.country = country
        self.currency = currency
        self.creditTerms = creditTerms
        self.departments = departments
        self.approvers = approvers
        self.customFieldSchema = customFieldSchema
        self.externalReference = externalReference
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A buyer's identifier.
public typealias BuyerID = Identifier<Buyer>

/// How long a buyer has to pay and how much it may owe.
public struct CreditTerms: Sendable, Equatable {
    /// Days from the issue date to the due date ("Net 30" is 30).
    public var netDays: Int
    /// The most the buyer may owe at once, in minor units of the buyer's currency.
    public var creditLimit: Int64
    /// A discount for paying early ("2/10 net 30"), when offered.
    public var earlyPaymentDiscount: EarlyPaymentDiscount?

    /// Creates credit terms.
    public init(netDays: Int, creditLimit: Int64, earlyPaymentDiscount: EarlyPaymentDiscount? = nil) {
        self.netDays = netDays
        self.creditLimit = creditLimit
        self.earlyPaymentDiscount = earlyPaymentDiscount
    }
}

/// "2/10": a discount in basis points when paid within some days of the issue date.
public struct EarlyPaymentDiscount: Sendable, Equatable {
    /// The discount in basis points (200 is 2%).
    public var discountBasisPoints: Int
    /// The days after the issue date during which the discount applies.
    public var withinDays: Int

    /// Creates a discount.
    public init(discountBasisPoints: Int, withinDays: Int) {
        self.discountBasisPoints = discountBasisPoints
        self.withinDays = withinDays
    }
}

/// A department of a buyer, with the budget its purchases draw on.
public struct Department: Sendable, Equatable {
    /// The buyer's own code for it, such as `ENG` or `CC-104`.
    public var code: String
    /// Its name.
    public var name: String
    /// Its budget for each period, when it has one.
    public var budget: Budget?
    /// Invoices above this amount (minor units) need extra approval.
    public var approvalThreshold: Int64?

    /// Creates a department.
    public init(code: String, name: String, budget: Budget?, approvalThreshold: Int64?) {
        self.code = code
        self.name = name
        self.budget = budget
        self.approvalThreshold = approvalThreshold
    }
}

/// An amount a department may spend each period.
public struct Budget: Sendable, Equatable {
    /// How often the budget renews.
    public enum Period: String, Sendable, CaseIterable {
        case monthly, quarterly, annual
    }

    /// The amount per period, in minor units of the buyer's currency.
    public var amount: Int64
    /// The period.
    public var period: Period

    /// Creates a budget.
    public init(amount: Int64, period: Period) {
        self.amount = amount
        self.period = period
    }
}

/// A person at the buyer who may approve payments.
public struct Approver: Sendable, Equatable {
    /// The approver's id, unique within the buyer.
    public var id: String
    /// Their name.
    public var name: String
    /// Their email address.
    public var email: String
    /// Their roles, such as `cfo` or `controller`.
    public var roles: [String]
    /// The department code they approve for, when they belong to one.
    public var department: String?

    /// Creates an approver.
    public init(id: String, name: String, email: String, roles: [String], department: String?) {
        self.id = id
        self.name = name
        self.email = email
        self.roles = roles
        self.department = department
    }
}
