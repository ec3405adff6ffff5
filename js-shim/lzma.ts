// ---- LZMA decoder for the embedded wasm (.lzma "alone" format, as the npm
// `lzma` package writes it at build time). LZMA is ~15% smaller than gzip
// on this wasm, which keeps the file under Authgear's 100 KiB; this decoder
// is the price. Structure follows the LZMA specification's reference decoder. ----

function unlzma(src: Uint8Array): Uint8Array {
  const props = src[0];
  const lc = props % 9, lp = ((props / 9) | 0) % 5, pb = (props / 45) | 0;
  const size = src[5] | (src[6] << 8) | (src[7] << 16) | (src[8] << 24);
  const out = new Uint8Array(size);
  // After the 13-byte header: the range coder's zero byte, then its first 4 code bytes.
  let range = 0xffffffff;
  let code = ((src[14] << 24) | (src[15] << 16) | (src[16] << 8) | src[17]) >>> 0;
  let inPos = 18;
  const probs = (n: number) => new Uint16Array(n).fill(1024);
  const bit = (p: Uint16Array, i: number): number => {
    const bound = (range >>> 11) * p[i];
    let b: number;
    if (code < bound) {
      range = bound;
      p[i] += (2048 - p[i]) >> 5;
      b = 0;
    } else {
      range -= bound;
      code -= bound;
      p[i] -= p[i] >> 5;
      b = 1;
    }
    if (range < 0x1000000) {
      range = (range * 256) >>> 0;
      code = ((code * 256) + src[inPos++]) >>> 0;
    }
    return b;
  };
  const tree = (p: Uint16Array, base: number, bits: number): number => {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | bit(p, base + m);
    return m - (1 << bits);
  };
  const reverse = (p: Uint16Array, base: number, bits: number): number => {
    let m = 1, sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = bit(p, base + m);
      m = (m << 1) | b;
      sym |= b << i;
    }
    return sym;
  };
  const direct = (bits: number): number => {
    let r = 0;
    for (let i = 0; i < bits; i++) {
      range >>>= 1;
      const b = code >= range ? 1 : 0;
      if (b) code -= range;
      r = (r << 1) | b;
      if (range < 0x1000000) {
        range = (range * 256) >>> 0;
        code = ((code * 256) + src[inPos++]) >>> 0;
      }
    }
    return r >>> 0;
  };
  // Length decoders: [choice, choice2, low 16x8, mid 16x8, high 256].
  const lenProbs = () => probs(2 + 256 + 256 + 256);
  const len = (p: Uint16Array, posState: number): number =>
    bit(p, 0) === 0 ? tree(p, 2 + posState * 8, 3)
    : bit(p, 1) === 0 ? 8 + tree(p, 258 + posState * 8, 3)
    : 16 + tree(p, 514, 8);
  const lit = probs(0x300 << (lc + lp));
  const isMatch = probs(192), isRep = probs(12), isRepG0 = probs(12), isRepG1 = probs(12), isRepG2 = probs(12);
  const isRep0Long = probs(192), posSlot = probs(256), posDec = probs(115), align = probs(16);
  const matchLen = lenProbs(), repLen = lenProbs();
  let state = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0, pos = 0;
  const pbMask = (1 << pb) - 1, lpMask = (1 << lp) - 1;
  while (pos < size) {
    const posState = pos & pbMask;
    if (bit(isMatch, (state << 4) + posState) === 0) {
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = 0x300 * (((pos & lpMask) << lc) + (prev >> (8 - lc)));
      let sym = 1;
      if (state >= 7) {
        let match = out[pos - rep0 - 1];
        while (sym < 0x100) {
          const mb = (match >> 7) & 1;
          match <<= 1;
          const b = bit(lit, base + ((1 + mb) << 8) + sym);
          sym = (sym << 1) | b;
          if (mb !== b) break;
        }
      }
      while (sym < 0x100) sym = (sym << 1) | bit(lit, base + sym);
      out[pos++] = sym & 0xff;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let n: number;
    if (bit(isRep, state)) {
      if (bit(isRepG0, state) === 0) {
        if (bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          pos++;
          continue;
        }
      } else {
        let d: number;
        if (bit(isRepG1, state) === 0) d = rep1;
        else {
          if (bit(isRepG2, state) === 0) d = rep2;
          else {
            d = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = d;
      }
      n = len(repLen, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      n = len(matchLen, posState);
      state = state < 7 ? 7 : 10;
      const slot = tree(posSlot, (n < 3 ? n : 3) << 6, 6);
      if (slot < 4) rep0 = slot;
      else {
        const bits = (slot >> 1) - 1;
        rep0 = ((2 | (slot & 1)) << bits) >>> 0;
        if (slot < 14) rep0 += reverse(posDec, rep0 - slot, bits);
        else rep0 += (direct(bits - 4) << 4) + reverse(align, 0, 4);
        if (rep0 === 0xffffffff) break; // end marker
      }
    }
    if (rep0 >= pos) throw new RangeError("corrupt LZMA data");
    for (n += 2; n > 0 && pos < size; n--, pos++) out[pos] = out[pos - rep0 - 1];
  }
  return out;
}
