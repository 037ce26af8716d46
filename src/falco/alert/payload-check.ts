/**
 * The intake hot path's check of a Falco payload: the success case of `falcoPayloadSchema` (schema.ts), decided by
 * hand. Zod walks and copies the whole object and builds its issue lists even for a valid alert, a good part of
 * the bot's parsing time per alert; this check reads the ten known keys and copies nothing.
 *
 * The schema stays the definition: when this check says no, the caller runs the schema, which words the problems.
 * A property test (test/unit/falco/alert/payload-check.test.ts) holds the two to the same answers.
 */
import { parsePriority, type Priority } from './priority.js';

/** What the schema's success gives for the keys parseAlert reads (unknown keys are read from the payload). */
export interface CheckedPayload {
  readonly rule: string;
  readonly priority: Priority;
  readonly time?: string | null | undefined;
  readonly output?: string | null | undefined;
  readonly output_fields?: Record<string, unknown> | null | undefined;
  readonly source?: string | null | undefined;
  readonly hostname?: string | null | undefined;
  readonly tags?: readonly string[] | null | undefined;
  readonly uuid?: string | null | undefined;
  readonly message?: string | null | undefined;
}

/** The payload's known keys as the schema would give them, or undefined when the schema must decide. */
export function checkPayload(payload: Readonly<Record<string, unknown>>): CheckedPayload | undefined {
  const rule = payload['rule'];
  const priorityText = payload['priority'];
  if (typeof rule !== 'string' || typeof priorityText !== 'string') return undefined;
  const priority = parsePriority(priorityText);
  if (priority === undefined) return undefined;
  const time = payload['time'];
  const output = payload['output'];
  const outputFields = payload['output_fields'];
  const source = payload['source'];
  const hostname = payload['hostname'];
  const tags = payload['tags'];
  const uuid = payload['uuid'];
  const message = payload['message'];
  if (
    !isTextOrNothing(time) ||
    !isTextOrNothing(output) ||
    !isTextOrNothing(source) ||
    !isTextOrNothing(hostname) ||
    !isTextOrNothing(uuid) ||
    !isTextOrNothing(message) ||
    !(outputFields === undefined || outputFields === null || isObject(outputFields)) ||
    !(tags === undefined || tags === null || isTextList(tags))
  ) {
    return undefined;
  }
  return {
    rule,
    priority,
    time,
    output,
    output_fields: outputFields as Record<string, unknown> | null | undefined,
    source,
    hostname,
    tags,
    uuid,
    message,
  };
}

/** `z.string().nullish()`. */
function isTextOrNothing(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}

/** The schema's `objectOrNull` without null. */
function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `z.array(z.string())`: every index up to the length, so a hole (undefined) fails as it does in zod. */
function isTextList(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) {
    if (typeof value[index] !== 'string') return false;
  }
  return true;
}
