/**
 * The RepoPort contract, run against the in-memory double (test/doubles) and against the GitHub adapter over the fake
 * GitHub server, set up as the GitHub contract tests set it up (test/contract/github/setup.ts).
 */
import { InMemoryRepo, repoErrors } from '../../doubles/in-memory-repo.js';
import { REPO, RULES, repoFor, SEED, startFake } from '../github/setup.js';
import { repoPortContract } from './repo-port.contract.js';

repoPortContract('in-memory double', () => {
  const repo = new InMemoryRepo({ files: { [RULES]: SEED, 'README.md': '# rules\n' } });
  return Promise.resolve({
    repo,
    rulesFile: RULES,
    seed: SEED,
    editFile: (branch, path, content) => void repo.setFile(branch, path, content, 'alice'),
    mergePull: (number, mergedBy) => repo.mergePull(number, { mergedBy }),
    closePull: (number) => repo.closePull(number),
    createRun: (run) => repo.createWorkflowRun({ ...run, status: 'completed' }).id,
    failNext: (fault) =>
      repo.failNext(
        '*',
        repoErrors.unavailable(
          fault.retryAfterSeconds === undefined ? undefined : fault.retryAfterSeconds * 1000,
        ),
      ),
    close: () => Promise.resolve(),
  });
});

repoPortContract('GitHub adapter over the fake GitHub', async () => {
  const fake = await startFake();
  return {
    repo: repoFor(fake),
    rulesFile: RULES,
    seed: SEED,
    editFile: (branch, path, content) => void fake.setFile(REPO, branch, path, content, { author: 'alice' }),
    mergePull: (number, mergedBy) => fake.mergePull(REPO, number, { mergedBy }),
    closePull: (number) => fake.closePull(REPO, number),
    createRun: (run) => fake.createWorkflowRun(REPO, { ...run, status: 'completed' }).id,
    failNext: (fault) =>
      void fake.faults.inject(
        {},
        fault.retryAfterSeconds === undefined
          ? { kind: 'status', status: 502 }
          : { kind: 'secondary-rate-limit', retryAfterSeconds: fault.retryAfterSeconds },
      ),
    close: async () => {
      fake.assertNoViolations();
      await fake.close();
    },
  };
});
