import Hummingbird
import Logging
import RemitCore
import RemitRails
import RemitStore
import ServiceLifecycle

/// Builds Remit's HTTP application over a store.
public enum RemitApplication {
    /// The routes, as (method, path) with `{id}` parameters, in the order they are registered.
    /// The OpenAPI test compares this list with the document.
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/healthz"), ("GET", "/openapi.yaml"), ("GET", "/approve/{token}"), ("POST", "/approve/{token}"),
        ("GET", "/checkout/{token}"), ("POST", "/checkout/{token}"), ("GET", "/checkout.js"),
        ("POST", "/v1/buyers"), ("GET", "/v1/buyers"), ("GET", "/v1/buyers/{id}"), ("PATCH", "/v1/buyers/{id}"),
        ("GET", "/v1/custom_field_schema"), ("PUT", "/v1/custom_field_schema"),
        ("POST", "/v1/invoices"), ("GET", "/v1/invoices"), ("GET", "/v1/invoices/{id}"), ("POST", "/v1/invoices/{id}/void"), ("GET", "/v1/invoices/{id}/context"),
        ("POST", "/v1/workflows"), ("GET", "/v1/workflows"), ("GET", "/v1/workflows/{id}"), ("POST", "/v1/workflows/{id}/versions"),
        ("POST", "/v1/payments"), ("GET", "/v1/payments"), ("GET", "/v1/payments/{id}"), ("POST", "/v1/payments/{id}/cancel"),
        ("POST", "/v1/payments/{id}/refunds"), ("GET", "/v1/payments/{id}/refunds"), ("GET", "/v1/refunds/{id}"),
        ("GET", "/v1/runs/{id}"),
        ("GET", "/v1/approvals"), ("POST", "/v1/approvals/{id}/approve"), ("POST", "/v1/approvals/{id}/reject"),
        ("GET", "/v1/events"),
        ("GET", "/v1/settings"), ("PUT", "/v1/settings"),
        ("POST", "/v1/signal_sources"), ("POST", "/v1/signal_sources/{id}/rotate"), ("GET", "/v1/signals"), ("POST", "/v1/signals/{source}"),
        ("GET", "/v1/policies/checkout"), ("PUT", "/v1/policies/checkout"), ("POST", "/v1/checkout_sessions"), ("GET", "/v1/checkout_sessions/{id}"),
        ("POST", "/v1/checkout_sessions/{id}/confirm"),
        ("POST", "/v1/modules"), ("GET", "/v1/modules"), ("GET", "/v1/modules/{id}"), ("POST", "/v1/modules/{id}/invoke"),
        ("GET", "/v1/ledger/accounts"), ("GET", "/v1/ledger/transfers"),
        ("GET", "/v1/rail_files"), ("GET", "/v1/rail_files/{id}"), ("POST", "/v1/ach_returns"),
        ("POST", "/v1/bank_statements"), ("GET", "/v1/bank_statements/{id}"), ("GET", "/v1/reconciliation/unmatched"),
        ("POST", "/v1/reconciliation/unmatched/{id}/match"),
        ("POST", "/v1/stripe/webhook"),
    ]

    /// The methods that have a route at `path`, for 405 answers.
    static func allowedMethods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            return template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
    }

    /// The router with every route and middleware.
    public static func router(store: Store, configuration: ServerConfiguration, environment: Environment,
                              modules: ModuleRuntime? = nil) -> Router<RemitRequestContext> {
        let modules = modules ?? ModuleRuntime(configuration: configuration.modules, clock: environment.clock)
        let api = APIContext(store: store, configuration: configuration, environment: environment,
                             inFlight: store.isSingleNode ? InFlightKeys() : nil,
                             engine: RunEngine(workflows: CompiledWorkflowCache(), environment: environment, policy: configuration.executor.runPolicy,
                                               links: ApprovalLinks(baseURL: configuration.publicBaseURL, environment: environment)))
        let router = Router(context: RemitRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: LogRequestsMiddleware(.info))
        SystemRoutes(api: api).register(on: router)
        ApprovalPageRoutes(api: api).register(on: router)
        let v1 = router.group("v1").add(middleware: APIKeyAuthMiddleware(store: store))
        BuyerRoutes(api: api).register(on: v1)
        SchemaRoutes(api: api).register(on: v1)
        InvoiceRoutes(api: api).register(on: v1)
        WorkflowRoutes(api: api).register(on: v1)
        PaymentRoutes(api: api).register(on: v1)
        RefundRoutes(api: api).register(on: v1)
        ApprovalRoutes(api: api).register(on: v1)
        SettingsRoutes(api: api).register(on: v1)
        let checkout = CheckoutService(environment: environment, policies: PolicyCache(),
                                       links: CheckoutLinks(baseURL: configuration.publicBaseURL, environment: environment), modules: modules)
        CheckoutRoutes(api: api, service: checkout).register(on: v1)
        CheckoutPageRoutes(api: api, service: checkout).register(on: router)
        let signals = SignalRoutes(api: api, checkout: checkout)
        signals.register(on: v1)
        signals.registerInbound(on: router)
        ModuleRoutes(api: api, service: ModuleService(environment: environment, runtime: modules)).register(on: v1)
        LedgerRoutes(api: api).register(on: v1)
        RailFileRoutes(api: api).register(on: v1)
        ReconciliationRoutes(api: api).register(on: v1)
        StripeWebhookRoutes(api: api).register(on: router)
        return router
    }

    /// The application: the HTTP server plus Remit's background services. The store itself
    /// must run beside it (see `RemitServerService`). `rail` settles every payment unless
    /// Stripe is configured, which then takes card payments and ACH debits with a `pm_…`.
    ///
    /// Refunds go back over the rail their payment settled on (see `RefundRailChoice`); the
    /// fallback's refunds go to `refundRail`, by default `rail` itself when it can refund.
    public static func application(store: Store, configuration: ServerConfiguration, environment: Environment, rail: any PaymentRail,
                                   refundRail: (any RefundRail)? = nil, logger: Logger) -> some ApplicationProtocol {
        let modules = ModuleRuntime(configuration: configuration.modules, clock: environment.clock)
        // Payments that carry the payer's bank account settle by file; every other one on `rail`.
        let rails = RailRouter(rails: [
            .achDebit: FileRail(store: store, format: ACHFileRail(environment: environment), fallback: rail),
            .sepaCredit: FileRail(store: store, format: Pain001Rail(environment: environment), fallback: rail),
        ], fallback: rail)
        let executor = RunExecutor(store: store,
                                   engine: RunEngine(workflows: CompiledWorkflowCache(), environment: environment, policy: configuration.executor.runPolicy,
                                               links: ApprovalLinks(baseURL: configuration.publicBaseURL, environment: environment)),
                                   rail: StripeRouting.rail(configuration: configuration.stripe, store: store, fallback: rails, logger: logger),
                                   modules: modules, configuration: configuration.executor, environment: environment, logger: logger,
                                   owner: environment.ids.secret(prefix: "node_", byteCount: 8))
        var services: [any Service] = [
            IdempotencyKeyReaper(store: store, configuration: configuration, clock: environment.clock, logger: logger),
            OutboxDispatcher(store: store, configuration: configuration.outbox, clock: environment.clock, logger: logger),
        ]
        if configuration.executor.enabled { services.append(executor) }
        if configuration.refunds.enabled {
            services.append(refundProcessor(store: store, configuration: configuration, environment: environment,
                                            fallback: refundRail ?? (rail as? any RefundRail), logger: logger))
        }
        return Application(router: router(store: store, configuration: configuration, environment: environment, modules: modules),
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "remit"),
                           services: services,
                           logger: logger)
    }
}
