/**
 * GitHub Flavored Markdown as a tree, for tests of what the bot writes: micromark with the GFM extensions (tables,
 * autolink literals, strikethrough, footnotes, task lists), the CommonMark/GFM parser the unified ecosystem uses.
 * `shape` keeps node types and nesting only, so two documents that differ in text but not in structure compare
 * equal; `texts` collects what a reader sees.
 */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export function parseMarkdown(source: string): Root {
  return fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** A node's type and its children's shapes: `paragraph(text,inlineCode)`; a table also keeps its column count. */
export type Shape = { readonly type: string; readonly children?: readonly Shape[] };

export function shape(node: Nodes): Shape {
  if (!('children' in node)) return { type: node.type };
  return { type: node.type, children: node.children.map((child) => shape(child)) };
}

/** Every node of the tree, depth first. */
export function nodes(node: Nodes): Nodes[] {
  return [node, ...('children' in node ? node.children.flatMap((child) => nodes(child)) : [])];
}

/** The literal values (text, code, html) in document order. */
export function texts(node: Nodes): string[] {
  return nodes(node).flatMap((each) => ('value' in each ? [each.value] : []));
}
