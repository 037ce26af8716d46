import { describe, expect, it } from '@jest/globals';
import { generateWorkflow } from '../../../src/rules-repo-generator/workflow.js';
import { lintWorkflow, variants } from './workflow-fixtures.js';

describe('generated workflows pass actionlint', () => {
  it.each(variants)('%s', async (_name, options) => {
    expect(await lintWorkflow(generateWorkflow(options))).toEqual([]);
  });

  it('the linter does report findings (a broken workflow is not silently accepted)', async () => {
    const broken = generateWorkflow(variants[0]![1])
      .replace('persist-credentials: false', 'persist-credentail: false')
      .replace('needs: [validate, falco, helm]', 'needs: [validate, falco, helm, lint]');
    const findings = await lintWorkflow(broken);
    expect(findings.some((finding) => finding.includes('persist-credentail'))).toBe(true);
    expect(findings.some((finding) => finding.includes('"lint"'))).toBe(true);
  });
});
