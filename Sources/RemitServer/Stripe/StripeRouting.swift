import Logging
import RemitCore
import RemitRails
import RemitStore

/// The Stripe details of a payment, read from the store: its saved payment method, the methods
/// its checkout decision hid, and the references that travel with the money (invoice number,
/// PO number).
struct StripeChargeContexts: Sendable {
    let store: Store

    /// The payment's context, or nil when the payment carries no Stripe payment method.
    func context(for instruction: SettlementInstruction) async throws -> StripeChargeContext? {
        let paymentID = instruction.paymentID
        return try await store.read { transaction -> StripeChargeContext? in
            guard let tenant = try await transaction.paymentTenant(paymentID),
                  let details = try await transaction.paymentRailDetails(paymentID, tenant: tenant),
                  let paymentMethod = details.stripePaymentMethod,
                  let payment = try await transaction.payment(paymentID, tenant: tenant) else { return nil }
            var references: [String: String] = [:]
            if let invoice = try await transaction.invoice(payment.invoiceID, tenant: tenant) {
                references["invoice_number"] = invoice.number
                if let po = invoice.poNumber { references["po_number"] = po }
            }
            return StripeChargeContext(paymentMethod: paymentMethod,
                                       hiddenMethods: details.hiddenMethods.compactMap(PaymentMethod.init(rawValue:)),
                                       metadata: references)
        }
    }
}

/// Sends to Stripe the settlements that belong there: every card payment, and an ACH debit
/// that carries a Stripe payment method (`pm_…`); other ACH debits go to `fallback`.
struct StripeRouting: PaymentRail {
    let stripe: StripeRail
    let contexts: StripeChargeContexts
    let fallback: any PaymentRail

    func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        let context: StripeChargeContext?
        do {
            context = try await contexts.context(for: instruction)
        } catch {
            return .unknown(reason: "the payment's Stripe details could not be read: \(error)")
        }
        if let context {
            return await stripe.settle(instruction, context: context, idempotencyKey: idempotencyKey)
        }
        guard instruction.method == .card else { return await fallback.settle(instruction, idempotencyKey: idempotencyKey) }
        // A card payment without a saved card is refused before anything is sent.
        return await stripe.settle(instruction, context: StripeChargeContext(paymentMethod: ""), idempotencyKey: idempotencyKey)
    }

    /// The rail for the server: `fallback` alone without a Stripe key, otherwise card and ACH
    /// debit payments through Stripe as described above.
    static func rail(configuration: StripeConfiguration?, store: Store, fallback: any PaymentRail, logger: Logger) -> any PaymentRail {
        guard let configuration else { return fallback }
        let contexts = StripeChargeContexts(store: store)
        let stripe = StripeRail(client: StripeClient(configuration: configuration, logger: logger), context: { instruction in
            guard let context = try await contexts.context(for: instruction) else {
                throw StripeError(.paymentMethodMissing, "The payment carries no Stripe payment method (stripe_payment_method).")
            }
            return context
        }, logger: logger)
        let routing = StripeRouting(stripe: stripe, contexts: contexts, fallback: fallback)
        return RailRouter(rails: [.card: routing, .achDebit: routing], fallback: fallback)
    }
}
