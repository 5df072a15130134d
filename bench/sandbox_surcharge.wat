;; The surcharge decision: {"surcharge": amount * 250 / 10000} from the first integer in the
;; input (2.5 % of the amount in minor units, rounded down). Same text as the RemitSandbox tests.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (data (i32.const 256) "{\"surcharge\":")
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
