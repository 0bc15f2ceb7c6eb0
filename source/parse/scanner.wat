(module
  ;; Column-selective CSV row scanner for esxtop batch rows (50 KB to over 1 MB each).
  ;; It walks a row 64 bytes at a time with SIMD compares, turns quotes and commas into
  ;; 64-bit masks, tracks "inside quotes" with a prefix XOR (as simdjson does), and only
  ;; stops to look at individual separators in blocks that close a selected field.
  ;; Field rules match source/parse/tokenize.ts (the reference implementation and test oracle):
  ;;   * a comma outside quotes ends a field;
  ;;   * an opening quote met inside an unquoted field starts a new field: esxtop -a writes
  ;;     an unquoted PCPU Power State cell glued to the next quoted one (`   -"\\h\PCPU...`).
  ;; Memory layout is owned by row-scanner.ts: powers of ten at 0, then the selection table,
  ;; the output slots and the row bytes (with at least 64 readable bytes after every row).
  (memory (export "memory") 2)
  ;; Cells the last parse set to NaN because no counter can hold them (negative, or above
  ;; maxPlausible = 1e12 in capture-parser.ts): the title bar counts them.
  (global $dropped (export "dropped") (mut i32) (i32.const 0))
  ;; f64 powers of ten 10^0..10^22 at address 0 (all exact in binary64)
  (func $init
    (local $i i32) (local $v f64)
    (local.set $v (f64.const 1))
    (block $done (loop $l
      (br_if $done (i32.gt_u (local.get $i) (i32.const 22)))
      (f64.store (i32.shl (local.get $i) (i32.const 3)) (local.get $v))
      (local.set $v (f64.mul (local.get $v) (f64.const 10)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
  (start $init)

  ;; Scan one line [p, p+len). sel: ascending u32 field indices (selN of them).
  ;; For each selected field i writes its span: u32 start at out+i*8 and u32 end at out+i*8+4.
  ;; Returns the number of fields in the line.
  (func (export "scan") (param $p i32) (param $len i32) (param $sel i32) (param $selN i32) (param $out i32) (result i32)
    (local $end i32) (local $base i32) (local $field i32) (local $curStart i32)
    (local $nextSel i32) (local $selI i32) (local $rem i32) (local $cnt i32) (local $pos i32) (local $bpos i32) (local $slot i32)
    (local $inq i64) (local $prevComma i64) (local $prevQuote i64)
    (local $q i64) (local $c i64) (local $x i64) (local $inside i64) (local $commas i64) (local $bnd i64) (local $valid i64)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128) (local $kq v128) (local $kc v128)
    (local.set $kq (i8x16.splat (i32.const 34)))
    (local.set $kc (i8x16.splat (i32.const 44)))
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (local.set $base (local.get $p))
    (local.set $curStart (local.get $p))
    (local.set $nextSel (i32.const -1))
    (if (i32.gt_u (local.get $selN) (i32.const 0)) (then (local.set $nextSel (i32.load (local.get $sel)))))
    (local.set $prevComma (i64.const 1))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $base) (local.get $end)))
      (local.set $va (v128.load offset=0 (local.get $base)))
      (local.set $vb (v128.load offset=16 (local.get $base)))
      (local.set $vc (v128.load offset=32 (local.get $base)))
      (local.set $vd (v128.load offset=48 (local.get $base)))
      ;; Quote and comma bitmasks of the block (written out: a call per block costs more than the work).
      (local.set $q (i64.or
        (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $va) (local.get $kq))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $vb) (local.get $kq)))) (i64.const 16)))
        (i64.or
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $vc) (local.get $kq)))) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $vd) (local.get $kq)))) (i64.const 48)))))
      (local.set $c (i64.or
        (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $va) (local.get $kc))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $vb) (local.get $kc)))) (i64.const 16)))
        (i64.or
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $vc) (local.get $kc)))) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $vd) (local.get $kc)))) (i64.const 48)))))
      (local.set $rem (i32.sub (local.get $end) (local.get $base)))
      (if (i32.lt_u (local.get $rem) (i32.const 64)) (then
        (local.set $valid (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $rem))) (i64.const 1)))
        (local.set $q (i64.and (local.get $q) (local.get $valid)))
        (local.set $c (i64.and (local.get $c) (local.get $valid)))))
      ;; prefix xor of quote bits: 1 inside a quoted span (opening quote included)
      (local.set $x (local.get $q))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 1))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 2))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 4))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 8))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 16))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 32))))
      (local.set $inside (i64.xor (local.get $x) (local.get $inq)))
      (local.set $inq (i64.shr_s (local.get $inside) (i64.const 63)))
      (local.set $commas (i64.and (local.get $c) (i64.xor (local.get $inside) (i64.const -1))))
      ;; an opening quote not preceded by a separator or a quote starts a new field (esxtop's glued PCPU cell)
      (local.set $bnd
        (i64.or (local.get $commas)
          (i64.and (i64.and (local.get $q) (local.get $inside))
            (i64.xor (i64.or
                (i64.or (i64.shl (local.get $commas) (i64.const 1)) (local.get $prevComma))
                (i64.or (i64.shl (local.get $q) (i64.const 1)) (local.get $prevQuote)))
              (i64.const -1)))))
      (local.set $prevComma (i64.shr_u (local.get $commas) (i64.const 63)))
      (local.set $prevQuote (i64.shr_u (local.get $q) (i64.const 63)))
      (if (i64.ne (local.get $bnd) (i64.const 0)) (then
        (local.set $cnt (i32.wrap_i64 (i64.popcnt (local.get $bnd))))
        (if (i32.le_u (i32.add (local.get $field) (local.get $cnt)) (local.get $nextSel))
          (then
            (local.set $field (i32.add (local.get $field) (local.get $cnt)))
            (local.set $pos (i32.sub (i32.const 63) (i32.wrap_i64 (i64.clz (local.get $bnd)))))
            (local.set $curStart (i32.add (i32.add (local.get $base) (local.get $pos))
              (i32.wrap_i64 (i64.and (i64.shr_u (local.get $commas) (i64.extend_i32_u (local.get $pos))) (i64.const 1))))))
          (else
            (block $bdone (loop $bits
              (br_if $bdone (i64.eqz (local.get $bnd)))
              (local.set $pos (i32.wrap_i64 (i64.ctz (local.get $bnd))))
              (local.set $bpos (i32.add (local.get $base) (local.get $pos)))
              (if (i32.eq (local.get $field) (local.get $nextSel)) (then
                (local.set $slot (i32.add (local.get $out) (i32.shl (local.get $selI) (i32.const 3))))
                (i32.store (local.get $slot) (local.get $curStart))
                (i32.store offset=4 (local.get $slot) (local.get $bpos))
                (local.set $selI (i32.add (local.get $selI) (i32.const 1)))
                (local.set $nextSel (i32.const -1))
                (if (i32.lt_u (local.get $selI) (local.get $selN)) (then
                  (local.set $nextSel (i32.load (i32.add (local.get $sel) (i32.shl (local.get $selI) (i32.const 2)))))))))
              (local.set $field (i32.add (local.get $field) (i32.const 1)))
              (local.set $curStart (i32.add (local.get $bpos)
                (i32.wrap_i64 (i64.and (i64.shr_u (local.get $commas) (i64.extend_i32_u (local.get $pos))) (i64.const 1)))))
              (local.set $bnd (i64.and (local.get $bnd) (i64.sub (local.get $bnd) (i64.const 1))))
              (br $bits)))))))
      (local.set $base (i32.add (local.get $base) (i32.const 64)))
      (br $blocks)))
    (if (i32.eq (local.get $field) (local.get $nextSel)) (then
      (local.set $slot (i32.add (local.get $out) (i32.shl (local.get $selI) (i32.const 3))))
      (i32.store (local.get $slot) (local.get $curStart))
      (i32.store offset=4 (local.get $slot) (local.get $end))))
    (i32.add (local.get $field) (i32.const 1)))

  ;; Parses selected fields 1..n-1 (0 is the timestamp, left to JS) as plain decimals into f64
  ;; at values+i*8: NaN for an empty cell or one out of range ($dropped). Cells it declines (padding, exponents, long
  ;; mantissas, text) get NaN too and their index goes to the u32 list at $fallback for JS.
  ;; Returns how many went to that list.
  (func (export "parse") (param $out i32) (param $n i32) (param $values i32) (param $fallback i32) (result i32)
    (local $i i32) (local $slot i32) (local $s i32) (local $e i32) (local $ch i32) (local $count i32)
    (local $m i64) (local $nd i32) (local $fd i32) (local $neg i32) (local $v f64)
    (f64.store (local.get $values) (f64.const nan))
    (global.set $dropped (i32.const 0))
    (local.set $i (i32.const 1))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $slot (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $s (i32.load (local.get $slot)))
      (local.set $e (i32.load offset=4 (local.get $slot)))
      (local.set $v (f64.const nan))
      (block $parsed (block $fail
        (if (i32.lt_u (local.get $s) (local.get $e)) (then
          (if (i32.eq (i32.load8_u (local.get $s)) (i32.const 34)) (then (local.set $s (i32.add (local.get $s) (i32.const 1)))))))
        (if (i32.lt_u (local.get $s) (local.get $e)) (then
          (if (i32.eq (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (i32.const 34)) (then (local.set $e (i32.sub (local.get $e) (i32.const 1)))))))
        ;; An empty cell is a missing value: NaN, nothing for JS to do.
        (br_if $parsed (i32.eq (local.get $s) (local.get $e)))
        (local.set $neg (i32.const 0))
        (if (i32.lt_u (local.get $s) (local.get $e)) (then
          (if (i32.eq (i32.load8_u (local.get $s)) (i32.const 45)) (then
            (local.set $neg (i32.const 1)) (local.set $s (i32.add (local.get $s) (i32.const 1)))))))
        (local.set $m (i64.const 0)) (local.set $nd (i32.const 0)) (local.set $fd (i32.const 0))
        (block $intdone (loop $int
          (br_if $intdone (i32.ge_u (local.get $s) (local.get $e)))
          (local.set $ch (i32.sub (i32.load8_u (local.get $s)) (i32.const 48)))
          (br_if $intdone (i32.gt_u (local.get $ch) (i32.const 9)))
          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $ch))))
          (local.set $nd (i32.add (local.get $nd) (i32.const 1)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $int)))
        (if (i32.lt_u (local.get $s) (local.get $e)) (then
          (br_if $fail (i32.ne (i32.load8_u (local.get $s)) (i32.const 46)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (block $fracdone (loop $frac
            (br_if $fracdone (i32.ge_u (local.get $s) (local.get $e)))
            (local.set $ch (i32.sub (i32.load8_u (local.get $s)) (i32.const 48)))
            (br_if $fail (i32.gt_u (local.get $ch) (i32.const 9)))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $ch))))
            (local.set $nd (i32.add (local.get $nd) (i32.const 1)))
            (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $frac)))))
        (br_if $fail (i32.eqz (local.get $nd)))
        (br_if $fail (i32.gt_u (local.get $nd) (i32.const 15)))
        (local.set $v (f64.div (f64.convert_i64_u (local.get $m)) (f64.load (i32.shl (local.get $fd) (i32.const 3)))))
        (if (local.get $neg) (then (local.set $v (f64.neg (local.get $v)))))
        (if (i32.or (f64.lt (local.get $v) (f64.const 0)) (f64.gt (local.get $v) (f64.const 1e12))) (then
          (local.set $v (f64.const nan))
          (global.set $dropped (i32.add (global.get $dropped) (i32.const 1)))))
        (br $parsed))
      ;; $fail: JS parses this one.
      (i32.store (i32.add (local.get $fallback) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
      (local.set $count (i32.add (local.get $count) (i32.const 1))))
      (f64.store (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3))) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
    (local.get $count))
)
