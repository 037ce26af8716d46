/**
 * The repository's Dockerfile, parsed by dockerfile-ast (the parser behind the Docker language server) into stages
 * and instructions, and its runtime stage (the last one) reduced to what running the image depends on: what is
 * copied where, the environment, the user, the command. The lint test checks the rules on this model; the runtime
 * test builds the runtime stage's files and runs its command from it, so neither can drift from the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DOCKERFILE = path.join(ROOT, 'Dockerfile');

export interface DockerInstruction {
  readonly keyword: string;
  /** The arguments, flags left out, as written (shell words, or the raw JSON pieces). */
  readonly args: readonly string[];
  /** `--from=build` → `{ from: 'build' }`. */
  readonly flags: Readonly<Record<string, string | null>>;
  /** The exec form's strings (CMD, ENTRYPOINT, RUN, COPY, VOLUME in JSON form); undefined for the shell form. */
  readonly json: readonly string[] | undefined;
  /** ENV, LABEL and ARG as name → value, quotes removed. */
  readonly properties: Readonly<Record<string, string>> | undefined;
  /** One-based line, for messages. */
  readonly line: number;
}

export interface BaseImage {
  readonly registry: string | null;
  readonly name: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

export interface DockerStage {
  readonly name: string | undefined;
  readonly image: BaseImage;
  readonly instructions: readonly DockerInstruction[];
}

export interface ParsedDockerfile {
  readonly text: string;
  readonly stages: readonly DockerStage[];
}

function model(instruction: Instruction): DockerInstruction {
  const withFlags = instruction as Instruction & {
    getFlags?: () => { getName(): string; getValue(): string | null }[];
    getJSONStrings?: () => { getJSONValue(): string }[];
    getProperties?: () => { getName(): string; getValue(): string | null }[];
  };
  const json = withFlags.getJSONStrings?.().map((value) => value.getJSONValue());
  const properties = withFlags.getProperties?.();
  return {
    keyword: instruction.getKeyword(),
    args: instruction.getArguments().map((argument) => argument.getValue()),
    flags: Object.fromEntries(
      (withFlags.getFlags?.() ?? []).map((flag) => [flag.getName(), flag.getValue()]),
    ),
    json: json === undefined || json.length === 0 ? undefined : json,
    properties:
      properties === undefined
        ? undefined
        : Object.fromEntries(properties.map((property) => [property.getName(), property.getValue() ?? ''])),
    line: instruction.getRange().start.line + 1,
  };
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const parsed = DockerfileParser.parse(text);
  const stages: { name: string | undefined; image: BaseImage; instructions: DockerInstruction[] }[] = [];
  for (const instruction of parsed.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = parsed
        .getFROMs()
        .find((candidate) => candidate.getRange().start.line === instruction.getRange().start.line);
      if (from === undefined)
        throw new Error(`Dockerfile:${instruction.getRange().start.line + 1}: unreadable FROM`);
      stages.push({
        name: from.getBuildStage() ?? undefined,
        image: {
          registry: from.getRegistry(),
          name: from.getImageName() ?? '',
          tag: from.getImageTag(),
          digest: from.getImageDigest(),
        },
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) continue; // ARGs before the first FROM
    stage.instructions.push(model(instruction));
  }
  return { text, stages };
}

export function readDockerfile(file = DOCKERFILE): ParsedDockerfile {
  return parseDockerfile(readFileSync(file, 'utf8'));
}

/** A COPY of the runtime stage, its destination made absolute against the WORKDIR in force (trailing slash kept). */
export interface RuntimeCopy {
  /** The stage copied from; undefined for the build context. */
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
  readonly chown: string | undefined;
}

export interface RuntimeStage {
  readonly stage: DockerStage;
  readonly copies: readonly RuntimeCopy[];
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly workdir: string;
  readonly user: string | undefined;
  readonly volumes: readonly string[];
  readonly expose: readonly string[];
  /** Exec form only (the shell form is refused). */
  readonly entrypoint: readonly string[] | undefined;
  readonly cmd: readonly string[] | undefined;
}

/** The argv of an exec-form instruction; the shell form would need a shell, which the runtime image has not. */
function execForm(instruction: DockerInstruction): readonly string[] {
  if (instruction.json === undefined)
    throw new Error(
      `Dockerfile:${instruction.line}: ${instruction.keyword} in shell form; the image has no shell`,
    );
  return instruction.json;
}

/** The last stage, which is the image that ships. */
export function runtimeStage(dockerfile: ParsedDockerfile): RuntimeStage {
  const stage = dockerfile.stages.at(-1);
  if (stage === undefined) throw new Error('the Dockerfile has no stage');
  let workdir = '/';
  const copies: RuntimeCopy[] = [];
  const env: Record<string, string> = {};
  const labels: Record<string, string> = {};
  let user: string | undefined;
  const volumes: string[] = [];
  const expose: string[] = [];
  let entrypoint: readonly string[] | undefined;
  let cmd: readonly string[] | undefined;
  for (const instruction of stage.instructions) {
    switch (instruction.keyword) {
      case 'WORKDIR':
        workdir = path.posix.resolve(workdir, instruction.args[0] ?? '');
        break;
      case 'COPY': {
        const paths = instruction.json ?? instruction.args;
        const destination = paths.at(-1) ?? '';
        const resolved = path.posix.resolve(workdir, destination);
        copies.push({
          from: instruction.flags['from'] ?? undefined,
          sources: paths.slice(0, -1),
          // A trailing slash says "into this directory"; it is kept.
          destination: destination.endsWith('/') && resolved !== '/' ? `${resolved}/` : resolved,
          chown: instruction.flags['chown'] ?? undefined,
        });
        break;
      }
      case 'ENV':
        Object.assign(env, instruction.properties);
        break;
      case 'LABEL':
        Object.assign(labels, instruction.properties);
        break;
      case 'USER':
        user = instruction.args[0];
        break;
      case 'VOLUME':
        volumes.push(...(instruction.json ?? instruction.args));
        break;
      case 'EXPOSE':
        expose.push(...instruction.args);
        break;
      case 'ENTRYPOINT':
        entrypoint = execForm(instruction);
        break;
      case 'CMD':
        cmd = execForm(instruction);
        break;
      default:
        break;
    }
  }
  return { stage, copies, env, labels, workdir, user, volumes, expose, entrypoint, cmd };
}
