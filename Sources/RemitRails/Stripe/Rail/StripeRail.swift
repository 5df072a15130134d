import Logging
import RemitCore

/// Stripe as a ``PaymentRail``: card and ACH debit payments as PaymentIntents, created and
/// confirmed in one request under the caller's idempotency key.
///
/// Card payments settle or decline in the answer. ACH debits answer `processing` and settle
/// days later: the rail reports ``SettlementOutcome/unknown(reason:)`` naming the
/// PaymentIntent, and the `payment_intent.succeeded` / `payment_intent.payment_failed`
/// webhook (see ``StripeWebhookVerifier``) or ``outcome(ofPaymentIntent:)`` decides it.
/// Settling again with the same key is safe and is itself a status lookup: Stripe replays the
/// first answer, and a replayed `processing` answer is refreshed with the PaymentIntent's
/// current state.
public struct StripeRail: PaymentRail {
    /// Finds the Stripe details of a payment (its saved payment method, hidden methods,
    /// references). Throwing a ``StripeError`` declines the payment with its code; any other
    /// error leaves the outcome unknown, since nothing was sent.
    public typealias ContextProvider = @Sendable (SettlementInstruction) async throws -> StripeChargeContext

    let client: StripeClient
    let context: ContextProvider
    let logger: Logger

    /// Creates the rail.
    public init(client: StripeClient, context: @escaping ContextProvider, logger: Logger) {
        self.client = client
        self.context = context
        self.logger = logger
    }

    /// Charges `instruction` once per `idempotencyKey`, with the context the provider finds.
    public func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        let found: StripeChargeContext
        do {
            found = try await context(instruction)
        } catch let error as StripeError {
            return .declined(code: error.code.rawValue, message: error.message)
        } catch {
            return .unknown(reason: "the payment's Stripe details could not be read: \(error)")
        }
        return await settle(instruction, context: found, idempotencyKey: idempotencyKey)
    }

    /// Charges `instruction` with `context` once per `idempotencyKey`.
    public func settle(_ instruction: SettlementInstruction, context: StripeChargeContext, idempotencyKey: String) async -> SettlementOutcome {
        let params: PaymentIntentCreateParams
        do {
            params = try Self.params(for: instruction, context: context)
        } catch {
            return .declined(code: error.code.rawValue, message: error.message)
        }
        var response = await client.createPaymentIntent(params, idempotencyKey: idempotencyKey)
        // A replay is the answer as it was at the first request; a debit that was processing
        // then may have settled since, so ask for its state now.
        if case let .success(intent, answer) = response, answer.idempotentReplayed, intent.status == .processing {
            let current = await client.retrievePaymentIntent(id: intent.id)
            if case .success = current { response = current }
        }
        let outcome = response.settlementOutcome
        logger.info("stripe settle", metadata: [
            "payment.id": "\(instruction.paymentID)", "rail.idempotency_key": "\(idempotencyKey)", "rail.outcome": "\(outcome)",
        ])
        return outcome
    }

    /// The current outcome of a PaymentIntent, from `GET /v1/payment_intents/{id}`: settled,
    /// declined, or unknown while it is processing or Stripe cannot be asked.
    public func outcome(ofPaymentIntent id: String) async -> SettlementOutcome {
        await client.retrievePaymentIntent(id: id).settlementOutcome
    }

    /// The PaymentIntent parameters for a payment.
    ///
    /// Metadata carries the instruction's metadata (invoice id, buyer id, run id), then the
    /// context's references, then `payment_id`, which always names the Remit payment.
    /// - Throws: ``StripeError`` when the method is not card or ACH debit, is excluded by the
    ///   context, or is an ACH debit in a currency other than USD.
    public static func params(for instruction: SettlementInstruction, context: StripeChargeContext) throws(StripeError) -> PaymentIntentCreateParams {
        guard let type = StripePaymentMethodType(instruction.method) else {
            throw StripeError(.methodNotSupported, "Stripe carries card and ACH debit payments, not \(instruction.method.rawValue).")
        }
        guard !context.excludedPaymentMethodTypes.contains(type) else {
            throw StripeError(.methodExcluded, "The payment's method (\(type)) is excluded for this payment by policy.",
                              param: "excluded_payment_method_types")
        }
        if type == .usBankAccount, instruction.amount.currency != .usd {
            throw StripeError(.invalidParameter, "ACH debits are in USD only, not \(instruction.amount.currency).", param: "currency")
        }
        guard !context.paymentMethod.isEmpty else {
            throw StripeError(.paymentMethodMissing, "The buyer has no saved Stripe payment method for \(type).", param: "payment_method")
        }
        var metadata = instruction.metadata
        metadata.merge(context.metadata) { _, reference in reference }
        metadata["payment_id"] = instruction.paymentID.rawValue
        return PaymentIntentCreateParams(
            amount: instruction.amount, paymentMethod: context.paymentMethod, customer: context.customer,
            description: instruction.reference.isEmpty ? nil : instruction.reference, metadata: metadata,
            excludedPaymentMethodTypes: context.excludedPaymentMethodTypes,
            statementDescriptorSuffix: type == .card ? context.statementDescriptorSuffix : nil,
            mandate: type == .usBankAccount ? context.mandate : nil)
    }
}
