import Synchronization

/// Makes identifiers and secrets from a source of random bytes that tests can replace.
public struct IDGenerator: Sendable {
    /// Returns `count` random bytes.
    public var randomBytes: @Sendable (_ count: Int) -> [UInt8]

    /// Creates a generator over a source of random bytes.
    public init(randomBytes: @escaping @Sendable (_ count: Int) -> [UInt8]) {
        self.randomBytes = randomBytes
    }

    /// The operating system's cryptographically secure generator.
    public static let system = IDGenerator { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A deterministic generator for tests: the same seed gives the same identifiers.
    public static func seeded(_ seed: UInt64) -> IDGenerator {
        let state = Mutex(SplitMix64(seed: seed))
        return IDGenerator { count in
            state.withLock { rng in (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        }
    }

    /// A new identifier: the entity's prefix, `_`, and 120 random bits in base 32.
    public func make<Entity: IdentifiedEntity>(_ entity: Entity.Type = Entity.self) -> Identifier<Entity> {
        Identifier(rawValue: Entity.idPrefix + "_" + Base32.encode(randomBytes(15)))
    }

    /// A new secret of `byteCount` random bytes in base 32, behind `prefix`.
    public func secret(prefix: String, byteCount: Int = 32) -> String {
        prefix + Base32.encode(randomBytes(byteCount))
    }
}

/// SplitMix64: a tiny, well-mixed deterministic generator for tests and fuzzing.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates the generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Lower-case RFC 4648 base 32 without padding: safe in URLs, unambiguous in logs.
public enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Encodes bytes, five bits a character.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
