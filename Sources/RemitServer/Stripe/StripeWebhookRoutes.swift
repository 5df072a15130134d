import HTTPTypes
import Hummingbird
import RemitCore
import RemitRails
import RemitStore

/// `POST /v1/stripe/webhook`: Stripe's events, authenticated by the `Stripe-Signature` alone.
/// Without a configured webhook secret the route answers 404.
struct StripeWebhookRoutes {
    let api: APIContext
    let service: StripeWebhookService?

    init(api: APIContext) {
        self.api = api
        if let stripe = api.configuration.stripe, !stripe.webhookSigningSecrets.isEmpty {
            service = StripeWebhookService(verifier: StripeWebhookVerifier(configuration: stripe, clock: api.environment.clock),
                                           engine: api.engine, environment: api.environment)
        } else {
            service = nil
        }
    }

    func register(on router: Router<RemitRequestContext>) {
        router.post("v1/stripe/webhook") { [service, api] request, _ in
            try api.noQuery(request)
            guard let service else { throw RemitError(.notFound, "Stripe webhooks are not configured on this server (REMIT_STRIPE_WEBHOOK_SECRET).") }
            var request = request
            let body = try await api.bodyReader.bytes(&request)
            let event = try service.verify(payload: body, signatureHeader: request.headers[HTTPField.Name("Stripe-Signature")!])
            let received = try await api.store.write { try await service.receive(event, in: $0) }
            return JSONResponse(json: StripeWebhookService.json(received)).response
        }
    }
}
