/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of a string: a tiny, fast, well-known, non-cryptographic hash whose output
 * is the same on every platform and every restart (src/falco may not use node:crypto). Used for grouping keys,
 * where an attacker gains nothing from a collision but a merged Slack thread.
 *
 * The 64-bit state is two 32-bit halves. The prime is 2^40 + 0x1b3, so `h * prime mod 2^64` is
 * `h * 0x1b3 + (lo << 40)`: the low half's product (< 2^41) is exact in a double, and `lo << 40` only reaches the
 * high half as `lo << 8`.
 */

const PRIME_LOW = 0x1b3;
const TWO_POW_32 = 4294967296;

// The state lives at module level so the per-byte step is a plain function call, not a closure per hash.
let hi = 0;
let lo = 0;

function feed(byte: number): void {
  lo = (lo ^ byte) >>> 0;
  const product = lo * PRIME_LOW;
  hi = (Math.imul(hi, PRIME_LOW) + Math.floor(product / TWO_POW_32) + (lo << 8)) >>> 0;
  lo = product >>> 0;
}

/** 16 lower-case hex digits. Lone surrogates are hashed as U+FFFD, as `TextEncoder` encodes them. */
export function fnv1a64(text: string): string {
  hi = 0xcbf29ce4;
  lo = 0x84222325;
  for (let index = 0; index < text.length; index += 1) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      feed(code);
      continue;
    }
    if (code < 0x800) {
      feed(0xc0 | (code >> 6));
      feed(0x80 | (code & 0x3f));
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index += 1;
        feed(0xf0 | (code >> 18));
        feed(0x80 | ((code >> 12) & 0x3f));
        feed(0x80 | ((code >> 6) & 0x3f));
        feed(0x80 | (code & 0x3f));
        continue;
      }
      code = 0xfffd;
    }
    feed(0xe0 | (code >> 12));
    feed(0x80 | ((code >> 6) & 0x3f));
    feed(0x80 | (code & 0x3f));
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
