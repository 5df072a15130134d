extension Migrations {
    /// Stripe and deferred settlement: how each payment settles when that is more than its
    /// method (the buyer's saved Stripe payment method, the methods its checkout decision hid,
    /// the rail and date a net-terms payment settles on), and every Stripe event received,
    /// keyed by its id so a replay changes nothing.
    static let stripe = Migration(version: 10, name: "stripe", template: """
    CREATE TABLE payment_rail_details (
        payment_id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        stripe_payment_method TEXT,
        hidden_methods {json} NOT NULL,
        settle_method TEXT,
        settle_on TEXT,
        created_at {int} NOT NULL
    );
    CREATE TABLE stripe_events (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        tenant_id TEXT,
        payment_id TEXT,
        payment_intent TEXT,
        status TEXT NOT NULL,
        detail TEXT NOT NULL,
        received_at {int} NOT NULL
    );
    """)
}
