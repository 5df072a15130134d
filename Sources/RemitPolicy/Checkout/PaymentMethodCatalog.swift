import RemitCore

/// How soon a payment by a method is final for the supplier: authorized, or irrevocably sent.
public enum SettlementSpeed: String, Sendable, CaseIterable {
    /// Confirmed within seconds (cards, RTP, virtual cards).
    case instant
    /// Settles the business day it is sent (wires).
    case sameDay = "same_day"
    /// Settles the next business day (ACH, SEPA credit transfer).
    case nextDay = "next_day"
    /// Paid later, on the buyer's terms (net terms).
    case deferred
}

/// What a method costs the supplier: a fixed part plus a share of the amount, optionally capped.
public struct MethodFee: Sendable, Equatable {
    /// Charged on every payment, in minor units.
    public var fixedMinorUnits: Int64
    /// Charged on the amount, in basis points (290 is 2.9%).
    public var basisPoints: Int64
    /// The most one payment's fee may be, in minor units; nil when uncapped.
    public var capMinorUnits: Int64?

    /// Creates a fee.
    public init(fixedMinorUnits: Int64 = 0, basisPoints: Int64 = 0, capMinorUnits: Int64? = nil) {
        self.fixedMinorUnits = fixedMinorUnits
        self.basisPoints = basisPoints
        self.capMinorUnits = capMinorUnits
    }

    /// The fee on `amount` minor units: the share rounded half-even, plus the fixed part,
    /// then capped.
    public func fee(on amount: Int64) -> Int64 {
        let total = BasisPoints.apply(basisPoints, to: amount) &+ fixedMinorUnits
        guard let capMinorUnits else { return total }
        return min(total, capMinorUnits)
    }
}

/// One payment method as checkout presents it.
public struct MethodProfile: Sendable, Equatable {
    /// The method.
    public var method: PaymentMethod
    /// A label a buyer reads, such as "ACH debit".
    public var label: String
    /// How soon the payment is final.
    public var speed: SettlementSpeed
    /// What it costs the supplier.
    public var fee: MethodFee

    /// Creates a profile.
    public init(method: PaymentMethod, label: String, speed: SettlementSpeed, fee: MethodFee) {
        self.method = method
        self.label = label
        self.speed = speed
        self.fee = fee
    }
}

/// The speed, fee and label of every payment method, and the order checkout lists them in.
///
/// The standard fees are typical US list prices in minor units of the invoice currency
/// (a tenant's contract with its processor may differ; pass another catalog then):
///
/// | method | speed | fee |
/// | --- | --- | --- |
/// | `ach_debit` | next_day | 80 bps, capped at 500 |
/// | `ach_credit` | next_day | 25 fixed |
/// | `wire` | same_day | 1500 fixed |
/// | `rtp` | instant | 50 fixed |
/// | `sepa_credit` | next_day | 20 fixed |
/// | `card` | instant | 290 bps + 30 |
/// | `virtual_card` | instant | 250 bps |
/// | `net_terms` | deferred | 0 |
public struct PaymentMethodCatalog: Sendable, Equatable {
    /// Every method's profile, in display order; each method appears exactly once.
    public let profiles: [MethodProfile]
    private let indexByMethod: [PaymentMethod: Int]

    /// Creates a catalog; `profiles` must list every method once (a bug otherwise).
    public init(profiles: [MethodProfile]) {
        var index: [PaymentMethod: Int] = [:]
        for (offset, profile) in profiles.enumerated() {
            precondition(index.updateValue(offset, forKey: profile.method) == nil, "\(profile.method) listed twice")
        }
        precondition(index.count == PaymentMethod.allCases.count, "a catalog lists every payment method")
        self.profiles = profiles
        self.indexByMethod = index
    }

    /// The profile of `method`.
    public subscript(method: PaymentMethod) -> MethodProfile {
        profiles[indexByMethod[method]!]
    }

    /// The display position of `method`, from 0.
    public func position(of method: PaymentMethod) -> Int {
        indexByMethod[method]!
    }

    /// Methods in display order: bank transfers first (cheapest to the supplier), then cards,
    /// then net terms.
    public var displayOrder: [PaymentMethod] { profiles.map(\.method) }

    /// The methods that settle instantly.
    public var instantMethods: [PaymentMethod] { profiles.filter { $0.speed == .instant }.map(\.method) }

    /// The standard catalog; see the table above.
    public static let standard = PaymentMethodCatalog(profiles: [
        MethodProfile(method: .achDebit, label: "ACH debit", speed: .nextDay,
                      fee: MethodFee(basisPoints: 80, capMinorUnits: 500)),
        MethodProfile(method: .achCredit, label: "ACH credit", speed: .nextDay, fee: MethodFee(fixedMinorUnits: 25)),
        MethodProfile(method: .wire, label: "Wire transfer", speed: .sameDay, fee: MethodFee(fixedMinorUnits: 1500)),
        MethodProfile(method: .rtp, label: "Instant bank payment (RTP)", speed: .instant, fee: MethodFee(fixedMinorUnits: 50)),
        MethodProfile(method: .sepaCredit, label: "SEPA credit transfer", speed: .nextDay, fee: MethodFee(fixedMinorUnits: 20)),
        MethodProfile(method: .card, label: "Card", speed: .instant, fee: MethodFee(fixedMinorUnits: 30, basisPoints: 290)),
        MethodProfile(method: .virtualCard, label: "Virtual card", speed: .instant, fee: MethodFee(basisPoints: 250)),
        MethodProfile(method: .netTerms, label: "Net terms", speed: .deferred, fee: MethodFee()),
    ])
}

/// Basis-point arithmetic on minor units.
enum BasisPoints {
    /// One whole in basis points.
    static let whole: Int64 = 10_000

    /// `amount × bps ÷ 10,000`, rounded half-even, sign kept. `bps` is within ±10,000 in every
    /// caller, so the result is no larger than `amount` and cannot overflow.
    static func apply(_ bps: Int64, to amount: Int64) -> Int64 {
        precondition(bps.magnitude <= UInt64(whole), "basis points beyond 10,000")
        let product = amount.magnitude.multipliedFullWidth(by: bps.magnitude)
        let divisor = UInt64(whole)
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        let rest = divisor - remainder
        let up = remainder > 0 && (remainder > rest || (remainder == rest && quotient % 2 == 1))
        let magnitude = quotient + (up ? 1 : 0)
        let negative = (amount < 0) != (bps < 0)
        return negative ? 0 &- Int64(truncatingIfNeeded: magnitude) : Int64(truncatingIfNeeded: magnitude)
    }
}
