import { asciiLower, unhex } from './bytes.js';
import { compileGlob, type GlobMatcher } from './glob.js';
import { compilePathPrefixes, type PathPrefixMatcher } from './path-prefix.js';
import { compileRegex, type RegexMatcher } from './regex.js';
import { parseNumber } from './value-compare.js';

/** Why an operand cannot be used: Falco would refuse it, or this evaluator does not model it. */
export interface OperandProblem {
  readonly reason: 'invalid-in-falco' | 'unsupported';
  readonly message: string;
}

export function isProblem(value: unknown): value is OperandProblem {
  return typeof value === 'object' && value !== null && 'reason' in value && 'message' in value;
}

/**
 * A check's right-hand side, with every form an operator may need (numbers, sets, lowercase copies, glob, regex and
 * path-prefix matchers, hex bytes) derived on first use and kept: a compiled check pays for them once.
 */
export class RhsOperands {
  private numbers: (number | undefined)[] | undefined;
  private strings: Set<string> | undefined;
  private numberSet: Set<number> | OperandProblem | undefined;
  private lowered: string[] | undefined;
  private globs: (GlobMatcher | OperandProblem)[] | undefined;
  private regexes: (RegexMatcher | OperandProblem)[] | undefined;
  private paths: PathPrefixMatcher | OperandProblem | undefined;
  private hexes: (Uint8Array | OperandProblem)[] | undefined;

  constructor(readonly items: readonly string[]) {}

  text(i: number): string {
    return this.items[i] ?? '';
  }

  number(i: number): number | OperandProblem {
    this.numbers ??= this.items.map(parseNumber);
    return this.numbers[i] ?? invalid(`'${this.text(i)}' is not a valid number`);
  }

  stringSet(): Set<string> {
    this.strings ??= new Set(this.items);
    return this.strings;
  }

  numberSetOrProblem(): Set<number> | OperandProblem {
    if (this.numberSet === undefined) {
      const parsed = this.items.map(parseNumber);
      const bad = this.items.findIndex((_, i) => parsed[i] === undefined);
      this.numberSet =
        bad >= 0 ? invalid(`'${this.text(bad)}' is not a valid number`) : new Set(parsed as number[]);
    }
    return this.numberSet;
  }

  lower(i: number): string {
    this.lowered ??= this.items.map(asciiLower);
    return this.lowered[i] ?? '';
  }

  glob(i: number, caseInsensitive: boolean): GlobMatcher | OperandProblem {
    this.globs ??= this.items.map((pattern) => {
      const glob = compileGlob(pattern, caseInsensitive);
      return glob.ok ? glob.value : { reason: 'unsupported', message: glob.error };
    });
    return this.globs[i] ?? invalid('missing operand');
  }

  regex(i: number): RegexMatcher | OperandProblem {
    this.regexes ??= this.items.map((pattern) => {
      const regex = compileRegex(pattern);
      if (regex.ok) return regex.value;
      return regex.error.kind === 'invalid'
        ? invalid(`invalid regex pattern: ${regex.error.message}`)
        : { reason: 'unsupported', message: regex.error.message };
    });
    return this.regexes[i] ?? invalid('missing operand');
  }

  pathPrefixes(): PathPrefixMatcher | OperandProblem {
    if (this.paths === undefined) {
      const compiled = compilePathPrefixes(this.items);
      this.paths = compiled.ok ? compiled.value : { reason: 'unsupported', message: compiled.error };
    }
    return this.paths;
  }

  hex(i: number): Uint8Array | OperandProblem {
    this.hexes ??= this.items.map((text) => unhex(text) ?? invalid(`'${text}' is not a hex byte string`));
    return this.hexes[i] ?? invalid('missing operand');
  }
}

function invalid(message: string): OperandProblem {
  return { reason: 'invalid-in-falco', message };
}
