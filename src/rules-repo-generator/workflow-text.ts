/**
 * Small helpers for writing workflow YAML as text. The workflow is written as text, not serialised from an
 * object, so it can carry the comments that explain it to whoever opens it in the rules repository.
 */

/** A YAML scalar for a validated value: plain when unambiguous, else double-quoted (JSON is valid YAML). */
export function yamlScalar(value: string): string {
  const plain =
    /^[A-Za-z0-9_./][A-Za-z0-9_./:@#+~-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return plain && !/^[\d.]+$/.test(value) ? value : JSON.stringify(value);
}

/** Indents every non-empty line by `spaces`. */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** A shell script as a literal block (`run: |`), at the given indentation of the `run:` key. */
export function runBlock(script: string, keyIndent: number): string {
  return `${' '.repeat(keyIndent)}run: |\n${indent(script.trimEnd(), keyIndent + 2)}`;
}

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Comment lines written above the step. */
  readonly comment?: readonly string[];
  readonly run?: string;
}

/** One step as YAML, indented for a job's `steps:` list (six spaces before the dash). */
export function stepText(step: Step): string {
  const lines: string[] = [];
  for (const line of step.comment ?? []) lines.push(`      # ${line}`.trimEnd());
  const entries: string[] = [];
  if (step.name !== undefined) entries.push(`name: ${step.name}`);
  if (step.id !== undefined) entries.push(`id: ${step.id}`);
  if (step.if !== undefined) entries.push(`if: ${step.if}`);
  if (step.uses !== undefined) entries.push(`uses: ${step.uses}`);
  if (step.with !== undefined) entries.push(mapText('with', step.with));
  if (step.env !== undefined) entries.push(mapText('env', step.env));
  entries.forEach((entry, index) =>
    lines.push(indent(entry, 8).replace(/^ {8}/, index === 0 ? '      - ' : '        ')),
  );
  if (step.run !== undefined) {
    const run = runBlock(step.run, 8);
    lines.push(entries.length === 0 ? run.replace(/^ {8}/, '      - ') : run);
  }
  return lines.join('\n');
}

function mapText(key: string, map: Readonly<Record<string, string>>): string {
  return [`${key}:`, ...Object.entries(map).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
}
