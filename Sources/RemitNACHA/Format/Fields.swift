import RemitCore

/// Fixed-width field rendering. Values reaching here were validated; a value that does not
/// fit is a bug in the caller, and traps.
enum Fields {
    /// Left-justified, space-filled, upper-case: the NACHA alphanumeric form.
    static func alpha(_ value: String, _ width: Int) -> String {
        let text = value.uppercased()
        precondition(text.utf8.count <= width, "alphanumeric field wider than \(width)")
        return text + String(repeating: " ", count: width - text.utf8.count)
    }

    /// Right-justified, zero-filled: the NACHA numeric form.
    static func number(_ value: Int64, _ width: Int) -> String {
        precondition(value >= 0, "numeric fields hold no sign")
        return digits(String(value), width)
    }

    /// A string of digits, right-justified and zero-filled.
    static func digits(_ value: String, _ width: Int) -> String {
        precondition(value.utf8.count <= width && value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }, "numeric field overflow")
        return String(repeating: "0", count: width - value.utf8.count) + value
    }

    /// `YYMMDD`.
    static func yymmdd(_ date: CalendarDate) -> String {
        precondition((2000...2099).contains(date.year), "NACHA dates are 20YY")
        return digits(String(date.year % 100), 2) + digits(String(date.month), 2) + digits(String(date.day), 2)
    }

    /// `CCYYMMDD`, as X12 dates are written.
    static func ccyymmdd(_ date: CalendarDate) -> String {
        digits(String(date.year), 4) + digits(String(date.month), 2) + digits(String(date.day), 2)
    }

    /// `HHMM`.
    static func hhmm(_ time: ACHFileTime) -> String {
        digits(String(time.hour), 2) + digits(String(time.minute), 2)
    }
}

/// Checks input fields, naming each by its path, and returns them in the form they are written.
struct FieldChecker {
    /// The path of the object the fields belong to, such as `batches[0].entries[2]`.
    var path: String

    func name(_ field: String) -> String { path.isEmpty ? field : path + "." + field }

    /// An alphanumeric field: printable ASCII, at most `max` characters, upper-cased.
    func text(_ value: String, _ field: String, max: Int, required: Bool = false) throws(NACHAError) -> String {
        guard value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            throw NACHAError(.invalidCharacters, "Use printable ASCII only (letters, digits, spaces and punctuation).", field: name(field))
        }
        let trimmed = value.trimmingSpaces()
        if required && trimmed.isEmpty {
            throw NACHAError(.fieldRequired, "This field is required.", field: name(field))
        }
        guard trimmed.utf8.count <= max else {
            throw NACHAError(.fieldTooLong, "At most \(max) characters; this one has \(trimmed.utf8.count).", field: name(field))
        }
        return trimmed.uppercased()
    }

    /// A routing number, check digit included.
    func routing(_ value: String, _ field: String) throws(NACHAError) -> RoutingNumber {
        do {
            return try RoutingNumber(value)
        } catch {
            throw NACHAError(error.code, error.message, field: name(field))
        }
    }

    /// A day the NACHA `YYMMDD` form can hold.
    func date(_ value: CalendarDate, _ field: String) throws(NACHAError) -> CalendarDate {
        guard (2000...2099).contains(value.year) else {
            throw NACHAError(.invalidFormat, "NACHA dates are written YYMMDD and read as 2000 to 2099; \(value) is outside.", field: name(field))
        }
        return value
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " })!
        return String(scalars[first...last])
    }

    /// The string without trailing spaces.
    func trimmingTrailingSpaces() -> String {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[...last])
    }
}
