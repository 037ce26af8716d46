import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { code, codeBlock, codeCell, plainLine, quote, text, url } from '../../../src/markdown/escape.js';
import { ALL_HOSTILE, hostileText } from '../../helpers/hostile-text.js';
import { nodes, parseMarkdown, shape, texts } from '../../helpers/markdown-tree.js';

const ZWSP = '\u200b';
const RUNS = { numRuns: 400 };

/** What a reader must see of `value`: line endings as ⏎ (or kept), invisible and control characters named. */
function shown(value: string, lineEndings: 'mark' | 'keep' = 'mark'): string {
  return Array.from(value.replace(/\r\n?/g, '\n'))
    .map((char) => {
      if (char === '\n') return lineEndings === 'mark' ? '⏎' : '\n';
      if (char !== '\t' && /^[\p{Cc}\p{Cf}\u2028\u2029]$/u.test(char))
        return `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
      return char;
    })
    .join('');
}

/** The zero-width spaces the escaping adds (the value's own are shown as <U+200B>). */
function withoutZwsp(value: string): string {
  return value.replaceAll(ZWSP, '');
}

/** What GitHub would still link or notify in rendered text outside code (its filters run on decoded text). */
function githubReferences(decoded: string): string[] {
  const found = [
    ...decoded.matchAll(/@[^\u200b]/g),
    ...decoded.matchAll(/#[^\u200b]/g),
    ...decoded.matchAll(/gh-[^\u200b]/gi),
    ...decoded.matchAll(/:\/\//g),
    ...decoded.matchAll(/www\./gi),
  ];
  return found.map((match) => match[0]);
}

/** `$` that GitHub's math would read (not backslash-escaped) in the Markdown source. */
function unescapedDollars(source: string): number {
  return (source.replace(/\\\\/g, '').match(/(^|[^\\])\$/g) ?? []).length;
}

function onlyTypes(node: Nodes, allowed: readonly string[]): string[] {
  return nodes(node)
    .map((each) => each.type)
    .filter((type) => !allowed.includes(type));
}

describe('text', () => {
  it('is one text node showing exactly the value, with nothing GitHub would link, mention or render as math', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const source = `Before ${text(value)} after`;
        const tree = parseMarkdown(source);
        expect(shape(tree)).toEqual({
          type: 'root',
          children: [{ type: 'paragraph', children: [{ type: 'text' }] }],
        });
        const [decoded = ''] = texts(tree);
        expect(withoutZwsp(decoded)).toBe(`Before ${shown(value)} after`);
        expect(githubReferences(decoded)).toEqual([]);
        expect(unescapedDollars(source)).toBe(0);
      }),
      RUNS,
    );
  });

  it('cuts at a whole escape and marks the cut', () => {
    fc.assert(
      fc.property(hostileText(20), fc.integer({ min: 1, max: 80 }), (value, max) => {
        const cut = text(value, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        const tree = parseMarkdown(`A ${cut} Z`);
        expect(onlyTypes(tree, ['root', 'paragraph', 'text'])).toEqual([]);
        const seen = withoutZwsp(texts(tree).join('')).slice(2, -2);
        const full = shown(value);
        if (seen !== full) {
          expect(seen.endsWith('…')).toBe(true);
          expect(full.startsWith(seen.slice(0, -1))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('neutralises the attacks of issue 14 one by one', () => {
    const body = `Evidence: ${text('x\n```\n@acme/security-team please approve <!-- ![t](https://t.example/p.png)')}`;
    expect(body).not.toContain('```');
    expect(body).not.toContain('<!--');
    expect(body).toContain('@&#8203;acme/security-team');
    expect(texts(parseMarkdown(body)).join('')).toContain('⏎```⏎');
  });
});

describe('code', () => {
  it('is one code span holding exactly the value, whatever backtick runs or spaces it has', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const tree = parseMarkdown(`Before ${code(value)} after`);
        expect(shape(tree)).toEqual({
          type: 'root',
          children: [
            { type: 'paragraph', children: [{ type: 'text' }, { type: 'inlineCode' }, { type: 'text' }] },
          ],
        });
        const inline = nodes(tree).find((node) => node.type === 'inlineCode');
        expect(inline && 'value' in inline ? inline.value : undefined).toBe(
          value === '' ? ' ' : shown(value),
        );
      }),
      RUNS,
    );
  });

  it('pads a value that starts or ends with a backtick or with spaces at both ends', () => {
    expect(code('`x')).toBe('`` `x ``');
    expect(code('x`')).toBe('`` x` ``');
    expect(code(' x ')).toBe('`  x  `');
    expect(code('  ')).toBe('`  `');
    expect(code('a ``` b')).toBe('````a ``` b````');
  });

  it('fits a bound, fences included', () => {
    fc.assert(
      fc.property(hostileText(20), fc.integer({ min: 5, max: 60 }), (value, max) => {
        const cut = code(value, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        const inline = nodes(parseMarkdown(`A ${cut} Z`)).filter((node) => node.type === 'inlineCode');
        expect(inline).toHaveLength(1);
      }),
      RUNS,
    );
    expect(code('`'.repeat(30), 20).length).toBeLessThanOrEqual(20);
  });
});

describe('codeCell and text in a table', () => {
  it('keep the table two cells wide with the values intact', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const table = `| Field | Value |\n|---|---|\n| ${text(value)} | ${codeCell(value)} |\n| after | row |`;
        const tree = parseMarkdown(table);
        const [root] = [tree];
        expect(root.children.map((node) => node.type)).toEqual(['table']);
        const rows = nodes(tree).filter((node) => node.type === 'tableRow');
        expect(rows).toHaveLength(3);
        for (const row of rows) expect('children' in row ? row.children : []).toHaveLength(2);
        const [, row] = rows;
        const [left, right] = row !== undefined && 'children' in row ? row.children : [];
        expect(onlyTypes(left as Nodes, ['tableCell', 'text'])).toEqual([]);
        expect(withoutZwsp(texts(left as Nodes).join(''))).toBe(shown(value).replace(/^[ \t]+|[ \t]+$/g, ''));
        const inside = texts(right as Nodes);
        expect(inside[0]).toBe('<code>');
        expect(inside.at(-1)).toBe('</code>');
        expect(withoutZwsp(inside.slice(1, -1).join(''))).toBe(shown(value));
        expect(onlyTypes(right as Nodes, ['tableCell', 'text', 'html'])).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('codeBlock', () => {
  it('is one code block holding the value line for line, and the document goes on after it', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        const tree = parseMarkdown(`# Alert\n\n${codeBlock(value, { info: 'diff' })}\n\nAfter.`);
        expect(shape(tree)).toEqual({
          type: 'root',
          children: [
            { type: 'heading', children: [{ type: 'text' }] },
            { type: 'code' },
            { type: 'paragraph', children: [{ type: 'text' }] },
          ],
        });
        const block = tree.children[1];
        expect(block?.type === 'code' ? block.value : undefined).toBe(
          shown(value, 'keep').replace(/\n$/, ''),
        );
      }),
      RUNS,
    );
  });

  it('fits a bound and says how much it cut', () => {
    fc.assert(
      fc.property(hostileText(30), fc.integer({ min: 40, max: 200 }), (value, max) => {
        const block = codeBlock(value, { max });
        expect(block.length).toBeLessThanOrEqual(max);
        const tree = parseMarkdown(`${block}\n\nAfter.`);
        expect(tree.children[0]?.type).toBe('code');
      }),
      RUNS,
    );
    expect(codeBlock('a\n```\nb\n````')).toBe('`````\na\n```\nb\n````\n`````');
    const cut = codeBlock('x'.repeat(500), { max: 100 });
    expect(cut).toMatch(/^```\nx+\n```\n\n_… \d+ more characters cut\._$/);
    expect(Number(/(\d+) more/.exec(cut)?.[1]) + (cut.match(/x/g) ?? []).length).toBe(500);
  });
});

describe('quote', () => {
  it('is one blockquote of paragraphs and line breaks, however the lines start', () => {
    fc.assert(
      fc.property(hostileText(16), (value) => {
        const tree = parseMarkdown(`${quote(value)}\n\nAfter.`);
        expect(tree.children.map((node) => node.type)).toEqual(['blockquote', 'paragraph']);
        const [block] = tree.children;
        expect(onlyTypes(block as Nodes, ['blockquote', 'paragraph', 'text', 'break', 'emphasis'])).toEqual(
          [],
        );
        const lines = value
          .replace(/\r\n?/g, '\n')
          .split('\n')
          .map((line) => shown(line.trim()))
          .filter((line) => line !== '');
        const allowed = [
          'blockquote',
          'paragraph',
          'text',
          'break',
          ...(lines.length === 0 ? ['emphasis'] : []),
        ];
        expect(onlyTypes(block as Nodes, allowed)).toEqual([]);
        const decoded = texts(block as Nodes).join('\n');
        if (lines.length > 0) expect(withoutZwsp(decoded).replace(/\n+/g, '\n')).toBe(lines.join('\n'));
        expect(githubReferences(decoded)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps paragraphs and escapes block markers at line starts', () => {
    const rendered = quote('# Approved\n- item\n1. one\n\n\n    indented\n===');
    expect(rendered).toBe('> \\#&#8203; Approved\\\n> \\- item\\\n> 1\\. one\n>\n> indented\\\n> \\===');
    expect(quote(' \n ')).toBe('> _(none given)_');
  });
});

describe('url', () => {
  it('links a plain https address and shows anything else as code', () => {
    expect(url('https://acme.slack.com/archives/C0ALERTS01/p1700000000000100')).toBe(
      '<https://acme.slack.com/archives/C0ALERTS01/p1700000000000100>',
    );
    expect(url('javascript:alert(1)')).toBe('`javascript:alert(1)`');
    expect(url('https://x.example/a b')).toBe('`https://x.example/a b`');
  });
});

describe('plainLine', () => {
  it('is one line where #123, GH-1 and @mentions stay unlinked, within its bound', () => {
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 1, max: 120 }), (value, max) => {
        const line = plainLine(value, max);
        expect(line.length).toBeLessThanOrEqual(max);
        expect(line).not.toMatch(/[\n\r]/);
        expect(
          githubReferences(line).filter((found) => !found.startsWith(':') && !/^www/i.test(found)),
        ).toEqual([]);
      }),
      RUNS,
    );
    expect(plainLine('Falco exception: fixes #12 for @acme/team')).toBe(
      `Falco exception: fixes #${ZWSP}12 for @${ZWSP}acme/team`,
    );
  });
});

describe('every hostile fragment at once', () => {
  it('stays inert in every form', () => {
    const document = [
      `Text: ${text(ALL_HOSTILE)}`,
      `Code: ${code(ALL_HOSTILE)}`,
      '',
      quote(ALL_HOSTILE),
      '',
      codeBlock(ALL_HOSTILE),
      '',
      `| a | b |\n|---|---|\n| ${text(ALL_HOSTILE)} | ${codeCell(ALL_HOSTILE)} |`,
    ].join('\n');
    const tree = parseMarkdown(document);
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph', 'blockquote', 'code', 'table']);
    expect(
      nodes(tree).filter((node) =>
        ['link', 'image', 'linkReference', 'footnoteReference'].includes(node.type),
      ),
    ).toEqual([]);
  });
});
