;; The container skip of the JSON byte scanner (scan.ts's valueEnd for objects and arrays), 16 bytes at a time.
;; containerEnd(start, end): the index just past the object or array that opens at `start`, or `end` when it does not
;; close before `end`. Brackets are matched by depth ("{" and "[" alike), strings are skipped (a backslash escapes the
;; byte after it), and the line breaks outside strings are counted: how many is stored at address 0 of the memory,
;; and just past the last one (when there is one) at address 4. The bytes scanned sit after those (scan.ts).
(module
  (memory (export "memory") 1)
  (global $lines (mut i32) (i32.const 0))
  (global $after (mut i32) (i32.const 0))

  ;; Bit k set where byte k of $v is a quote, a bracket or a brace.
  (func $structural (param $v v128) (result i32)
    (local $folded v128)
    ;; "[" | 0x20 is "{" and "]" | 0x20 is "}": one compare finds both of a pair.
    (local.set $folded (v128.or (local.get $v) (i8x16.splat (i32.const 0x20))))
    (i8x16.bitmask
      (v128.or
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
        (v128.or
          (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 0x7b)))
          (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 0x7d)))))))

  ;; Counts the line breaks of mask $n (bits of the 16 bytes at $at).
  (func $breaks (param $n i32) (param $at i32)
    (if (local.get $n)
      (then
        (global.set $lines (i32.add (global.get $lines) (i32.popcnt (local.get $n))))
        (global.set $after (i32.add (local.get $at) (i32.sub (i32.const 32) (i32.clz (local.get $n))))))))

  (func (export "containerEnd") (param $i i32) (param $end i32) (result i32)
    (local $depth i32) (local $c i32) (local $v v128) (local $s i32) (local $n i32) (local $k i32) (local $last i32)
    ;; The last index a 16-byte load may start at.
    (local.set $last (i32.sub (local.get $end) (i32.const 16)))
    (global.set $lines (i32.const 0))
    (block $out
      (loop $next
        ;; Blocks without structure are skipped whole (their line breaks counted).
        (block $found
          (loop $blocks
            (br_if $found (i32.gt_s (local.get $i) (local.get $last)))
            (local.set $v (v128.load (local.get $i)))
            (local.set $s (call $structural (local.get $v)))
            (local.set $n (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0a)))))
            (if (i32.eqz (local.get $s))
              (then
                (call $breaks (local.get $n) (local.get $i))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $blocks)))
            ;; Up to the first structural byte: count the breaks before it, then handle it below.
            (local.set $k (i32.ctz (local.get $s)))
            (call $breaks (i32.and (local.get $n) (i32.sub (i32.shl (i32.const 1) (local.get $k)) (i32.const 1))) (local.get $i))
            (local.set $i (i32.add (local.get $i) (local.get $k)))))
        (br_if $out (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (block $handled
          (if (i32.eq (local.get $c) (i32.const 0x22))
            (then
              ;; A string: on to its closing quote.
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (block $closed
                (loop $chars
                  (block $special
                    (loop $strblocks
                      (br_if $special (i32.gt_s (local.get $i) (local.get $last)))
                      (local.set $v (v128.load (local.get $i)))
                      (local.set $s (i8x16.bitmask (v128.or
                        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
                        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))))
                      (if (i32.eqz (local.get $s))
                        (then (local.set $i (i32.add (local.get $i) (i32.const 16))) (br $strblocks)))
                      (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $s))))))
                  (br_if $closed (i32.ge_u (local.get $i) (local.get $end)))
                  (local.set $c (i32.load8_u (local.get $i)))
                  (br_if $closed (i32.eq (local.get $c) (i32.const 0x22)))
                  ;; A backslash escapes the byte after it.
                  (if (i32.eq (local.get $c) (i32.const 0x5c)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $chars)))
              (br $handled)))
          (if (i32.eq (local.get $c) (i32.const 0x0a))
            (then
              ;; Only in the last 15 bytes: the block loop counts every other break.
              (global.set $lines (i32.add (global.get $lines) (i32.const 1)))
              (global.set $after (i32.add (local.get $i) (i32.const 1)))
              (br $handled)))
          (local.set $c (i32.or (local.get $c) (i32.const 0x20)))
          (if (i32.eq (local.get $c) (i32.const 0x7b))
            (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))) (br $handled)))
          (if (i32.eq (local.get $c) (i32.const 0x7d))
            (then
              (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
              (if (i32.eqz (local.get $depth))
                (then
                  (call $store)
                  (return (i32.add (local.get $i) (i32.const 1))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $store)
    (local.get $end))

  ;; The line breaks counted, where scan.ts reads them.
  (func $store
    (i32.store (i32.const 0) (global.get $lines))
    (i32.store (i32.const 4) (global.get $after)))
)
