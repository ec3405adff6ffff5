// Encodes bytes as the hook file's dense text: 13 bytes → 16 characters of
// printable ASCII without `"` and `\` (decoder and rationale: unlzma/src/text.rs).
const ALPHABET = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i))
  .filter((c) => c !== '"' && c !== "\\")
  .join("");

/** @param {Uint8Array} bytes */
export function encode93(bytes) {
  let out = "";
  for (let at = 0; at < bytes.length; at += 13) {
    let v = 0n;
    for (let i = 0; i < 13; i++) v = (v << 8n) | BigInt(bytes[at + i] ?? 0);
    let block = "";
    for (let i = 0; i < 16; i++, v /= 93n) block = ALPHABET[Number(v % 93n)] + block;
    out += block;
  }
  return out;
}
