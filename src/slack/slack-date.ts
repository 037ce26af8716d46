/**
 * A Slack date token: each reader sees the time in their own time zone. The fallback (for clients that cannot
 * render it) is UTC.
 */
export function slackDate(epochMs: number, _nowMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = new Date(epochMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${fallback}>`;
}
