/**
 * examples/rules-repo/ is what `falco-triage init-rules-repo` writes with its defaults. Regenerating it into an
 * empty directory must give the same files, byte for byte, so the example cannot drift from the command.
 * After a deliberate change (or a version bump), refresh it with:
 *   rm -rf examples/rules-repo && npx tsx src/cli/main.ts init-rules-repo --dir examples/rules-repo
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/cli.js';

const example = path.resolve(process.cwd(), 'examples/rules-repo');

function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesIn(dir, path.posix.join(prefix, entry.name))
        : [path.posix.join(prefix, entry.name)],
    )
    .sort();
}

describe('examples/rules-repo', () => {
  it('is exactly what init-rules-repo generates with its defaults', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'example-rules-repo-'));
    const run = await cli(['init-rules-repo', '--dir', dir]);
    expect(run.status).toBe(0);
    expect(filesIn(example)).toEqual(filesIn(dir));
    for (const file of filesIn(dir)) {
      expect({ file, contents: readFileSync(path.join(example, file), 'utf8') }).toEqual({
        file,
        contents: readFileSync(path.join(dir, file), 'utf8'),
      });
    }
  });
});
