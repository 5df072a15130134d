import Hummingbird
import RemitCore
import RemitStore

/// Reads a list's query string strictly: known parameters only, each checked.
struct QueryReader {
    private var parameters: [(name: String, value: String)]
    private var read = Set<String>()
    private(set) var errors: [FieldError] = []

    init(_ request: Request) {
        parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    mutating func string(_ name: String) -> String? {
        read.insert(name)
        return parameters.last { $0.name == name }?.value
    }

    mutating func date(_ name: String) -> CalendarDate? {
        guard let text = string(name) else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            errors.append(FieldError(field: name, rule: "format", message: "must be a date in the form YYYY-MM-DD"))
            return nil
        }
        return date
    }

    mutating func choice(_ name: String, allowed: [String]) -> String? {
        guard let text = string(name) else { return nil }
        guard allowed.contains(text) else {
            errors.append(FieldError(field: name, rule: "enum", message: "must be one of \(allowed.joined(separator: ", "))"))
            return nil
        }
        return text
    }

    /// Every `prefix.KEY=value` parameter, such as `fields.cost_center=CC-104`.
    mutating func prefixed(_ prefix: String) -> [String: String] {
        var result: [String: String] = [:]
        for parameter in parameters where parameter.name.hasPrefix(prefix) {
            read.insert(parameter.name)
            let key = String(parameter.name.dropFirst(prefix.count))
            if FieldKey.isValid(key) {
                result[key] = parameter.value
            } else {
                errors.append(FieldError(field: parameter.name, rule: "format", message: "is not a valid custom field key"))
            }
        }
        return result
    }

    /// `limit` (1...100, default 20) and `cursor`.
    mutating func page() -> PageRequest {
        var limit = PageRequest.limitDefault
        if let text = string("limit") {
            if let value = Int(text), (1...PageRequest.limitMax).contains(value) {
                limit = value
            } else {
                errors.append(FieldError(field: "limit", rule: "range", message: "must be an integer from 1 to \(PageRequest.limitMax)"))
            }
        }
        var after: Int64?
        if let cursor = string("cursor") {
            after = Cursor.decode(cursor)
            if after == nil { errors.append(FieldError(field: "cursor", rule: "format", message: "is not a cursor this API returned")) }
        }
        return PageRequest(limit: limit, after: after)
    }

    /// Throws when a parameter was malformed or unknown.
    func finish() throws {
        var all = errors
        for parameter in parameters where !read.contains(parameter.name) {
            all.append(FieldError(field: parameter.name, rule: "unknown_parameter", message: "is not a known query parameter"))
        }
        if !all.isEmpty { throw RemitError(.invalidRequest, "The query string is invalid.", fieldErrors: all) }
    }
}
