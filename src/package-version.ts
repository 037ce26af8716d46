/**
 * The version of this falco-triage, read from the package.json shipped beside the code (`src/` and `dist/` both sit
 * next to it, so one relative URL serves the sources, the build and the container image). `falco-triage --version`
 * prints it and the start-up log line carries it, so an operator can tell which build is running.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from './result.js';

const Manifest = z.object({ version: z.string().min(1) });

let cached: Result<string, string> | undefined;

/** The package version, or why package.json could not be read (a broken install or image, not a user mistake). */
export function packageVersion(): Result<string, string> {
  cached ??= readVersion(new URL('../package.json', import.meta.url));
  return cached;
}

function readVersion(url: URL): Result<string, string> {
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (error) {
    return err(`cannot read ${url.pathname}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return err(`${url.pathname} is not JSON: ${(error as Error).message}`);
  }
  const parsed = Manifest.safeParse(json);
  return parsed.success ? ok(parsed.data.version) : err(`${url.pathname} has no "version"`);
}
