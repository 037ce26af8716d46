/**
 * V8 flags the bot needs and cannot get from NODE_OPTIONS, applied by the process itself. Imported first by
 * src/main.ts, so it runs before any other module is evaluated and long before PGlite compiles its WebAssembly.
 *
 * `--no-liftoff`: V8 otherwise compiles PGlite's WebAssembly twice, a quick baseline copy (Liftoff) at once and an
 * optimised one later, and keeps both: about 45 MB more resident for the life of the process (docs/operations.md,
 * bench/production-start.bench.ts). NODE_OPTIONS refuses the flag, so a container image or chart that can only set
 * the environment could not pass it; setting it here makes `node dist/main.js` right however it is started. V8
 * reads the flag when it compiles a module, so setting it after start-up takes effect (the bench shows the memory).
 * An explicit `--liftoff` on the command line wins (to measure, or to trade memory for a faster first start).
 */
import { setFlagsFromString } from 'node:v8';

/** The flags applied, given the process's own command-line flags: none when `--liftoff` was asked for. */
export function runtimeFlags(execArgv: readonly string[]): readonly string[] {
  return execArgv.includes('--liftoff') ? [] : ['--no-liftoff'];
}

for (const flag of runtimeFlags(process.execArgv)) setFlagsFromString(flag);
