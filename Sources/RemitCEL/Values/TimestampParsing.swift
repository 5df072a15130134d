extension CELTimestamp {
    /// Parses RFC 3339 text such as `2009-02-13T23:31:30Z` or `2009-02-13T23:31:30.5+01:00`.
    public init(parsing text: String) throws(CELError) {
        let bytes = Array(text.utf8)
        var reader = DigitReader(bytes: bytes)
        let bad = CELError(.conversion, "invalid timestamp", detail: text)
        guard let year = reader.number(4) else {
            // A five-digit year is well-formed but outside the range CEL allows.
            if bytes.count > 5, bytes[0...4].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                throw CELError(.range, "timestamp out of range")
            }
            throw bad
        }
        guard reader.expect(UInt8(ascii: "-")), let month = reader.number(2), reader.expect(UInt8(ascii: "-")),
            let day = reader.number(2), reader.expect(UInt8(ascii: "T")) || reader.expect(UInt8(ascii: "t")),
            let hour = reader.number(2), reader.expect(UInt8(ascii: ":")), let minute = reader.number(2),
            reader.expect(UInt8(ascii: ":")), let second = reader.number(2)
        else { throw bad }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { throw bad }
        var nanos: Int64 = 0
        if reader.expect(UInt8(ascii: ".")) {
            var digits = 0
            while let d = reader.digit() {
                if digits < 9 { nanos = nanos * 10 + d }
                digits += 1
            }
            guard digits > 0 else { throw bad }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if reader.expect(UInt8(ascii: "Z")) || reader.expect(UInt8(ascii: "z")) {
        } else if let sign = reader.next(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            guard let oh = reader.number(2), reader.expect(UInt8(ascii: ":")), let om = reader.number(2) else { throw bad }
            offsetSeconds = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            throw bad
        }
        guard reader.atEnd else { throw bad }
        guard year >= 1 else { throw CELError(.range, "timestamp out of range") }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        try self.init(nanosecondsSinceEpoch: Int128(seconds) * Self.nanosPerSecond + Int128(nanos))
    }
}

/// Reads fixed-width decimal fields from ASCII bytes.
struct DigitReader {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func next() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func digit() -> Int64? {
        guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else { return nil }
        defer { position += 1 }
        return Int64(bytes[position] - 48)
    }

    mutating func number(_ width: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<width {
            guard let d = digit() else { return nil }
            value = value * 10 + d
        }
        return value
    }
}
