// The build's encoder (build/text93.mjs) against the committed fixture that
// the Rust decoder's test reads (unlzma/src/text.rs): both ends agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { encode93 } from "../../build/text93.mjs";

const fixture = (n) => readFileSync(new URL(`../../unlzma/tests/${n}`, import.meta.url));

test("the encoder writes the fixture the Rust decoder is tested on", () => {
  assert.equal(encode93(fixture("fixture.lzma")), fixture("fixture.lzma.txt").toString("latin1"));
});

test("the text is 16 characters per 13 bytes, fit for a double-quoted string", () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff);
  const text = encode93(bytes);
  assert.equal(text.length, Math.ceil(1000 / 13) * 16);
  assert.match(text, /^[\x20-\x7e]*$/);
  assert.doesNotMatch(text, /["\\]/);
  assert.equal(new Set(encode93(Uint8Array.from({ length: 13 * 400 }, (_, i) => (i * 31 + (i >> 3)) & 0xff))).size, 93);
});
