/// Stripe's documented minimum charge amounts, in minor units, for the currencies it lists;
/// other currencies need at least 1 minor unit here (Stripe's rule for them is "the
/// equivalent of USD 0.50", which a stand-in without exchange rates cannot apply).
enum CurrencyMinimums {
    static let minorUnits: [String: Int64] = [
        "usd": 50, "aed": 200, "aud": 50, "bgn": 100, "brl": 50, "cad": 50, "chf": 50, "czk": 1_500, "dkk": 250, "eur": 50,
        "gbp": 30, "hkd": 400, "huf": 17_500, "inr": 50, "jpy": 50, "mxn": 1_000, "myr": 200, "nok": 300, "nzd": 50,
        "pln": 200, "ron": 200, "sek": 300, "sgd": 50, "thb": 1_000,
    ]

    /// The smallest amount accepted in `currency` (lowercase).
    static func minimum(_ currency: String) -> Int64 { minorUnits[currency] ?? 1 }
}
