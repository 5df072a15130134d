import RemitCore

/// Tenant modules in WebAssembly text for the server tests, built on the Remit ABI (`memory`,
/// a bump `alloc`, `decide` returning `(ptr << 32) | len`).
enum ModuleTexts {
    static func abi(imports: String = "", _ body: String) -> String {
        """
        (module
          \(imports)
          (memory (export "memory") 1)
          (global $heap (mut i32) (i32.const 4096))
          (func (export "alloc") (param $len i32) (result i32)
            (local $p i32)
            (local.set $p (global.get $heap))
            (global.set $heap (i32.add (global.get $heap) (local.get $len)))
            (local.get $p))
          \(body)
        )
        """
    }

    /// Answers `output` whatever the input.
    static func constant(_ output: String) -> String {
        let escaped = output.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let packed = (Int64(16) << 32) | Int64(output.utf8.count)
        return abi("""
        (data (i32.const 16) "\(escaped)")
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64) (i64.const \(packed)))
        """)
    }

    /// Hands its input straight back: what the module saw is what the caller gets.
    static let echo = abi("""
    (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
      (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len))))
    """)

    /// Never returns: only fuel stops it.
    static let infiniteLoop = abi("""
    (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
      (loop $forever (br $forever))
      (i64.const 0))
    """)

    /// Traps at once.
    static let trap = abi("""
    (func (export "decide") (param $ptr i32) (param $len i32) (result i64) (unreachable))
    """)

    /// Imports `remit.now`, which an upload must grant.
    static let usesClock = abi(imports: #"(import "remit" "now" (func $now (result i64)))"#, """
    (func (export "decide") (param $ptr i32) (param $len i32) (result i64) (drop (call $now)) (i64.const 0))
    """)

    /// A JSON upload body for `text`.
    static func upload(name: String, _ text: String, extra: [(key: String, value: JSONValue)] = []) -> String {
        JSONWriter.string(.object([("name", .string(name)), ("wat", .string(text))] + extra))
    }
}

extension JSONValue {
    /// The first element of an array.
    var firstItem: JSONValue? {
        if case let .array(items) = self { items.first } else { nil }
    }
}
