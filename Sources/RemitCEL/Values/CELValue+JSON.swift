import Foundation

extension CELValue {
    /// Converts a JSON document: objects become maps with string keys, arrays lists,
    /// integral numbers `int` (or `uint` above `Int64.max`), other numbers `double`.
    public init(jsonData: Data) throws(CELError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: jsonData, options: [.fragmentsAllowed])
        } catch {
            throw CELError(.invalidBinding, "bindings are not valid JSON: \(error.localizedDescription)")
        }
        try self.init(json: object)
    }

    /// Converts a value as produced by `JSONSerialization` (or built from the same Swift types).
    public init(json: Any) throws(CELError) {
        switch json {
        case is NSNull: self = .null
        case let value as CELValue: self = value
        case let value as String: self = .string(value)
        case let value as NSNumber: self = Self.number(value)
        case let value as [Any]:
            var list: [CELValue] = []
            list.reserveCapacity(value.count)
            for element in value { list.append(try CELValue(json: element)) }
            self = .list(list)
        case let value as [String: Any]:
            var map = CELMap()
            for (key, element) in value.sorted(by: { $0.key < $1.key }) {
                try map.insertNew(.string(key), try CELValue(json: element))
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
        if code == "d" || code == "f" {
            let d = number.doubleValue
            if let i = Int64(exactly: d), d.rounded() == d, abs(d) < 1e15 { return .int(i) }
            return .double(d)
        }
        if code == "Q" { return number.uint64Value > UInt64(Int64.max) ? .uint(number.uint64Value) : .int(number.int64Value) }
        return .int(number.int64Value)
    }
}
