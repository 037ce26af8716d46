/**
 * Runs the `run:` steps of one job of a generated workflow in bash, the way a GitHub runner would
 * (`bash --noprofile --norc -eo pipefail`, workflow env then job env then step env, RUNNER_TEMP, GITHUB_ENV and
 * GITHUB_STEP_SUMMARY files, GITHUB_ENV lines applied to later steps), with stand-ins for docker, npx, npm,
 * helm, kubectl and falco-triage on PATH. `uses:` steps are skipped. Step conditions: none (run while nothing
 * failed), `always()`, and `failure() ...` (run after a failure).
 *
 * The stand-ins record their arguments in `$STUB_LOG/<tool>` (one call per line, arguments separated by tabs)
 * and answer from files the test provides: docker prints $FAKE_FALCO_OUTPUT and exits $FAKE_FALCO_STATUS; helm
 * template prints $FAKE_RENDERED; kubectl fails the first `rollout status` when $FAKE_ROLLOUT_FAIL is set, and
 * keeps the data of the last `create configmap` in `$STUB_LOG/configmap-data`; `docker cp`
 * writes $FAKE_DEFAULT_RULES; npx runs the yaml CLI from this repository's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

interface WorkflowStep {
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}

interface Workflow {
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, { env?: Record<string, string>; steps: WorkflowStep[] }>;
}

export interface StepOutcome {
  readonly name: string;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface JobRun {
  /** 0 when every step that ran succeeded. */
  readonly status: number;
  readonly steps: readonly StepOutcome[];
  readonly stdout: string;
  readonly runnerTemp: string;
  readonly summary: string;
  /** The directory of the stand-ins' records. */
  readonly log: string;
  /** Each stand-in's calls, as argument lists. */
  readonly calls: (tool: string) => string[][];
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cliMain = path.resolve(process.cwd(), 'src/cli/main.ts');
const yamlCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve('yaml/package.json')),
  'bin.mjs',
);

const stubs: Record<string, string> = {
  docker: `case "$1" in
  create) echo fake-container ;;
  cp) cp "$FAKE_DEFAULT_RULES" "$4" ;;
  rm) ;;
  run) cat "$FAKE_FALCO_OUTPUT"; exit "\${FAKE_FALCO_STATUS:-0}" ;;
  *) exit 90 ;;
esac`,
  npx: `[ "$1" = --yes ] && shift
package="$1"; shift
case "$package" in
  yaml@*) exec "${process.execPath}" "${yamlCli}" "$@" ;;
  *) echo "npx stand-in: unexpected package $package" >&2; exit 91 ;;
esac`,
  npm: 'exit 0',
  // With $USE_REAL_TRIAGE, this repository's own CLI runs (through tsx), as the installed package would.
  'falco-triage': `[ -z "$USE_REAL_TRIAGE" ] || exec "${process.execPath}" --import "${tsxLoader}" "${cliMain}" "$@"
exit "\${FAKE_TRIAGE_STATUS:-0}"`,
  helm: `case "$1" in
  template) cat "$FAKE_RENDERED" ;;
  *) ;;
esac`,
  kubectl: `case "$1 $2" in
  "create configmap") for arg in "$@"; do case "$arg" in --from-file=*) file="\${arg#*=}"; file="\${file#*=}"; cat "$file" > "$STUB_LOG/configmap-data" ;; esac; done
    echo "apiVersion: v1" ;;
  "rollout status") if [ -n "$FAKE_ROLLOUT_FAIL" ] && [ ! -e "$STUB_LOG/rollout-failed" ]; then
      touch "$STUB_LOG/rollout-failed"; echo "error: daemon set rollout failed" >&2; exit 1
    fi ;;
esac`,
};

function stubDir(log: string): string {
  const dir = path.join(log, 'bin');
  mkdirSync(dir, { recursive: true });
  for (const [tool, body] of Object.entries(stubs)) {
    const file = path.join(dir, tool);
    writeFileSync(
      file,
      `#!/bin/bash\n(IFS=$'\\t'; printf '%s\\n' "$*") >> "$STUB_LOG/${tool}"\n[ -t 0 ] || [ "$1" != apply ] || cat > /dev/null\n${body}\n`,
    );
    chmodSync(file, 0o755);
  }
  return dir;
}

/** `${{ secrets.X }}` and the like evaluate to '' here, as a missing secret does on GitHub; tests pass values in env. */
function withoutExpressions(env: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env ?? {}).map(([name, value]) => [name, /\$\{\{.*\}\}/.test(value) ? '' : value]),
  );
}

function shouldRun(step: WorkflowStep, failed: boolean): boolean {
  if (step.if === undefined) return !failed;
  if (step.if.startsWith('always()')) return true;
  if (step.if.startsWith('failure()')) return failed;
  throw new Error(`run-job: unsupported step condition ${step.if}`);
}

export function runJob(
  workflowText: string,
  jobId: string,
  options: { cwd: string; env?: Record<string, string> },
): JobRun {
  const workflow = parse(workflowText) as Workflow;
  const job = workflow.jobs[jobId];
  if (job === undefined) throw new Error(`run-job: no job ${jobId}`);
  const root = mkdtempSync(path.join(tmpdir(), 'falco-job-'));
  const runnerTemp = path.join(root, 'temp');
  const log = path.join(root, 'log');
  mkdirSync(runnerTemp);
  mkdirSync(log);
  const githubEnv = path.join(root, 'github-env');
  const summary = path.join(root, 'summary.md');
  writeFileSync(githubEnv, '');
  const exported: Record<string, string> = {};
  const steps: StepOutcome[] = [];
  let failed = false;
  for (const step of job.steps) {
    if (step.run === undefined || !shouldRun(step, failed)) continue;
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: options.cwd,
      encoding: 'utf8',
      env: {
        PATH: `${stubDir(log)}:${process.env['PATH'] ?? ''}`,
        HOME: root,
        ...workflow.env,
        ...job.env,
        ...withoutExpressions(step.env),
        ...options.env,
        ...exported,
        RUNNER_TEMP: runnerTemp,
        GITHUB_ENV: githubEnv,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
        GITHUB_RUN_NUMBER: '812',
        STUB_LOG: log,
      },
    });
    steps.push({
      name: step.name ?? '(unnamed)',
      status: result.status ?? 1,
      stdout: result.stdout,
      stderr: result.stderr,
    });
    if (result.status !== 0) failed = true;
    for (const line of readFileSync(githubEnv, 'utf8').split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) exported[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return {
    status: failed ? 1 : 0,
    steps,
    stdout: steps.map((step) => step.stdout + step.stderr).join(''),
    runnerTemp,
    summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
    log,
    calls: (tool) => {
      const file = path.join(log, tool);
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    },
  };
}
