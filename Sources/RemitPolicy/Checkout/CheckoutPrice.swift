import RemitCore

/// What a buyer pays for a checkout: the invoice amount it settles, the discount and surcharge
/// that apply, and the amount charged over the rail.
///
/// A policy `discount` and the early-payment discount of the buyer's credit terms ("2/10 net
/// 30") do not stack: the buyer gets **the larger of the two**, so a tenant's promotional rule
/// and its terms never give away more than either promised. The early-payment discount applies
/// when the payment is made (or scheduled) no later than `within_days` after the invoice's
/// issue date, and never to `net_terms`, which settle on the due date, after the window.
public struct CheckoutPrice: Sendable, Equatable {
    /// Where the discount came from.
    public enum DiscountSource: String, Sendable, Equatable {
        /// A checkout policy's `discount` action.
        case policy
        /// The buyer's early-payment terms.
        case earlyPayment = "early_payment"
    }

    /// The invoice amount the payment settles, minor units.
    public var amount: Int64
    /// The discount granted, minor units (0 when none).
    public var discount: Int64
    /// Where the discount came from; nil when there is none.
    public var discountSource: DiscountSource?
    /// The surcharge added, minor units (0 when none).
    public var surcharge: Int64

    /// What moves over the rail: `amount − discount + surcharge`.
    public var charged: Int64 { amount - discount + surcharge }

    /// Creates a price.
    public init(amount: Int64, discount: Int64, discountSource: DiscountSource?, surcharge: Int64) {
        self.amount = amount
        self.discount = discount
        self.discountSource = discountSource
        self.surcharge = surcharge
    }

    /// The price of paying `amount` of an invoice issued on `issueDate` with `method` on
    /// `payDate`, given the decision's adjustments (computed on `amount`) and the buyer's terms.
    public static func price(amount: Int64, decision: CheckoutDecision, terms: EarlyPaymentDiscount?, issueDate: CalendarDate,
                             payDate: CalendarDate, method: PaymentMethod) -> CheckoutPrice {
        price(amount: amount, policyDiscount: decision.discount.amount, surcharge: decision.surcharge.amount, terms: terms,
              issueDate: issueDate, payDate: payDate, method: method)
    }

    /// The same price from the decision's discount and surcharge amounts alone (as a stored
    /// session keeps them).
    public static func price(amount: Int64, policyDiscount: Int64, surcharge: Int64, terms: EarlyPaymentDiscount?, issueDate: CalendarDate,
                             payDate: CalendarDate, method: PaymentMethod) -> CheckoutPrice {
        let early = earlyPaymentDiscount(amount: amount, terms: terms, issueDate: issueDate, payDate: payDate, method: method)
        // Ties go to the policy: its reasons explain it to the tenant.
        let (discount, source): (Int64, DiscountSource?) = early > policyDiscount
            ? (early, .earlyPayment) : (policyDiscount, policyDiscount > 0 ? .policy : nil)
        return CheckoutPrice(amount: amount, discount: discount, discountSource: source, surcharge: surcharge)
    }

    /// The early-payment discount on `amount` when `payDate` is within the terms' window and
    /// `method` is not net terms; 0 otherwise. Rounded half-even to a minor unit.
    public static func earlyPaymentDiscount(amount: Int64, terms: EarlyPaymentDiscount?, issueDate: CalendarDate,
                                            payDate: CalendarDate, method: PaymentMethod) -> Int64 {
        guard let terms, method != .netTerms, terms.discountBasisPoints > 0, payDate <= lastDiscountDay(terms, issueDate: issueDate) else {
            return 0
        }
        return BasisPoints.apply(Int64(min(terms.discountBasisPoints, Int(BasisPoints.whole))), to: amount)
    }

    /// The last day the terms' discount may be taken: the issue date plus `within_days` (a
    /// "2/10" invoice issued on the 1st takes the discount up to and including the 11th).
    public static func lastDiscountDay(_ terms: EarlyPaymentDiscount, issueDate: CalendarDate) -> CalendarDate {
        issueDate.adding(days: terms.withinDays)
    }
}
