import Foundation

extension CELValue {
    /// Converts a JSON document: objects become maps with string keys, arrays lists, numbers
    /// written without fraction or exponent `int` (or `uint` above `Int64.max`), others `double`.
    public init(jsonData: Data) throws(CELError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: jsonData, options: [.fragmentsAllowed])
        } catch {
            throw CELError(.invalidBinding, "bindings are not valid JSON: \(error.localizedDescription)")
        }
        try self.init(json: object)
    }

    /// Converts a JSON document; the same as ``init(jsonData:)``.
    public init(json data: Data) throws(CELError) {
        try self.init(jsonData: data)
    }

    /// The deepest JSON nesting accepted in bindings; deeper documents are rejected rather
    /// than risking the stack in conversion, comparison or formatting.
    public static let jsonDepthMax = 100

    /// Converts a value as produced by `JSONSerialization` (or built from the same Swift types).
    public init(json: Any) throws(CELError) {
        try self.init(json: json, depth: 0)
    }

    private init(json: Any, depth: Int) throws(CELError) {
        guard depth <= Self.jsonDepthMax else {
            throw CELError(.invalidBinding, "JSON nesting exceeds \(Self.jsonDepthMax) levels")
        }
        switch json {
        case is NSNull: self = .null
        case let value as CELValue: self = value
        case let value as String: self = .string(value)
        case let value as NSNumber: self = Self.number(value)
        case let value as [Any]:
            var list: [CELValue] = []
            list.reserveCapacity(value.count)
            for element in value { list.append(try CELValue(json: element, depth: depth + 1)) }
            self = .list(list)
        case let value as [String: Any]:
            var map = CELMap()
            for (key, element) in value.sorted(by: { $0.key < $1.key }) {
                try map.insertNew(.string(key), try CELValue(json: element, depth: depth + 1))
            }
            self = .map(map)
        default:
            throw CELError(.invalidBinding, "cannot convert a value of Swift type \(Swift.type(of: json)) to CEL")
        }
    }

    private static func number(_ number: NSNumber) -> CELValue {
        // JSONSerialization boxes booleans, integers and doubles alike; the ObjC type code tells them apart.
        let code = String(cString: number.objCType)
        if code == "c" || code == "B" { return .bool(number.boolValue) }
        if code == "d" || code == "f" { return .double(number.doubleValue) }
        if code == "Q" { return number.uint64Value > UInt64(Int64.max) ? .uint(number.uint64Value) : .int(number.int64Value) }
        return .int(number.int64Value)
    }
}
