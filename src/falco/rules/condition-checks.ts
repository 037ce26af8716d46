/**
 * What Falco's compiler says about a rule's resolved condition besides syntax: unknown fields (with a catalog),
 * deprecated fields (0.42+), `<NA>` comparisons on k8s audit fields (`filter_warning_resolver`), and constants that
 * look like fields or transformers (libs' compiler, 0.38+, where `a = b.c` compares with the TEXT "b.c").
 */
import type { Expr, FieldExpr, FieldOperand, TransformerArg, ValueOperand } from '../condition/ast.js';
import type { LoaderFeatures } from './version-gates.js';
import type { FieldLookup } from './field-lookup.js';

export type ConditionFinding =
  | { readonly kind: 'unknown-field'; readonly field: string }
  | { readonly kind: 'deprecated-field'; readonly field: string }
  | { readonly kind: 'unsafe-na' }
  | { readonly kind: 'field-like-const'; readonly value: string }
  | { readonly kind: 'transformer-like-const'; readonly value: string };

const DEPRECATED = /^evt\.(dir|latency(\..*)?|wait_latency)$/;
const EQUALITY = new Set(['=', '==', '!=', 'in', 'intersects', 'pmatch']);
const FIELD_LIKE = /^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+(\[[^\]]*\])?$/;
const TRANSFORMER_LIKE = /^(tolower|toupper|b64|basename|len|join|concat|getopt|val)\s*\(/;
/** Without a catalog, a dotted constant only counts as field-like when it starts with a field class. */
const FIELD_CLASSES = new Set([
  'evt',
  'proc',
  'thread',
  'fd',
  'fdlist',
  'fs',
  'user',
  'group',
  'container',
  'k8s',
  'ka',
  'jevt',
  'syslog',
  'span',
  'mesos',
  'marathon',
  'ct',
  'okta',
  'github',
  'gcp',
  'json',
  'krsi',
  'k8smeta',
  'proc.exe',
]);

function fieldsOfOperand(operand: FieldOperand | ValueOperand | TransformerArg, out: FieldExpr[]): void {
  switch (operand.type) {
    case 'field':
      out.push(operand);
      return;
    case 'transformer':
      for (const arg of operand.args) fieldsOfOperand(arg, out);
      return;
    case 'transformer-list':
      for (const item of operand.items) fieldsOfOperand(item, out);
      return;
    case 'value':
    case 'list':
      return;
  }
}

function fieldName(field: FieldExpr): string {
  return field.arg === undefined ? field.name : `${field.name}[${field.arg}]`;
}

/** Findings in tree order, each at most once per rule. */
export function checkCondition(
  expr: Expr,
  features: LoaderFeatures,
  fields: FieldLookup | undefined,
): ConditionFinding[] {
  const findings: ConditionFinding[] = [];
  const seen = new Set<string>();
  const add = (finding: ConditionFinding, key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.type === 'and' || node.type === 'or') {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Expr);
      continue;
    }
    if (node.type === 'not') {
      stack.push(node.child);
      continue;
    }
    if (node.type === 'identifier') continue;
    const used: FieldExpr[] = [];
    fieldsOfOperand(node.left, used);
    if (node.type === 'binary-check') fieldsOfOperand(node.right, used);
    for (const field of used) {
      if (fields !== undefined && !fields.has(fieldName(field)))
        add({ kind: 'unknown-field', field: fieldName(field) }, `unknown:${fieldName(field)}`);
      if (features.deprecatedEventFields && DEPRECATED.test(field.name))
        add({ kind: 'deprecated-field', field: field.name }, `deprecated:${field.name}`);
    }
    if (node.type !== 'binary-check') continue;
    const left = node.left;
    if (
      features.cppWarnings &&
      left.type === 'field' &&
      /^(ka|jevt)\./.test(left.name) &&
      EQUALITY.has(node.operator)
    ) {
      const right = node.right;
      const values =
        right.type === 'value' ? [right.value] : right.type === 'list' ? right.items.map((i) => i.value) : [];
      if (values.includes('<NA>')) add({ kind: 'unsafe-na' }, 'unsafe-na');
    }
    if (features.fieldLikeConstWarnings && node.right.type === 'value') {
      const value = node.right.value;
      const trimmed = value.trim();
      if (TRANSFORMER_LIKE.test(trimmed)) add({ kind: 'transformer-like-const', value }, `tconst:${value}`);
      else if (FIELD_LIKE.test(trimmed) && looksLikeField(trimmed, fields))
        add({ kind: 'field-like-const', value }, `fconst:${value}`);
    }
  }
  return findings;
}

function looksLikeField(text: string, fields: FieldLookup | undefined): boolean {
  if (fields !== undefined) return fields.has(text);
  return FIELD_CLASSES.has(text.slice(0, text.indexOf('.')));
}
