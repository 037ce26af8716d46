/**
 * JSON with its integers kept exact. `JSON.parse` turns an integer beyond 2^53 into the nearest double: Falco's
 * `evt.time` (nanoseconds since the epoch, 19 digits) loses its last digits (`…538044` becomes `…538000`), and so
 * would every 64-bit id or counter. Node 20's `JSON.parse` gives a reviver no access to the source text, so
 * `parseJson` lets `JSON.parse` do the parsing (fast, exact about the grammar), then, only when the text holds a
 * run of 16 digits, scans it for integer literals beyond 2^53 and puts each back into the parsed value as a
 * `bigint` with the literal's exact value. `stringifyJson` writes such a value back as the same digits.
 *
 * Numbers with a fraction or an exponent stay doubles (`1.5e300`): they are not integers from a 64-bit field.
 */
import { closingQuote } from './json-scan.js';

/** A run of 16 digits: every integer beyond 2^53 (9007199254740992, 16 digits) has one. */
const LONG_DIGITS = /\d{16}/;

/** JSON.parse, with integers beyond 2^53 as exact `bigint`s. Throws what JSON.parse throws. */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!LONG_DIGITS.test(text)) return value;
  // First without following duplicate keys (a key and a map lookup per key of every object); when an object on
  // the way to a big integer then turns out to have had a duplicate key, again with them.
  let sites = bigIntegerSites(text, false);
  if (!sites.every((site) => isLive(value, site))) sites = bigIntegerSites(text, true);
  let result = value;
  for (const site of sites) {
    if (site.dead) continue;
    result = put(result, site.path, BigInt(site.digits));
  }
  return result;
}

/**
 * Whether a site found without following duplicate keys is where JSON.parse put its number: true when every object
 * on its path has as many keys in the value as in the text, so none of them had a duplicate key that replaced the
 * way down (the root object is the value's; an object without duplicates hands each key's value down as written).
 */
function isLive(root: unknown, site: Site): boolean {
  let container = root;
  for (const [depth, segment] of site.path.entries()) {
    if (typeof container !== 'object' || container === null) return false;
    const frame = site.frames?.[depth];
    if (frame === undefined) return false;
    if (!frame.array && Object.keys(container).length !== frame.keys) return false;
    container = (container as Record<string | number, unknown>)[segment];
  }
  return true;
}

/**
 * JSON.stringify that writes a `bigint` as its digits (JSON.stringify itself throws on one). Fast: the bigints are
 * swapped for stand-in strings in a copy of just the objects and arrays that hold them, JSON.stringify writes the
 * copy, and the stand-ins are replaced by the digits. A string of the sender's that looks like a stand-in (it needs
 * NUL characters) is caught by the count and the value is written the slow, sure way.
 */
export function stringifyJson(value: unknown): string {
  const digits: string[] = [];
  const text = JSON.stringify(standIn(value, digits));
  if (digits.length === 0) return text;
  let replaced = 0;
  const exact = text.replace(STAND_IN, (_match, index: string) => {
    replaced += 1;
    return digits[Number(index)] ?? '';
  });
  return replaced === digits.length ? exact : write(value);
}

/** A stand-in as JSON.stringify writes it: `"\u0000<index>\u0000"`. */
const STAND_IN = /"\\u0000(\d+)\\u0000"/g;

/** `value` with each bigint replaced by a stand-in string; the very same value when it holds none. */
function standIn(value: unknown, digits: string[]): unknown {
  if (typeof value === 'bigint') {
    digits.push(value.toString());
    return `\u0000${digits.length - 1}\u0000`;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const swapped = standIn(item, digits);
      if (swapped !== item) (copy ??= value.slice())[index] = swapped;
    });
    return copy ?? value;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const keys = Object.keys(value);
  let swappedAny = false;
  const items = keys.map((key) => {
    const item = (value as Record<string, unknown>)[key];
    const swapped = standIn(item, digits);
    swappedAny ||= swapped !== item;
    return swapped;
  });
  if (!swappedAny) return value;
  // An ordinary object filled key by key: V8 writes those fastest. `__proto__` stays an ordinary key.
  const copy: Record<string, unknown> = {};
  keys.forEach((key, index) => {
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: items[index],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = items[index];
  });
  return copy;
}

/** Where an integer literal beyond 2^53 sits in the text, as a path from the root of the value. */
interface Site {
  readonly path: readonly (string | number)[];
  readonly digits: string;
  /** A later duplicate key replaced the value the site is in (JSON.parse keeps the last one). */
  dead: boolean;
  /** Without following duplicates: the frames of the path, their key counts final once the scan is over. */
  readonly frames: readonly Frame[] | undefined;
}

interface Frame {
  readonly array: boolean;
  /** Arrays: the current element's index. */
  index: number;
  /** Objects: the current key's text (quotes included) is `text.slice(keyStart, keyEnd)`. */
  keyStart: number;
  keyEnd: number;
  expectKey: boolean;
  /** Objects: the keys seen so far. */
  keys: number;
  /** Objects: the sites under each key seen so far, so that a duplicate key can kill them. */
  sites: Map<string, Site[]> | undefined;
}

/**
 * The integer literals beyond 2^53 in one JSON text (which JSON.parse accepted). Strings are skipped whole, so a
 * digit run inside one never counts. Without recursion: the depth of the text costs nothing but memory. With
 * `duplicates`, a site under a key that a later duplicate replaced is marked dead; without, the sites carry their
 * frames for `isLive`.
 */
function bigIntegerSites(text: string, duplicates: boolean): Site[] {
  const sites: Site[] = [];
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      const end = closingQuote(text, index + 1) + 1;
      if (top !== undefined && top.expectKey) {
        top.keyStart = index;
        top.keyEnd = end;
        top.expectKey = false;
        top.keys += 1;
        if (top.sites !== undefined) killDuplicate(top, keyOf(text, top));
      }
      index = end;
      continue;
    }
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      const array = char === 0x5b;
      top = { array, index: 0, keyStart: 0, keyEnd: 0, expectKey: !array, keys: 0, sites: undefined };
      stack.push(top);
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
      top = stack[stack.length - 1];
    } else if (char === 0x2c /* , */ && top !== undefined) {
      if (top.array) top.index += 1;
      else top.expectKey = true;
    } else if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      const end = numberEnd(text, index);
      // Fewer than 16 digits is always within 2^53: no need to look closer.
      if (end - index >= 16) {
        const digits = text.slice(index, end);
        if (isUnsafeInteger(digits)) {
          const frames = duplicates ? undefined : stack.slice();
          const site: Site = { path: pathOf(text, stack), digits, dead: false, frames };
          sites.push(site);
          if (duplicates)
            for (const frame of stack) if (!frame.array) remember(frame, keyOf(text, frame), site);
        }
      }
      index = end;
      continue;
    }
    index += 1;
  }
  return sites;
}

/** End of the number token starting at `start`. */
function numberEnd(text: string, start: number): number {
  let end = start + 1;
  for (; end < text.length; end += 1) {
    const char = text.charCodeAt(end);
    const numeric =
      (char >= 0x30 && char <= 0x39) ||
      char === 0x2e ||
      char === 0x65 ||
      char === 0x45 ||
      char === 0x2b ||
      char === 0x2d;
    if (!numeric) break;
  }
  return end;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer literal (no fraction, no exponent) whose magnitude is beyond 2^53 - 1. */
function isUnsafeInteger(literal: string): boolean {
  const digits = literal.charCodeAt(0) === 0x2d ? literal.length - 1 : literal.length;
  if (digits < 16 || !/^-?\d+$/.test(literal)) return false;
  if (digits > 16) return true;
  const value = BigInt(literal);
  return value > MAX_SAFE || value < -MAX_SAFE;
}

function keyOf(text: string, frame: Frame): string {
  const quoted = text.slice(frame.keyStart, frame.keyEnd);
  return quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
}

function pathOf(text: string, stack: readonly Frame[]): (string | number)[] {
  return stack.map((frame) => (frame.array ? frame.index : keyOf(text, frame)));
}

function remember(frame: Frame, key: string, site: Site): void {
  frame.sites ??= new Map();
  const list = frame.sites.get(key);
  if (list === undefined) frame.sites.set(key, [site]);
  else list.push(site);
}

function killDuplicate(frame: Frame, key: string): void {
  const list = frame.sites?.get(key);
  if (list === undefined) return;
  for (const site of list) site.dead = true;
  frame.sites?.delete(key);
}

/** Puts `exact` at `path` in `root` when a number is there; returns the (possibly new) root. */
function put(root: unknown, path: readonly (string | number)[], exact: bigint): unknown {
  if (path.length === 0) return typeof root === 'number' ? exact : root;
  let parent: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, segment)) return root;
    parent = (parent as Record<string | number, unknown>)[segment];
  }
  const last = path.at(-1) as string | number;
  if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, last)) return root;
  const holder = parent as Record<string | number, unknown>;
  if (typeof holder[last] === 'number') holder[last] = exact;
  return root;
}

/** Whether `value` holds a bigint (without recursion). */
function holdsBigInt(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'bigint') return true;
    if (typeof current !== 'object' || current === null) continue;
    for (const child of Array.isArray(current) ? (current as unknown[]) : Object.values(current)) {
      if (typeof child === 'bigint') return true;
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return false;
}

/** JSON text of a value holding bigints: JSON.stringify for every part without one. */
function write(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null || !holdsBigInt(value))
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : write(item))).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    parts.push(`${JSON.stringify(key)}:${write(item)}`);
  }
  return `{${parts.join(',')}}`;
}
