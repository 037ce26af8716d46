/**
 * The shape of our own conformance cases: what a given Falco release does with a rules file, each case citing the
 * Falco source (tag, file, lines) it mirrors. Messages are compared exactly; `warnings` lists messages that must
 * be among the warnings, `absentWarnings` codes that must not.
 */
export interface SourceCaseFile {
  readonly name: string;
  readonly content: string;
}

export interface SourceCase {
  readonly id: string;
  /** The releases the expectation holds for. */
  readonly falco: readonly string[];
  /** Where Falco does it: `falcosecurity/<repo> <tag> <path> L<from>-L<to>`, several separated by `; `. */
  readonly source: string;
  readonly files: readonly SourceCaseFile[];
  /** Load with Falco's field catalog (`../shared/fixtures/falco/fields.json`). */
  readonly catalog?: boolean;
  readonly expect: {
    /** Every error, in order, as `CODE: message`. */
    readonly errors?: readonly string[];
    readonly warnings?: readonly string[];
    readonly absentWarnings?: readonly string[];
    readonly compiled?: { readonly rule: string; readonly text: string | null };
    readonly exceptions?: { readonly rule: string; readonly names: readonly string[] };
    readonly enabled?: { readonly rule: string; readonly value: boolean };
    /** Per file: `name loaded/not-loaded ok/invalid` and the codes of its diagnostics. */
    readonly files?: readonly string[];
  };
}

/** A one-file case's files. */
export function one(content: string): readonly SourceCaseFile[] {
  return [{ name: 'rules.yaml', content }];
}

/** A rule item, for brevity. */
export function rule(name: string, condition: string, extra = ''): string {
  return `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: o\n  priority: INFO\n${extra}`;
}
