/**
 * Checks on a rule's output format, as Falco's compiler does before compiling the condition: `%container.info`
 * (deprecated since the container plugin), deprecated fields (a plain substring search in Falco), and with a field
 * catalog every `%field` token must name a field (libs' formatter fails with "invalid formatting token").
 */
import { resolveFieldText, type FieldCatalog } from '../fields/index.js';
import { fieldNamesIn } from './field-names.js';
import type { LoaderFeatures } from './version-gates.js';

export type OutputFinding =
  | { readonly kind: 'container-info' }
  | { readonly kind: 'deprecated-field'; readonly field: string }
  | { readonly kind: 'unknown-field'; readonly token: string; readonly offset: number };

const DEPRECATED_OUTPUT_FIELDS = ['evt.dir'];
const TRANSFORMER = /^(tolower|toupper|b64|basename|len|join|concat|getopt)\(/;
const FIELD_TOKEN = /^[a-zA-Z_][a-zA-Z0-9_.]*(\[[^\]]*\])?/;

/** The `%` tokens of an output: `%proc.name`, `%proc.aname[2]`, `%tolower(proc.name)`, `%20proc.name`. */
export function outputTokens(
  output: string,
): { readonly token: string; readonly fields: string[]; readonly offset: number }[] {
  const tokens: { token: string; fields: string[]; offset: number }[] = [];
  for (let i = output.indexOf('%'); i !== -1; i = output.indexOf('%', i + 1)) {
    let j = i + 1;
    while (j < output.length && /[0-9]/.test(output.charAt(j))) j++;
    const rest = output.slice(j);
    const transformer = TRANSFORMER.exec(rest);
    if (transformer !== null) {
      let depth = 0;
      let k = 0;
      for (; k < rest.length; k++) {
        if (rest[k] === '(') depth++;
        else if (rest[k] === ')' && --depth === 0) break;
      }
      const token = rest.slice(0, k + 1);
      tokens.push({ token, fields: fieldNamesIn(token), offset: i });
      continue;
    }
    const match = FIELD_TOKEN.exec(rest);
    if (match === null) continue;
    const token = match[0].replace(/\.+$/, '');
    tokens.push({ token, fields: [token], offset: i });
  }
  return tokens;
}

export function checkOutput(
  output: string,
  features: LoaderFeatures,
  fields: FieldCatalog | undefined,
): OutputFinding[] {
  const findings: OutputFinding[] = [];
  let text = output;
  if (features.containerInfoDeprecated && text.includes('%container.info')) {
    findings.push({ kind: 'container-info' });
    text = text.split('%container.info').join('');
  }
  if (features.deprecatedEventFields)
    for (const field of DEPRECATED_OUTPUT_FIELDS)
      if (text.includes(field)) findings.push({ kind: 'deprecated-field', field });
  if (fields !== undefined)
    for (const token of outputTokens(text)) {
      if (token.token === 'container.info' && !features.containerInfoDeprecated) continue;
      const unknown = token.fields.find((name) => !resolveFieldText(fields, name).ok);
      if (unknown !== undefined) {
        findings.push({ kind: 'unknown-field', token: token.token, offset: token.offset });
        break;
      }
    }
  return findings;
}
