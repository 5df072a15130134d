import Logging
import RemitCore
import RemitRails
import RemitStore

extension RemitApplication {
    /// The refund processor with a rail for every ``RefundRailName`` this server can refund
    /// over: the fallback payment rail's refunds (`gateway`), Stripe when configured, and the
    /// NACHA credit file and the pain.001 credit transfer for payments that settled by file.
    static func refundProcessor(store: Store, configuration: ServerConfiguration, environment: Environment, fallback: (any RefundRail)?,
                                logger: Logger) -> RefundProcessor {
        var rails: [RefundRailName: any RefundRail] = [:]
        if let fallback { rails[.gateway] = fallback }
        if let stripe = configuration.stripe { rails[.stripe] = StripeRefundRail(client: StripeClient(configuration: stripe, logger: logger)) }
        rails[.ach] = RefundFileRail(store: store, format: ACHCreditRefundFile(environment: environment))
        rails[.sepa] = RefundFileRail(store: store, format: Pain001RefundFile(environment: environment))
        return RefundProcessor(store: store, rails: RefundRails(rails: rails), configuration: configuration.refunds, environment: environment,
                               logger: logger)
    }
}
