/** A problem that stops the bot from starting, with the page of the documentation that explains the setting. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly docs: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
