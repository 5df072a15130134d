;; A Remit decision module in WebAssembly text: for a checkout policy's call_module action.
;; Input: {"amount": <minor units>, ...}. Output: {"actions": [{"type": "surcharge", "bps": N}]}
;; with N = 150 when the amount is at least 1,000,000 minor units, else no actions.
(module
  (import "remit" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 0) "\"amount\":")
  (data (i32.const 64) "{\"actions\": [{\"type\": \"surcharge\", \"bps\": 150}]}")
  (data (i32.const 128) "{\"actions\": []}")
  (data (i32.const 192) "large amount: surcharge")

  ;; The host asks for room for the input JSON.
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $len)))
    (local.get $p))

  ;; Whether the 9 bytes at $at are "amount":.
  (func $is_amount_key (param $at i32) (result i32)
    (local $i i32)
    (block $no
      (loop $next
        (br_if $no (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $i)))
                           (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 9))))
      (return (i32.const 1)))
    (i32.const 0))

  ;; The integer after "amount": in the input (0 when absent).
  (func $amount (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $end i32) (local $value i64) (local $c i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (local.set $i (local.get $ptr))
    (block $found
      (loop $scan
        (br_if $found (i32.eqz (i32.lt_u (i32.add (local.get $i) (i32.const 9)) (local.get $end))))
        (if (call $is_amount_key (local.get $i))
          (then (local.set $i (i32.add (local.get $i) (i32.const 9))) (br $found)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (block $done
      (loop $digits
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done (i32.or (i32.lt_u (local.get $c) (i32.const 48)) (i32.gt_u (local.get $c) (i32.const 57))))
        (local.set $value (i64.add (i64.mul (local.get $value) (i64.const 10))
                                   (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digits)))
    (local.get $value))

  ;; Returns (output pointer << 32) | output length.
  (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
    (if (result i64) (i64.ge_u (call $amount (local.get $ptr) (local.get $len)) (i64.const 1000000))
      (then
        (call $log (i32.const 192) (i32.const 23))
        (i64.or (i64.shl (i64.const 64) (i64.const 32)) (i64.const 48)))
      (else (i64.or (i64.shl (i64.const 128) (i64.const 32)) (i64.const 15)))))
)
