import Foundation
/// One step of the schema. Shipped migrations are never edited: their checksum is stored
/// when they run, and a changed one stops the server at start.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// SQL with placeholders for the few types the dialects spell differently:
    /// `{seq}` an auto-increment primary key, `{int}` a 64-bit integer, `{json}` a JSON
    /// document, `{blob}` bytes.
    let template: String

    func sql(for dialect: SQLDialect) -> String {
        let replacements: [(String, String)] = dialect == .postgres
            ? [("{seq}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"), ("{int}", "BIGINT"), ("{json}", "JSONB"), ("{blob}", "BYTEA")]
            : [("{seq}", "INTEGER PRIMARY KEY AUTOINCREMENT"), ("{int}", "INTEGER"), ("{json}", "TEXT"), ("{blob}", "BLOB")]
        return replacements.reduce(template) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// FNV-1a over the template: enough to notice an edit, independent of the dialect.
    var checksum: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in template.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// The statements of this migration, split on `;` at line ends.
    func statements(for dialect: SQLDialect) -> [String] {
        sql(for: dialect).components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
