/**
 * The text each stored alert keeps as `raw`: the characters it arrived as, not a re-serialisation of the parsed
 * value. `JSON.stringify(JSON.parse(text))` is not the same alert: Falco's `evt.time` (nanoseconds, 19 digits) and
 * other integers above 2^53 lose digits, and escapes and spacing change.
 *
 * Slices are found with the same scanner the reader uses, per format: the whole body for one object, the elements of
 * a JSON array, the documents of NDJSON (arrays among them expanded, as the reader does). An item whose slice cannot
 * be matched with certainty gets none, and the caller falls back to re-serialising its value.
 */
import { arrayElementOffsets, LineIndex, scanJsonValue } from '../falco/alert/index.js';
import type { ReadAlertsResult } from '../falco/alert/index.js';
import { parseJson, stringifyJson } from '../falco/alert/index.js';

/** Whitespace and the comma the reader tolerates between documents. */
const SEPARATORS = new Set([0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x0b, 0x2c]);

interface Slice {
  readonly line: number;
  readonly text: string;
}

/** Raw text per item of `read` (same indexes), for the valid JSON items; `text` is the body `read` was read from. */
export function rawTexts(body: string, read: ReadAlertsResult): (string | undefined)[] {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const raws = new Array<string | undefined>(read.items.length).fill(undefined);
  switch (read.format) {
    case 'json': {
      if (read.items[0]?.ok === true) raws[0] = text.trim();
      return raws;
    }
    case 'json-array': {
      const start = text.indexOf('[');
      const offsets = arrayElementOffsets(text, start, text.length);
      // The whole text is one JSON array (JSON.parse said so): an element ends at the last non-blank before the
      // comma ahead of the next one, the last element before the final `]`. No second scan of each element.
      const close = blankStart(text, text.length) - 1;
      read.items.forEach((item, position) => {
        const offset = offsets[item.index];
        if (!item.ok || offset === undefined || text[offset] !== '{') return;
        const next = offsets[item.index + 1];
        const boundary = next === undefined ? close : blankStart(text, next) - 1;
        let end = blankStart(text, boundary);
        if (text[end - 1] !== '}' || end <= offset) end = scanJsonValue(text, offset);
        if (end > offset) raws[position] = text.slice(offset, end);
      });
      return raws;
    }
    case 'ndjson':
      return matchByLine(read, documents(text), raws);
    case 'empty':
    case 'text':
    case 'mixed':
      return raws; // no JSON items (intake reads JSON only)
  }
}

/** Where the run of JSON blanks (space, tab, newline, return) that ends just before `end` starts. */
function blankStart(text: string, end: number): number {
  let index = end;
  for (; index > 0; index -= 1) {
    const code = text.charCodeAt(index - 1);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
  }
  return index;
}

/** The JSON objects of an NDJSON text in order, with their lines; arrays contribute their object elements. */
function documents(text: string): Slice[] {
  const lines = new LineIndex(text);
  const slices: Slice[] = [];
  let offset = 0;
  while (offset < text.length) {
    while (offset < text.length && SEPARATORS.has(text.charCodeAt(offset))) offset += 1;
    if (offset >= text.length) break;
    const char = text[offset];
    const end = char === '{' || char === '[' ? scanJsonValue(text, offset) : -1;
    if (end < 0) {
      const newline = text.indexOf('\n', offset);
      offset = newline < 0 ? text.length : newline + 1;
      continue;
    }
    if (char === '{') {
      slices.push({ line: lines.line(offset), text: text.slice(offset, end) });
    } else {
      for (const element of arrayElementOffsets(text, offset, end)) {
        if (text[element] !== '{') continue;
        const elementEnd = scanJsonValue(text, element, end);
        if (elementEnd > element)
          slices.push({ line: lines.line(element), text: text.slice(element, elementEnd) });
      }
    }
    offset = end;
  }
  return slices;
}

/**
 * Gives each valid item the next document on its line. A line holding several documents is ambiguous (one of them
 * may be the invalid one): there the slice must decode to the item's value.
 */
function matchByLine(
  read: ReadAlertsResult,
  slices: readonly Slice[],
  raws: (string | undefined)[],
): (string | undefined)[] {
  const perLine = new Map<number, number>();
  for (const slice of slices) perLine.set(slice.line, (perLine.get(slice.line) ?? 0) + 1);
  let next = 0;
  read.items.forEach((item, position) => {
    if (!item.ok || item.input.kind !== 'json') return;
    while (next < slices.length && (slices[next]?.line ?? 0) < item.line) next += 1;
    const slice = slices[next];
    if (slice?.line !== item.line) return;
    if ((perLine.get(slice.line) ?? 0) > 1) {
      const value = stringifyJson(item.input.value);
      const candidate = slices.slice(next).find((s) => s.line === item.line && sameValue(s.text, value));
      if (candidate === undefined) return;
      next = slices.indexOf(candidate);
    }
    raws[position] = slices[next]?.text;
    next += 1;
  });
  return raws;
}

function sameValue(text: string, serialised: string): boolean {
  try {
    return stringifyJson(parseJson(text)) === serialised;
  } catch {
    return false;
  }
}
