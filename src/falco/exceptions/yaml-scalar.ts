/**
 * YAML scalars for the items we add, written by hand so that the output is stable and reviewable: plain when the
 * text cannot be mistaken for anything else by any YAML 1.1 or 1.2 reader (Falco reads rules with yaml-cpp, we with
 * `yaml`), double-quoted with escapes otherwise. Synthesis parses what it wrote to prove the round trip.
 */

/** Words and numbers a YAML 1.1 or 1.2 reader would not read as a string. */
const RESERVED =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NUMBER_LIKE = /^[-+]?(?:\.?\d|0[xXoObB]|\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
const FLOW_UNSAFE = /[,[\]{}]/;
/** Printable ASCII only: anything else is escaped or quoted, so no reader can disagree about line breaks. */
const PLAIN_CHARS = /^[\x21-\x7e ]+$/;

/** Whether `text` can be written plain (in a flow sequence when `flow`). */
export function isPlainSafe(text: string, flow: boolean): boolean {
  if (text === '' || !PLAIN_CHARS.test(text)) return false;
  if (text !== text.trim() || INDICATOR_START.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  if (flow && FLOW_UNSAFE.test(text)) return false;
  if (RESERVED.test(text) || NUMBER_LIKE.test(text)) return false;
  return !text.startsWith('<<');
}

function escapeChar(c: string): string {
  switch (c) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '\r':
      return '\\r';
    default: {
      const code = c.codePointAt(0) ?? 0;
      const isControl = code < 0x20 || (code >= 0x7f && code <= 0x9f);
      const isSpecial =
        code === 0x2028 || code === 0x2029 || code === 0xfeff || code === 0xfffe || code === 0xffff;
      const isSurrogate = code >= 0xd800 && code <= 0xdfff;
      if (isControl || isSpecial || isSurrogate) return `\\u${code.toString(16).padStart(4, '0')}`;
      return c;
    }
  }
}

/** A double-quoted YAML scalar; escapes controls, line separators and lone surrogates, keeps other Unicode. */
export function yamlDoubleQuoted(text: string): string {
  let out = '"';
  for (const c of text) out += escapeChar(c);
  return `${out}"`;
}

/** The scalar as it should appear in YAML (inside a flow sequence when `flow`). */
export function yamlScalar(text: string, flow = false): string {
  return isPlainSafe(text, flow) ? text : yamlDoubleQuoted(text);
}

/** `[a, "b c"]`: a flow sequence of scalars. */
export function yamlFlowSeq(items: readonly string[]): string {
  return `[${items.map((item) => yamlScalar(item, true)).join(', ')}]`;
}
