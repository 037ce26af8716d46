/**
 * What the loaders say about `evt.type` in a syscall rule's resolved condition, besides counting event types
 * (`evttypes.ts`):
 *
 * - An unknown name (`evt.type = opn`) has always been an error: libs' filter compiler throws "unknown event type
 *   opn" (`sinsp_filter_check_event::validate_filter_value`, since 2014), which Falco reports as
 *   LOAD_ERR_COMPILE_CONDITION (0.33+), as "Rule R: error unknown event type opn" (Lua 0.31, C++ 0.32), and the Lua
 *   loader of 0.2x to 0.30 threw its own `Unknown event/syscall "opn" in filter: <condition>` before compiling
 *   (`sinsp_rule_utils.lua` L105-L130). Only 0.36+ lets `skip-if-unknown-filter` skip such a rule with a warning
 *   (`rule_loader_compiler.cpp` `err_is_unknown_type_or_field`).
 * - Before 0.31 the Lua loader did not count event types: it warned "no-evttype" when no `evt.type` check appeared
 *   at all and "trailing-evttype" when one appeared after a `not` or a `!=` in a left-to-right walk of the tree
 *   (`sinsp_rule_utils.lua` `get_evttypes_syscalls`).
 */
import type { Expr, Span } from '../condition/index.js';
import { isKnownEventType } from '../events/index.js';

export interface UnknownEventType {
  readonly name: string;
  /** The value's span in the text it was parsed from. */
  readonly span: Span;
}

function isEvtType(node: Expr): boolean {
  return (
    node.type === 'binary-check' &&
    node.left.type === 'field' &&
    node.left.name === 'evt.type' &&
    node.left.arg === undefined
  );
}

/** Pre-order, left to right: the order libs compiles checks in and the Lua loader walked them. */
function walk(expr: Expr, visit: (node: Expr) => boolean): void {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) return;
    if (visit(node)) return;
    if (node.type === 'and' || node.type === 'or')
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Expr);
    else if (node.type === 'not') stack.push(node.child);
  }
}

/** The first value compared with `evt.type` that libs does not know as an event type. */
export function findUnknownEventType(expr: Expr): UnknownEventType | undefined {
  let found: UnknownEventType | undefined;
  walk(expr, (node) => {
    if (node.type !== 'binary-check' || !isEvtType(node)) return false;
    const right = node.right;
    const values = right.type === 'value' ? [right] : right.type === 'list' ? right.items : [];
    const unknown = values.find((value) => !isKnownEventType(value.value));
    if (unknown !== undefined) found = { name: unknown.value, span: unknown.span };
    return found !== undefined;
  });
  return found;
}

export type LuaEvttypeWarning = 'no-evttype' | 'trailing-evttype';

/** The Lua loader's (0.2x to 0.30) warning about where the rule's `evt.type` checks stand, if any. */
export function luaEvttypeWarning(expr: Expr): LuaEvttypeWarning | undefined {
  let sawNot = false;
  let sawEvent = false;
  let eventAfterNot = false;
  walk(expr, (node) => {
    if (node.type === 'not') sawNot = true;
    else if (node.type === 'binary-check') {
      if (node.operator === '!=') sawNot = true;
      if (isEvtType(node)) {
        sawEvent = true;
        if (sawNot) eventAfterNot = true;
      }
    }
    return false;
  });
  if (!sawEvent) return 'no-evttype';
  return eventAfterNot ? 'trailing-evttype' : undefined;
}
