/**
 * The documentation's relative links resolve: every link in README.md, DEVELOPERS.md and docs/*.md that is not a
 * URL names a file or folder of the repository, and its `#anchor`, if any, a heading of that page as GitHub slugs
 * it. The pages start-up errors point to exist, and the README links every page of docs/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Root } from 'mdast';
import { DATABASE_WAIT_DOCS, ROUTES_DOCS } from '../../../src/app/index.js';
import { CONFIG_DOCS } from '../../../src/config.js';
import { nodes, parseMarkdown, texts } from '../../helpers/markdown-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PAGES = [
  'README.md',
  'DEVELOPERS.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/**
 * GitHub's heading anchors (github-slugger): lower case, punctuation and symbols dropped, each space a hyphen; a
 * repeated heading gets `-1`, `-2`, ….
 */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchors(tree: Root): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const node of nodes(tree)) {
    if (node.type !== 'heading') continue;
    const base = slug(texts(node).join(''));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}

function links(tree: Root): string[] {
  return nodes(tree).flatMap((node) =>
    node.type === 'link' || node.type === 'image' || node.type === 'definition' ? [node.url] : [],
  );
}

interface Repository {
  exists(relative: string): boolean;
  /** The headings' anchors of a Markdown page, or undefined when it is not one. */
  anchorsOf(relative: string): Set<string> | undefined;
}

/** The links of `page` (a path relative to the repository root) that do not resolve, each with the reason. */
function brokenLinks(page: string, source: string, repository: Repository): string[] {
  const tree = parseMarkdown(source);
  return links(tree).flatMap((url) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return [];
    const [target = '', anchor] = url.split('#', 2);
    const relative =
      target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
    if (relative.startsWith('../')) return [`${page}: ${url} leaves the repository`];
    if (!repository.exists(relative)) return [`${page}: ${url} (no ${relative})`];
    if (anchor === undefined) return [];
    const headings = relative === page ? anchors(tree) : repository.anchorsOf(relative);
    if (headings === undefined) return [`${page}: ${url} (an anchor into a file that is not Markdown)`];
    return headings.has(decodeURIComponent(anchor)) ? [] : [`${page}: ${url} (no heading #${anchor})`];
  });
}

const onDisk: Repository = {
  exists: (relative) => existsSync(path.join(ROOT, relative)),
  anchorsOf: (relative) =>
    relative.endsWith('.md')
      ? anchors(parseMarkdown(readFileSync(path.join(ROOT, relative), 'utf8')))
      : undefined,
};

describe('the documentation', () => {
  it.each(PAGES)('%s links only to files and headings that exist', (page) => {
    expect(brokenLinks(page, readFileSync(path.join(ROOT, page), 'utf8'), onDisk)).toEqual([]);
  });

  it('README.md links every page of docs/', () => {
    const linked = new Set(
      links(parseMarkdown(readFileSync(path.join(ROOT, 'README.md'), 'utf8'))).map(
        (url) => url.split('#')[0],
      ),
    );
    expect(PAGES.filter((page) => page.startsWith('docs/') && !linked.has(page))).toEqual([]);
  });

  it('names existing pages in start-up errors', () => {
    const cited = [CONFIG_DOCS, ROUTES_DOCS, DATABASE_WAIT_DOCS].map((docs) => `[docs](${docs})`).join('\n');
    expect(brokenLinks('README.md', cited, onDisk)).toEqual([]);
  });
});

describe('the link check', () => {
  const repository: Repository = {
    exists: (relative) => ['README.md', 'docs/a.md', 'src'].includes(relative),
    anchorsOf: (relative) => (relative === 'docs/a.md' ? new Set(['setting-up', '2-falco']) : undefined),
  };

  it('accepts files, folders, headings, URLs and anchors into the page itself', () => {
    const source = [
      '# Top',
      '[a](docs/a.md) [b](docs/a.md#2-falco) [c](src) [d](https://example.com/x#y) [e](#top) [f][mail]',
      '',
      '[mail]: mailto:someone@example.com',
    ].join('\n');
    expect(brokenLinks('README.md', source, repository)).toEqual([]);
  });

  it('reports a missing file, a missing heading and a path out of the repository', () => {
    const source = '[a](../../README.md) [b](a.md#nowhere) [c](b.md) [d](#setting-up)';
    expect(brokenLinks('docs/a.md', source, repository)).toEqual([
      'docs/a.md: ../../README.md leaves the repository',
      'docs/a.md: a.md#nowhere (no heading #nowhere)',
      'docs/a.md: b.md (no docs/b.md)',
      'docs/a.md: #setting-up (no heading #setting-up)',
    ]);
  });

  it('slugs headings as GitHub does', () => {
    expect(slug('1. The Slack app')).toBe('1-the-slack-app');
    expect(slug('What an exception does, and how narrow it is')).toBe(
      'what-an-exception-does-and-how-narrow-it-is',
    );
    expect(slug('The domain: src/falco')).toBe('the-domain-srcfalco');
    expect(slug('Why not tune by hand, or post with Falcosidekick?')).toBe(
      'why-not-tune-by-hand-or-post-with-falcosidekick',
    );
    expect(anchors(parseMarkdown('# Notes\n\n## Notes\n\n## Notes'))).toEqual(
      new Set(['notes', 'notes-1', 'notes-2']),
    );
  });
});
