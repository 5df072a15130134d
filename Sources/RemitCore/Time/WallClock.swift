import Foundation
import Synchronization

/// The source of "now" for everything in Remit.
///
/// No code reads the system clock directly: it asks the `WallClock` it was given, so tests
/// decide what time it is and never sleep to let time pass.
public struct WallClock: Sendable {
    /// Returns the current instant.
    public var now: @Sendable () -> Date

    /// Creates a clock from a closure that returns the current instant.
    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The operating system's clock.
    public static let system = WallClock { Date() }

    /// A clock that always answers `date`.
    public static func fixed(_ date: Date) -> WallClock {
        WallClock { date }
    }

    /// The current instant in whole milliseconds since 1970, the unit Remit stores.
    public var nowMilliseconds: Int64 {
        Int64((now().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// A clock that tests move by hand.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    /// Creates a clock that starts at `start`.
    public init(start: Date) {
        current = Mutex(start)
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }

    /// A `WallClock` that reads this manual clock.
    public var wallClock: WallClock {
        WallClock { [self] in current.withLock { $0 } }
    }
}
