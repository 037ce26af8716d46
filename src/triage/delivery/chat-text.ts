/**
 * Chat notes are written in Slack's mrkdwn, where `&`, `<` and `>` are control characters (links, mentions).
 * Values that come from alerts, users or GitHub go through `chatEscape` before they are put in a note, so an alert
 * field like `<!channel>` cannot ping anyone.
 */
export function chatEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
