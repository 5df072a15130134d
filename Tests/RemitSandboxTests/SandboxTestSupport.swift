import Foundation
import RemitCore
import RemitSandbox
import WAT
import Testing

/// A module in WebAssembly text with the Remit ABI's `memory` and a bump `alloc`, plus `body`,
/// which defines `decide` and whatever else the test needs. `imports` come first, as the text
/// format requires.
func abiModule(imports: String = "", memoryPages: Int = 1, body: String) -> String {
    """
    (module
      \(imports)
      (memory (export "memory") \(memoryPages))
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

/// `decide` returning `(ptr << 32) | len` as given.
func decideReturning(pointer: UInt32, length: UInt32) -> String {
    let packed = (UInt64(pointer) << 32) | UInt64(length)
    return """
    (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
      (i64.const \(Int64(bitPattern: packed))))
    """
}

/// `decide` that hands the input straight back.
let echoDecide = """
(func (export "decide") (param $ptr i32) (param $len i32) (result i64)
  (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
          (i64.extend_i32_u (local.get $len))))
"""

/// A module whose `decide` returns the bytes of `output`, placed at offset 16.
func constantOutputModule(_ output: String) -> String {
    let escaped = output.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return abiModule(body: """
    (data (i32.const 16) "\(escaped)")
    \(decideReturning(pointer: 16, length: UInt32(output.utf8.count)))
    """)
}

func compile(_ text: String) throws -> SandboxModule {
    try SandboxModule(text: text)
}

func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// Invokes `text` and returns the error it must fail with.
@discardableResult
func expectFailure(
    _ code: SandboxError.Code, _ text: String, input: String = "{}",
    limits: SandboxLimits = .default, capabilities: Set<SandboxCapability> = [],
    sandbox: Sandbox = Sandbox(), sourceLocation: SourceLocation = #_sourceLocation
) throws -> SandboxError? {
    let module = try compile(text)
    let value = try json(input)
    let error = #expect(throws: SandboxError.self, sourceLocation: sourceLocation) {
        try sandbox.invoke(module, input: value, limits: limits, capabilities: capabilities)
    }
    #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.message.isEmpty == false, sourceLocation: sourceLocation)
    return error
}

/// The surcharge decision: `{"surcharge": amount * 250 / 10000}` from the first integer in the
/// input, i.e. 2.5 % of the amount in minor units, rounded down.
let surchargeModule = """
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (data (i32.const 256) "{\\"surcharge\\":")
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $len)))
    (local.get $p))
  (func $amount (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $c i32) (local $n i64) (local $seen i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
          (then
            (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10))
                                   (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
            (local.set $seen (i32.const 1)))
          (else (br_if $done (local.get $seen))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func $digits (param $at i32) (param $n i64) (result i32)
    (local $p i32) (local $count i32) (local $i i32)
    (local.set $p (i32.const 128))
    (loop $d
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $d (i64.ne (local.get $n) (i64.const 0))))
    (local.set $count (i32.sub (i32.const 128) (local.get $p)))
    (block $copied
      (loop $copy
        (br_if $copied (i32.ge_u (local.get $i) (local.get $count)))
        (i32.store8 (i32.add (local.get $at) (local.get $i)) (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (local.get $count))
  (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
    (local $count i32)
    (local.set $count (call $digits (i32.const 269)
      (i64.div_u (i64.mul (call $amount (local.get $ptr) (local.get $len)) (i64.const 250)) (i64.const 10000))))
    (i32.store8 (i32.add (i32.const 269) (local.get $count)) (i32.const 125))
    (i64.or (i64.shl (i64.const 256) (i64.const 32))
            (i64.extend_i32_u (i32.add (local.get $count) (i32.const 14))))))
"""

func wasmBytes(_ text: String) throws -> [UInt8] {
    try wat2wasm(text)
}
