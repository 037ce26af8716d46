/**
 * Falco compares C strings byte by byte (strcmp, strstr, fnmatch in the C locale). JavaScript strings are UTF-16, so
 * the few operations whose answer differs between the two (ordering, glob `?` on non-ASCII, byte lengths) go through
 * these helpers. Substring tests need none: UTF-8 and UTF-16 agree on which strings contain which.
 */

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The byte length of the UTF-8 encoding, what libs' `len()` (strnlen) reports for a string. */
export function utf8Length(text: string): number {
  return isAscii(text) ? text.length : encoder.encode(text).length;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes back to a string: UTF-8 when they are valid UTF-8, else one character per byte (Latin-1). */
export function bytesToString(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    let out = '';
    for (const byte of bytes) out += String.fromCharCode(byte);
    return out;
  }
}

/** strcmp's sign over the UTF-8 encodings: code point order, which UTF-16 code unit order is not. */
export function compareUtf8(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  const left = [...a];
  const right = [...b];
  const common = Math.min(left.length, right.length);
  for (let i = 0; i < common; i++) {
    const x = left[i]?.codePointAt(0) ?? 0;
    const y = right[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** ASCII-only lowercase, as C's tolower in the C locale (libs' tolower(), strcasestr, FNM_CASEFOLD). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** ASCII-only uppercase, as C's toupper in the C locale (libs' toupper()). */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

/** Decodes a hex string (`bcontains`/`bstartswith` operands); undefined when it is not an even run of hex digits. */
export function unhex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** memmem: the first index of `needle` in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  const last = haystack.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
