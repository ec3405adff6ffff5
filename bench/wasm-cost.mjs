#!/usr/bin/env node
// Where the hook file's bytes go: what each function of the core costs in
// the LZMA stream the file carries (twiggy counts raw bytes, which LZMA does
// not pay in proportion). A function's cost is how much the packed core
// shrinks without its body; the data segments are measured the same way, as
// one piece. Costs overlap a little (shared patterns are paid once), so the
// rows add up to somewhat less than the total. Takes a minute or two.
//
//   node build/hook.mjs && node bench/wasm-cost.mjs [--top 40]
//
// Measured on the core as the build optimises it, names kept (wasm-opt -g;
// the code differs from the shipped one by ~0.1%).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lzma } from "../build/pack.mjs";
import { CORE_WASM_OPT } from "../build/wasm-opt.mjs";

const root = new URL("..", import.meta.url).pathname;
const topAt = process.argv.indexOf("--top");
const top = topAt < 0 ? 40 : Number(process.argv[topAt + 1]);
const input = join(root, ".cache/build/signup/enrich_hook_bg.wasm");
if (!existsSync(input)) {
  console.error("no .cache/build/signup/enrich_hook_bg.wasm: run `node build/hook.mjs` first");
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), "enrich-hook-cost-"));
execFileSync(join(root, "node_modules/.bin/wasm-opt"), [
  ...CORE_WASM_OPT,
  "-g",
  "--strip-producers",
  input,
  "-o",
  join(tmp, "named.wasm"),
]);
const wasm = readFileSync(join(tmp, "named.wasm"));
rmSync(tmp, { recursive: true });

/** A cursor over the module's LEB128 fields and names. */
function reader(b, at) {
  return {
    at,
    u() {
      let r = 0, s = 0, x;
      do {
        x = b[this.at++];
        r += (x & 127) * 2 ** s;
        s += 7;
      } while (x & 128);
      return r;
    },
    str() {
      const n = this.u();
      this.at += n;
      return b.subarray(this.at - n, this.at).toString();
    },
  };
}

/** The module's sections: id, custom name, and the payload's bounds. */
function sections(b) {
  const out = [];
  const r = reader(b, 8);
  while (r.at < b.length) {
    const id = b[r.at++], size = r.u(), start = r.at;
    const name = id === 0 ? r.str() : "";
    out.push({ id, name, start, end: start + size });
    r.at = start + size;
  }
  return out;
}

const secs = sections(wasm);
const sec = (id, name = "") => secs.find((s) => s.id === id && s.name === name);

// Function indices start after the imported functions.
let imported = 0;
{
  const r = reader(wasm, sec(2).start);
  const limits = () => (r.u() & 1 ? (r.u(), r.u()) : r.u());
  for (let n = r.u(); n > 0; n--) {
    r.str(); // module
    r.str(); // field
    const kind = wasm[r.at++];
    if (kind === 0) {
      r.u();
      imported++;
    } // function: type index
    else if (kind === 1) {
      r.at++;
      limits();
    } // table: element type, limits
    else if (kind === 2) limits(); // memory
    else r.at += 2; // global: value type, mutability; tag: attribute, type
  }
}

const names = new Map();
{
  const s = sec(0, "name");
  const r = reader(wasm, s.start);
  r.str();
  while (r.at < s.end) {
    const sub = wasm[r.at++], size = r.u(), next = r.at + size;
    if (sub === 1) { for (let n = r.u(); n > 0; n--) names.set(r.u(), r.str()); }
    r.at = next;
  }
}

/** @type {Buffer[]} */
const bodies = [];
{
  const r = reader(wasm, sec(10).start);
  for (let n = r.u(); n > 0; n--) {
    const start = r.at, size = r.u();
    r.at += size;
    bodies.push(wasm.subarray(start, r.at));
  }
}
const data = wasm.subarray(sec(11).start, sec(11).end);

const packed = (parts) => lzma(Buffer.concat(parts)).length;
/** Smaller functions are not measured one by one (each costs at most about its size). */
const MIN_SIZE = 200;
const all = packed([...bodies, data]);
const rows = [{
  name: "data segments (tzdata names, tables, presets, messages)",
  raw: data.length,
  cost: all - packed(bodies),
}];
const measured = bodies.map((b, i) => /** @type {[Buffer, number]} */ ([b, i])).filter(([b]) => b.length >= MIN_SIZE);
for (const [n, [body, i]] of measured.entries()) {
  process.stderr.write(`\r${n + 1}/${measured.length} functions`);
  const without = packed([...bodies.slice(0, i), ...bodies.slice(i + 1), data]);
  const name = (names.get(imported + i) ?? `#${imported + i}`).replace(/\[[0-9a-f]{16}\]/g, "");
  rows.push({ name, raw: body.length, cost: all - without });
}
process.stderr.write("\n");

const small = bodies.filter((b) => b.length < MIN_SIZE);
console.log(
  `core: code ${
    bodies.reduce((a, b) => a + b.length, 0)
  } B in ${bodies.length} functions, data ${data.length} B; code and data packed: ${all} B`,
);
console.log(
  `${small.length} functions under ${MIN_SIZE} B (${
    small.reduce((a, b) => a + b.length, 0)
  } B raw) not measured one by one\n`,
);
console.log("| packed cost (B) | raw (B) | function |\n| ---: | ---: | --- |");
for (const r of rows.sort((a, b) => b.cost - a.cost).slice(0, top)) {
  console.log(`| ${r.cost} | ${r.raw} | ${r.name.length > 110 ? r.name.slice(0, 107) + "..." : r.name} |`);
}
