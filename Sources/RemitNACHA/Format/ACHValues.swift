/// Which way an entry moves money, seen from the receiver's account.
public enum ACHDirection: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Money into the receiver's account (a payment pushed to a supplier).
    case credit
    /// Money out of the receiver's account (a collection from a buyer).
    case debit
}

/// The kind of the receiver's account.
public enum ACHAccountType: String, Sendable, Equatable, Hashable, CaseIterable {
    /// A demand deposit (checking) account: transaction codes 2x.
    case checking
    /// A savings account: transaction codes 3x.
    case savings
}

/// The Standard Entry Class codes the writer produces.
public enum ACHStandardEntryClass: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Corporate Credit or Debit; with one type-05 addenda record it is "CCD+".
    case ccd = "CCD"
    /// Corporate Trade Exchange: up to 9,999 type-05 addenda records carrying an X12 820.
    case ctx = "CTX"
}

/// A file's creation time of day, in the originator's zone, to the minute.
public struct ACHFileTime: Sendable, Equatable, Hashable {
    /// 0 to 23.
    public var hour: Int
    /// 0 to 59.
    public var minute: Int

    /// Creates a time; the writer refuses one out of range.
    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }
}

/// A two-digit entry transaction code for a checking or savings account.
///
/// The second digit says what the entry is: 1 a return or notification of change of a credit,
/// 2 a live credit, 3 a credit prenote, 4 a zero-dollar credit with remittance; 6 to 9 the same
/// for debits. The writer emits only live entries (22, 27, 32, 37).
public struct ACHTransactionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// What an entry with this code is.
    public enum Kind: Sendable, Equatable {
        /// A return or a notification of change (codes 21, 26, 31, 36).
        case returnOrNotificationOfChange
        /// A live entry that moves money (22, 27, 32, 37).
        case live
        /// A zero-dollar prenotification (23, 28, 33, 38).
        case prenote
        /// A zero-dollar entry carrying remittance only (24, 29, 34, 39).
        case zeroDollarRemittance
    }

    /// The two-digit code.
    public let rawValue: Int

    /// A checking or savings transaction code; nil for any other number.
    public init?(rawValue: Int) {
        guard [2, 3].contains(rawValue / 10), [1, 2, 3, 4, 6, 7, 8, 9].contains(rawValue % 10) else { return nil }
        self.rawValue = rawValue
    }

    /// The live code for a direction and an account type: 22, 27, 32 or 37.
    public init(direction: ACHDirection, accountType: ACHAccountType) {
        let first = accountType == .checking ? 20 : 30
        rawValue = first + (direction == .credit ? 2 : 7)
    }

    /// Checking (2x) or savings (3x).
    public var accountType: ACHAccountType { rawValue / 10 == 2 ? .checking : .savings }

    /// Credit (x1 to x4) or debit (x6 to x9); for a return, the direction of the entry returned.
    public var direction: ACHDirection { rawValue % 10 <= 4 ? .credit : .debit }

    /// What the entry is.
    public var kind: Kind {
        switch rawValue % 5 {
        case 1: .returnOrNotificationOfChange
        case 2: .live
        case 3: .prenote
        default: .zeroDollarRemittance
        }
    }

    /// The code a return of this entry carries (22 → 21, 37 → 36).
    public var returnCode: ACHTransactionCode {
        ACHTransactionCode(rawValue: rawValue - rawValue % 5 + 1)!
    }

    public var description: String { String(rawValue) }
}
