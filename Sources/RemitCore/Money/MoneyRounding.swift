/// How to round an exact result that falls between two minor units.
///
/// "Up" and "down" are measured from zero, so a rule treats a negative amount exactly as it
/// treats the positive amount of the same size: -0.125 rounds like 0.125, with the sign kept.
public enum MoneyRounding: Sendable {
    /// To the nearest minor unit; a tie goes to the even one (banker's rounding). The default.
    case halfEven
    /// To the nearest minor unit; a tie goes away from zero.
    case halfUp
    /// Toward zero: drops the fraction of a minor unit.
    case down
    /// Away from zero: any fraction of a minor unit becomes a whole one.
    case up

    /// Whether to add one to `quotient` given the `remainder` of a division by `divisor`.
    ///
    /// All three are magnitudes; the caller applies the sign afterwards.
    func roundsAwayFromZero(quotient: UInt64, remainder: UInt64, divisor: UInt64) -> Bool {
        guard remainder > 0 else { return false }
        // remainder < divisor, so divisor - remainder cannot underflow; comparing remainder with
        // what is left of the divisor finds the half without doubling and overflowing.
        let rest = divisor - remainder
        switch self {
        case .down: return false
        case .up: return true
        case .halfUp: return remainder >= rest
        case .halfEven: return remainder > rest || (remainder == rest && quotient % 2 == 1)
        }
    }
}
