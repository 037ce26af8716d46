/**
 * What the collector holds while files are read: lists, macros and rules as text with positions, plus the shape of
 * the append/replace items applied to rules. Mutable on purpose (Falco's collector updates items in place); the
 * compiler turns them into the read-only model.
 */
import type { ExceptionInfo } from './exception-validation.js';
import type { ItemUpdate, Priority, SourcePosition } from './model.js';
import type { MappedText } from './source-map.js';
import type { LoaderFeatures } from './version-gates.js';

export interface ListInfo {
  readonly name: string;
  items: string[];
  index: number;
  visibility: number;
  definedAt: SourcePosition;
  updates: ItemUpdate[];
}

export interface MacroInfo {
  readonly name: string;
  cond: MappedText;
  index: number;
  visibility: number;
  definedAt: SourcePosition;
  updates: ItemUpdate[];
}

export interface RuleInfo {
  readonly name: string;
  source: string;
  cond: MappedText;
  output: MappedText;
  desc: string;
  priority: Priority;
  tags: Set<string>;
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  capture: boolean;
  captureDuration: number;
  exceptions: ExceptionInfo[];
  unknownSource: boolean;
  index: number;
  visibility: number;
  definedAt: SourcePosition;
  updates: ItemUpdate[];
}

/** The keys an append or replace item carries; absent keys are left alone. */
export interface RuleUpdate {
  readonly name: string;
  readonly offset: number;
  readonly at: SourcePosition;
  readonly kind: 'append' | 'override-append' | 'override-replace';
  readonly source?: string;
  readonly cond?: MappedText;
  readonly output?: MappedText;
  readonly desc?: string;
  readonly tags?: readonly string[];
  readonly exceptions?: ExceptionInfo[];
  readonly priority?: Priority;
  readonly enabled?: boolean;
  readonly warnEvttypes?: boolean;
  readonly skipIfUnknownFilter?: boolean;
  readonly capture?: boolean;
  readonly captureDuration?: number;
}

export interface CollectorEnv {
  readonly features: LoaderFeatures;
  readonly isField: ((name: string) => boolean) | undefined;
  readonly isKnownSource: (source: string) => boolean;
  readonly warn: (
    code: 'LOAD_UNKNOWN_SOURCE' | 'LOAD_WARNING_EXTENSION',
    message: string,
    offset: number,
  ) => void;
}

/** The keys an update carries, named as in the rules file. */
export function updateKeys(update: RuleUpdate): string[] {
  const keys: string[] = [];
  const record = update as unknown as Record<string, unknown>;
  const names: Readonly<Record<string, string>> = {
    cond: 'condition',
    output: 'output',
    desc: 'desc',
    tags: 'tags',
    exceptions: 'exceptions',
    priority: 'priority',
    enabled: 'enabled',
    warnEvttypes: 'warn_evttypes',
    skipIfUnknownFilter: 'skip-if-unknown-filter',
    capture: 'capture',
    captureDuration: 'capture_duration',
  };
  for (const [field, key] of Object.entries(names)) if (record[field] !== undefined) keys.push(key);
  return keys;
}
