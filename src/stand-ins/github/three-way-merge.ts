/**
 * A line-level three-way merge as git does it for GitHub's merge button: each side's changes since the common
 * ancestor are taken as line ranges of the ancestor; changes of the two sides that overlap or touch (nothing
 * unchanged between them, e.g. two insertions at the same place) conflict unless they are identical. This is why two
 * pull requests that both append to the end of the same `customRules` block conflict once the first is merged.
 * The GitHub stand-in (merge.ts) and the in-memory repository double both merge with it, so neither is more lenient
 * than GitHub.
 */
import { diffArrays } from 'diff';

/** Replace `ancestor[start, end)` with `lines`. */
interface Change {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly string[];
}

function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function changesFrom(ancestor: readonly string[], side: readonly string[]): Change[] {
  const changes: Change[] = [];
  let at = 0;
  let open: { start: number; end: number; lines: string[] } | undefined;
  for (const part of diffArrays([...ancestor], [...side])) {
    if (!part.added && !part.removed) {
      if (open !== undefined) changes.push(open);
      open = undefined;
      at += part.count ?? part.value.length;
      continue;
    }
    open ??= { start: at, end: at, lines: [] };
    if (part.removed) {
      at += part.count ?? part.value.length;
      open.end = at;
    } else open.lines.push(...part.value);
  }
  if (open !== undefined) changes.push(open);
  return changes;
}

function same(a: Change, b: Change): boolean {
  return a.start === b.start && a.end === b.end && a.lines.join('') === b.lines.join('');
}

/** The merged text, or undefined when the two sides conflict. */
export function mergeThreeWay(ancestor: string, ours: string, theirs: string): string | undefined {
  if (ours === theirs || theirs === ancestor) return ours;
  if (ours === ancestor) return theirs;
  const base = linesOf(ancestor);
  const mine = changesFrom(base, linesOf(ours));
  const other = changesFrom(base, linesOf(theirs));
  const all = [
    ...mine.map((change) => ({ change, side: 0 })),
    ...other.map((change) => ({ change, side: 1 })),
  ];
  all.sort((a, b) => a.change.start - b.change.start || a.change.end - b.change.end || a.side - b.side);
  const taken: Change[] = [];
  for (const { change } of all) {
    const last = taken.at(-1);
    if (last !== undefined && change.start <= last.end) {
      if (same(last, change)) continue;
      return undefined;
    }
    taken.push(change);
  }
  const out: string[] = [];
  let at = 0;
  for (const change of taken) {
    out.push(...base.slice(at, change.start), ...change.lines);
    at = change.end;
  }
  out.push(...base.slice(at));
  return out.join('');
}
