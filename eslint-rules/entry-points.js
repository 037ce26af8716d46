/**
 * A folder with an `index.ts` is imported through it: from outside the folder, `../falco/alert/index.js` and not
 * `../falco/alert/fingerprint.js`. The index is the folder's public surface; a file behind it may change freely.
 * Files inside the folder (at any depth) import each other directly.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function check(context, node) {
  const spec = node.source?.value;
  if (typeof spec !== 'string' || !spec.startsWith('.')) return;
  const importer = context.filename;
  const target = path.resolve(path.dirname(importer), spec.replace(/\.js$/, '.ts'));
  const importerDir = path.dirname(importer);
  // From the target's folder up to (not including) the first folder that also contains the importer.
  let dir = path.dirname(target);
  let entry;
  while (!(importerDir + path.sep).startsWith(dir + path.sep)) {
    if (existsSync(path.join(dir, 'index.ts'))) entry = dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (entry === undefined || target === path.join(entry, 'index.ts')) return;
  const wanted = path.relative(importerDir, path.join(entry, 'index.js'));
  context.report({
    node: node.source,
    message: `Import "${path.relative(process.cwd(), entry)}" through its entry point: "${wanted.startsWith('.') ? wanted : `./${wanted}`}".`,
  });
}

export default {
  rules: {
    'entry-points': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        return {
          ImportDeclaration: (node) => check(context, node),
          ExportNamedDeclaration: (node) => check(context, node),
          ExportAllDeclaration: (node) => check(context, node),
          ImportExpression: (node) => check(context, { source: node.source }),
        };
      },
    },
  },
};
