import RemitCore
import RemitRails

/// Chooses the rail for each settlement by the payment's method: the rail registered for the
/// method, or the fallback (the simulated gateway in the demo and the fault tests).
struct RailRouter: PaymentRail {
    /// The rail of each method that has its own.
    var rails: [PaymentMethod: any PaymentRail]
    /// The rail of every other method.
    var fallback: any PaymentRail

    init(rails: [PaymentMethod: any PaymentRail] = [:], fallback: any PaymentRail) {
        self.rails = rails
        self.fallback = fallback
    }

    func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        await (rails[instruction.method] ?? fallback).settle(instruction, idempotencyKey: idempotencyKey)
    }
}
