/**
 * Damage found while running: a query that fails because a file of the embedded store is cut short or overwritten
 * (PostgreSQL's data-corrupted and index-corrupted errors, XX001 and XX002, and their relatives), or a WebAssembly
 * abort that leaves PGlite dead. The first one is remembered for good (a damaged file does not heal), reported once
 * through `onDamage` (the loud log line) and answered by `GET /readyz` with 503 and by the
 * `falco_triage_store_damaged` gauge.
 */
import { describeError } from '../errors.js';
import { sqlStateOf, type RuntimeDamage } from './database.js';

export type { RuntimeDamage } from './database.js';

/** Messages of damage that PostgreSQL reports under other codes (XX000, 58P01) or PGlite under none. */
const DAMAGE_MESSAGE =
  /could not read blocks?|invalid page in block|unexpected zero page|missing chunk number|unexpected chunk number|could not access status of transaction|could not open file "(?:base|global|pg_[a-z_]+)\/|Aborted\(\)/;

/** True for an error (or any error in its cause chain) that says the store's files are damaged. */
export function isDamageError(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state === 'XX001' || state === 'XX002') return true;
  for (let current = error, depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (DAMAGE_MESSAGE.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

export class DamageMonitor {
  readonly #onDamage: ((damage: RuntimeDamage) => void) | undefined;
  #damage: RuntimeDamage | undefined;

  constructor(onDamage?: (damage: RuntimeDamage) => void) {
    this.#onDamage = onDamage;
  }

  /** The damage found so far, if any. */
  get damage(): RuntimeDamage | undefined {
    return this.#damage;
  }

  /** Looks at a failed query's error; the first damage is recorded and reported. */
  observe(error: unknown): void {
    if (this.#damage !== undefined || !isDamageError(error)) return;
    const message = rootMessage(error);
    this.#damage = {
      message,
      file: /"((?:base|global|pg_[a-z_]+)\/[^"]+)"/.exec(message)?.[1],
      since: new Date(),
    };
    this.#onDamage?.(this.#damage);
  }
}

/** The driver's own message (the innermost cause): store errors wrap it in "store: … failed: …". */
function rootMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) {
    current = current.cause;
  }
  return describeError(current);
}
