/** The edit as a unified diff, what a reviewer reads in the CLI output and in the pull request body. */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(fileName: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${fileName}`, `b/${fileName}`, before, after, '', '', { context: 3 }).replace(
    /^=+\n/,
    '',
  );
}
