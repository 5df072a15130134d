import RemitCore

/// One 94-character record being read, addressed by NACHA's 1-based positions.
struct ACHRecord {
    let bytes: [UInt8]
    /// The 1-based record number in the file.
    let line: Int

    /// The record type code: `1`, `5`, `6`, `7`, `8` or `9`.
    var type: Character { Character(UnicodeScalar(bytes[0])) }

    /// Whether the record is block fill: 94 nines.
    var isFiller: Bool { bytes.allSatisfy { $0 == UInt8(ascii: "9") } }

    /// The field's characters as written.
    func raw(_ start: Int, _ length: Int) -> String {
        String(decoding: bytes[(start - 1)..<(start - 1 + length)], as: UTF8.self)
    }

    /// The field without its padding blanks.
    func text(_ start: Int, _ length: Int) -> String { raw(start, length).trimmingSpaces() }

    /// Whether the field is all blanks.
    func isBlank(_ start: Int, _ length: Int) -> Bool {
        bytes[(start - 1)..<(start - 1 + length)].allSatisfy { $0 == UInt8(ascii: " ") }
    }

    /// A numeric field: digits only.
    func number(_ start: Int, _ length: Int, _ field: String) throws(NACHAError) -> Int64 {
        let slice = bytes[(start - 1)..<(start - 1 + length)]
        guard slice.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw error(.invalidField, "\(field) (positions \(start)–\(start + length - 1)) must be digits.", field)
        }
        return slice.reduce(0) { $0 * 10 + Int64($1 - 48) }
    }

    /// A numeric field that must be all digits, returned as written (leading zeros kept).
    func digits(_ start: Int, _ length: Int, _ field: String) throws(NACHAError) -> String {
        _ = try number(start, length, field)
        return raw(start, length)
    }

    /// A `YYMMDD` date, read as 20YY.
    func date(_ start: Int, _ field: String) throws(NACHAError) -> CalendarDate {
        let value = try number(start, 6, field)
        guard let date = CalendarDate(year: 2000 + Int(value / 10_000), month: Int(value / 100 % 100), day: Int(value % 100)) else {
            throw error(.invalidField, "\(field) \(raw(start, 6)) is not a day (YYMMDD).", field)
        }
        return date
    }

    /// A `YYMMDD` date, or nil when the field is blank.
    func optionalDate(_ start: Int, _ field: String) throws(NACHAError) -> CalendarDate? {
        isBlank(start, 6) ? nil : try date(start, field)
    }

    /// An error located at this record.
    func error(_ code: NACHAError.Code, _ message: String, _ field: String? = nil) -> NACHAError {
        NACHAError(code, message, field: field, line: line)
    }
}
