import RemitCore
import RemitSandbox

/// The limits a tenant may lower for one module, as JSON members of `limits` at upload.
enum ModuleLimits {
    /// The members a module's `limits` may have, with the sandbox limit each one lowers.
    static let members: [(name: String, keyPath: any WritableKeyPath<SandboxLimits, Int> & Sendable)] = [
        ("fuel_max", \.fuelMax),
        ("memory_bytes_max", \.memoryBytesMax),
        ("wall_time_ms_max", \.wallTimeMillisecondsMax),
        ("output_bytes_max", \.outputBytesMax),
    ]

    /// Checks a `limits` object: known members only, each a whole number from 1 to the server's own limit.
    static func validate(_ value: JSONValue?, server: SandboxLimits, field: String) -> (JSONValue, [FieldError]) {
        guard let value, value != .null else { return (.object([]), []) }
        guard case let .object(items) = value else {
            return (.object([]), [FieldError(field: field, rule: "type", message: "limits is an object such as {\"fuel_max\": 1000000}")])
        }
        var errors: [FieldError] = []
        var kept: [(key: String, value: JSONValue)] = []
        for (key, item) in items {
            guard let member = members.first(where: { $0.name == key }) else {
                errors.append(FieldError(field: "\(field).\(key)", rule: "unknown_field",
                                         message: "a module may set \(members.map(\.name).joined(separator: ", "))"))
                continue
            }
            let ceiling = server[keyPath: member.keyPath]
            guard let number = item.int64Value, number >= 1, number <= Int64(ceiling) else {
                errors.append(FieldError(field: "\(field).\(key)", rule: "range",
                                         message: "\(key) is a whole number from 1 to \(ceiling), this server's limit"))
                continue
            }
            kept.append((key, .int(Int(number))))
        }
        return (.object(kept), errors)
    }

    /// The server's limits, lowered where the module asked for less.
    static func effective(_ stored: JSONValue, server: SandboxLimits) -> SandboxLimits {
        var limits = server
        for member in members {
            if let asked = stored[member.name]?.int64Value, asked >= 1, asked < Int64(server[keyPath: member.keyPath]) {
                limits[keyPath: member.keyPath] = Int(asked)
            }
        }
        return limits
    }
}
