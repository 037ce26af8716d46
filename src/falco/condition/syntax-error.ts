/**
 * A condition that does not parse. `message` uses libs' wording so that what we report matches what `falco -V`
 * prints; `offset` is where libs' parser stood when it gave up (a UTF-16 index into the condition text, which is
 * libs' byte offset for ASCII text).
 */
export interface ConditionSyntaxError {
  readonly code: 'condition_syntax';
  readonly message: string;
  readonly offset: number;
}

/**
 * Thrown inside the parser to unwind a failed production (libs throws too); parseCondition turns it into a
 * ConditionSyntaxError value, so it never escapes the module.
 */
export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ParseFailure';
  }
}
