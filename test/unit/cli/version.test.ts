/**
 * `falco-triage --version` through the CLI's entry point: the version of package.json, alone on its line, so scripts
 * and container health checks can compare it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { cli } from '../../helpers/cli.js';

const manifest = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8'),
) as { version: string };

describe('falco-triage --version', () => {
  it('prints the package version and exits 0', async () => {
    const run = await cli(['--version']);

    expect(run).toEqual({ status: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('is mentioned in the overview', async () => {
    const run = await cli(['--help']);

    expect(run.stdout).toContain('falco-triage --version');
  });
});
