/**
 * People paste alerts into Slack and issues inside Markdown code: ```` ```json … ``` ````, ```` ```{…}``` ```` on one
 * line, or `` `20:46:45.519621929: Warning …` ``. This keeps what is inside the code and blanks the rest, line for
 * line, so the line numbers of every item still point into the text the user gave.
 *
 * When the text has at least one fence, lines outside fences are commentary ("can you explain this?") and are
 * blanked. A fence left open runs to the end of the text (Slack users often forget the closing one).
 */

const FENCE = '```';
/** A fence's info string: a language tag such as `json`, `text`, `log`. */
const LANGUAGE_TAG = /^[A-Za-z0-9_+-]*$/;

export function stripMarkdownCode(text: string): string {
  const lines = text.split('\n');
  if (!lines.some((line) => line.trimStart().startsWith(FENCE))) return lines.map(stripInlineCode).join('\n');
  let inFence = false;
  return lines
    .map((line) => {
      const trimmed = line.trim();
      const opens = !inFence && trimmed.startsWith(FENCE);
      if (!inFence && !opens) return '';
      if (opens) {
        let rest = trimmed.slice(FENCE.length);
        const closeIndex = rest.indexOf(FENCE);
        if (closeIndex >= 0) return rest.slice(0, closeIndex); // ```{…}``` on one line
        inFence = true;
        rest = rest.trim();
        return LANGUAGE_TAG.test(rest) ? '' : rest;
      }
      const closeIndex = line.indexOf(FENCE);
      if (closeIndex < 0) return line;
      inFence = false;
      return line.slice(0, closeIndex);
    })
    .join('\n');
}

/** `` `…` `` around a whole line. */
function stripInlineCode(line: string): string {
  const trimmed = line.trim();
  if (
    trimmed.length >= 2 &&
    trimmed.startsWith('`') &&
    trimmed.endsWith('`') &&
    !trimmed.slice(1, -1).includes('`')
  ) {
    return trimmed.slice(1, -1);
  }
  return line;
}
