/**
 * Codes in the workflow, words in the adapter: no string literal in src/triage holds Slack markup (mentions, user
 * groups, special mentions, channel links, `<url|text>` links, `:emoji:` codes). The workflow hands codes and facts
 * to src/slack, which alone writes Slack text. Read from the TypeScript syntax tree, so comments do not count and
 * the text around a template's `${…}` does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const TRIAGE = path.resolve(import.meta.dirname, '../../../src/triage');

/**
 * These write GitHub Markdown for the rules repository's pull requests (through src/markdown), which shares the
 * `:emoji:` shortcodes with Slack; every other kind of chat markup is still checked in them.
 */
const GITHUB_TEXT = new Set(['rollout/pull-request-body.ts', 'rollout/removal-pr.ts']);

const MARKUP: readonly { readonly what: string; readonly pattern: RegExp; readonly github?: boolean }[] = [
  { what: 'a user mention', pattern: /<@/ },
  { what: 'a user group or special mention', pattern: /<!(subteam|channel|here|everyone|date)\b/ },
  { what: 'a channel link', pattern: /<#/ },
  { what: 'a link', pattern: /<(https?:|mailto:)|<\$\{|\|[^|\s]*>/ },
  { what: 'an emoji code', pattern: /(^|[\s(>]):[a-z0-9_+-]+:($|[\s.,;:)!?])/, github: true },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The text of every string literal and template in `source`, a template's substitutions written as `${}`. */
function stringTexts(source: string): string[] {
  const file = ts.createSourceFile('file.ts', source, ts.ScriptTarget.Latest, true);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node))
      texts.push(node.head.text + node.templateSpans.map((span) => `\${}${span.literal.text}`).join(''));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return texts;
}

/** `file: what: "the literal"` for each literal holding chat markup. */
function markupIn(name: string, source: string): string[] {
  const githubText = GITHUB_TEXT.has(name);
  return stringTexts(source).flatMap((text) =>
    MARKUP.filter((markup) => !(githubText && markup.github === true) && markup.pattern.test(text)).map(
      (markup) => `${name}: ${markup.what}: ${JSON.stringify(text)}`,
    ),
  );
}

describe('the workflow writes no chat markup', () => {
  it('has no Slack markup in the string literals of src/triage', () => {
    const found = sourceFiles(TRIAGE).flatMap((file) =>
      markupIn(path.relative(TRIAGE, file).split(path.sep).join('/'), readFileSync(file, 'utf8')),
    );

    expect(found).toEqual([]);
  });

  it.each([
    ['a mention', 'const note = `Approved by <@${userId}>.`;'],
    ['a user group', "const who = 'members of <!subteam^' + group + '>';"],
    ['a special mention', "const all = '<!channel> look';"],
    ['a channel link', 'const where = ` in <#${channel}>`;'],
    ['a link', 'const pr = `Pull request <${url}|#${number}> is open.`;'],
    ['a literal link', "const docs = '<https://falco.org|Falco>';"],
    ['an emoji', "const warn = ':warning: The pull request could not be opened';"],
    ['an emoji after text', 'const ok = `Done ${what} :white_check_mark:`;'],
  ])('finds %s (the check can fail)', (_what, source) => {
    expect(markupIn('proposals/planted.ts', source)).toHaveLength(1);
  });

  it.each([
    ['a comment', '// Approved by <@U1> :warning:\nconst x = 1;'],
    ['times and markers', "const t = '12:00:00'; const m = `<!-- falco-triage:removal:${id} -->`;"],
    ['a code and its facts', "const note = { code: 'approved', by: userId };"],
  ])('does not flag %s', (_what, source) => {
    expect(markupIn('proposals/planted.ts', source)).toEqual([]);
  });

  it('lets GitHub text keep its emoji shortcodes, but not Slack mentions', () => {
    expect(markupIn('rollout/pull-request-body.ts', "const w = ':warning: **Also silences**';")).toEqual([]);
    expect(markupIn('rollout/pull-request-body.ts', 'const w = `by <@${user}>`;')).toHaveLength(1);
  });
});
