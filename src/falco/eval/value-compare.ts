import type { BinaryOperator } from '../condition/index.js';
import { indexOfBytes } from './bytes.js';
import { inNetwork, parseIp, parseNetwork, sameIp, type IpBytes } from './ip.js';

/** Comparison primitives shared by the comparators: numbers as libs parses them, orderings, bytes, addresses. */

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number as Falco prints one (`0`, `-1`, `3.5`); hex and blanks are not numbers in alerts. */
export function looksNumeric(text: string): boolean {
  return NUMERIC_TEXT.test(text);
}

/** libs reads numeric operands with sscanf (`%lu`/`%ld`/`%lf`): leading blanks allowed, decimal only. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+/, '');
  return NUMERIC_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

/** Whether a comparison with the given sign (as strcmp returns) satisfies an ordering or equality operator. */
export function orderVerdict(op: BinaryOperator, sign: number): boolean {
  if (op === '<') return sign < 0;
  if (op === '<=') return sign <= 0;
  if (op === '>') return sign > 0;
  if (op === '>=') return sign >= 0;
  if (op === '!=') return sign !== 0;
  return sign === 0;
}

/** `flt_compare_buffer`: memcmp/memmem over the bytes (`!=` is answered by the caller as the negation of `=`). */
export function bytesMatch(op: BinaryOperator, haystack: Uint8Array, needle: Uint8Array): boolean {
  if (op === 'contains' || op === 'bcontains') return indexOfBytes(haystack, needle) >= 0;
  if (op === 'startswith' || op === 'bstartswith') {
    return (
      haystack.length >= needle.length && indexOfBytes(haystack.subarray(0, needle.length), needle) === 0
    );
  }
  if (op === 'endswith') {
    const tail = haystack.subarray(haystack.length - needle.length);
    return haystack.length >= needle.length && indexOfBytes(tail, needle) === 0;
  }
  return haystack.length === needle.length && indexOfBytes(haystack, needle) === 0;
}

/** An address against an operand: another address (`ipaddr`) or a network (`ipnet`); undefined if it does not parse. */
export function ipMatches(kind: 'ipaddr' | 'ipnet', address: IpBytes, text: string): boolean | undefined {
  if (kind === 'ipnet') {
    const network = parseNetwork(text);
    return network ? inNetwork(address, network) : undefined;
  }
  const other = parseIp(text);
  return other ? sameIp(address, other) : undefined;
}
