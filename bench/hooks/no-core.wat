;; A core that does nothing, behind the same wasm-bindgen ABI as the real one
;; (the exports the shim's glue calls): bench/run.mjs packs it like the real
;; core and swaps it into the built hook, to measure what the design costs
;; before any enrichment (import, unlzma, unpacking, compiling, glue, JSON).
(module
  (memory (export "memory") 1)
  (global $top (mut i32) (i32.const 1024))
  ;; The final Step at once: {"is_allowed": true}, no diagnostics.
  (data (i32.const 16) "{\"done\":{\"response\":{\"is_allowed\":true},\"diagnostics\":[]}}")
  (func (export "__wbindgen_start"))
  ;; A bump allocator: the shim copies the event and the config in.
  (func $malloc (export "__wbindgen_malloc") (param $n i32) (param $align i32) (result i32)
    (local $p i32) (local $pages i32)
    (local.set $p (global.get $top))
    (global.set $top (i32.add (local.get $p) (local.get $n)))
    (local.set $pages (i32.shr_u (i32.add (global.get $top) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then (if (i32.lt_s (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const 0))
        (then unreachable))))
    (local.get $p))
  (func (export "__wbindgen_realloc") (param $p i32) (param $old i32) (param $new i32) (param $align i32) (result i32)
    (local $q i32)
    (local.set $q (call $malloc (local.get $new) (local.get $align)))
    (memory.copy (local.get $q) (local.get $p) (local.get $old))
    (local.get $q))
  (func (export "__wbindgen_free") (param i32 i32 i32))
  ;; start(event, config, options): three strings in, the Step out.
  (func (export "start") (param i32 i32 i32 i32 i32 i32) (result i32 i32) (i32.const 16) (i32.const 58))
  (func (export "answer") (param i32 i32 i32 i32 i32 i32) (result i32 i32) (i32.const 16) (i32.const 58)))
