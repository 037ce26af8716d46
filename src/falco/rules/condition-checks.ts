/**
 * What Falco says about a rule's resolved condition when no field catalog is given: `<NA>` comparisons on k8s
 * audit fields (`filter_warning_resolver`, always), deprecated fields (0.42+) and constants that look like fields
 * or transformers (libs' compiler, 0.38+, where `a = b.c` compares with the TEXT "b.c"), recognised by name only.
 * With a catalog, `catalog-check.ts` runs libs' full compiler check instead (types, arguments, unknown fields).
 */
import type { Expr, FieldExpr, FieldOperand, TransformerArg, ValueOperand } from '../condition/index.js';
import type { LoaderFeatures } from './version-gates.js';

export type ConditionFinding =
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

/**
 * Findings in tree order, each at most once per rule. `catalogChecked`: the field catalog check ran, so only the
 * `<NA>` warning (which it does not cover) is wanted here.
 */
export function heuristicFindings(
  expr: Expr,
  features: LoaderFeatures,
  catalogChecked: boolean,
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
    if (!catalogChecked)
      for (const field of used)
        if (features.deprecatedEventFields && DEPRECATED.test(field.name))
          add({ kind: 'deprecated-field', field: field.name }, `deprecated:${field.name}`);
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
    if (!catalogChecked && features.fieldLikeConstWarnings && node.right.type === 'value') {
      const value = node.right.value;
      const trimmed = value.trim();
      if (TRANSFORMER_LIKE.test(trimmed)) add({ kind: 'transformer-like-const', value }, `tconst:${value}`);
      else if (FIELD_LIKE.test(trimmed) && FIELD_CLASSES.has(trimmed.slice(0, trimmed.indexOf('.'))))
        add({ kind: 'field-like-const', value }, `fconst:${value}`);
    }
  }
  return findings;
}
