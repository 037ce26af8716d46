import type { CliCommand } from '../io.js';
import { conditionCommand } from './condition.js';
import { exceptCommand } from './except.js';
import { explainCommand } from './explain.js';
import { exportStoreCommand } from './export-store.js';
import { importStoreCommand } from './import-store.js';
import { initRulesRepoCommand } from './init-rules-repo.js';
import { sandboxCommand } from './sandbox.js';
import { simulateCommand } from './simulate.js';
import { validateCommand } from './validate.js';

/** Every CLI command, in the order `falco-triage --help` lists them. Each lives in its own file. */
export const commands: readonly CliCommand[] = [
  conditionCommand,
  exceptCommand,
  explainCommand,
  exportStoreCommand,
  importStoreCommand,
  initRulesRepoCommand,
  sandboxCommand,
  simulateCommand,
  validateCommand,
];
