/**
 * What a test scripts for a double's next calls: a failure to answer instead of doing the work, or an action to run
 * just before the call (someone else's write landing between the workflow's read and its write). Entries apply in
 * the order scripted; `'*'` matches any call.
 */
interface Entry<Call extends string, Failure> {
  readonly call: Call | '*';
  readonly act: { readonly failure: Failure } | { readonly run: () => void };
  remaining: number;
}

export class CallScript<Call extends string, Failure> {
  readonly #entries: Entry<Call, Failure>[] = [];

  /** The next `times` calls of `call` fail with `failure`. */
  fail(call: Call | '*', failure: Failure, times = 1): void {
    if (times > 0) this.#entries.push({ call, act: { failure }, remaining: times });
  }

  /** Runs `action` just before the next call of `call`. */
  before(call: Call, action: () => void): void {
    this.#entries.push({ call, act: { run: action }, remaining: 1 });
  }

  /** Runs the actions due for this call, then takes its failure, if one is scripted. */
  take(call: Call): Failure | undefined {
    for (;;) {
      const index = this.#entries.findIndex((entry) => entry.call === call || entry.call === '*');
      const entry = this.#entries[index];
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.#entries.splice(index, 1);
      if ('failure' in entry.act) return entry.act.failure;
      entry.act.run();
    }
  }

  /** How many scripted entries have not fired yet (a test can assert all of them did). */
  pending(): number {
    return this.#entries.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}
