import { randomBytes } from 'node:crypto';
import { isRecord } from './block-kit-limits.js';

/** An interactive element found in a list of blocks, with the ids Slack reports for it in payloads. */
export interface FoundElement {
  readonly blockId: string;
  readonly actionId: string;
  readonly blockType: string;
  readonly element: Record<string, unknown>;
}

function shortId(): string {
  return randomBytes(4).toString('base64url').slice(0, 5);
}

/**
 * Copies blocks as Slack stores them: a block without `block_id` and an element without `action_id` get a short
 * random one, which is what Slack then sends back in `block_actions` and view state.
 */
export function withGeneratedIds(blocks: readonly unknown[]): unknown[] {
  const copy = structuredClone(blocks) as unknown[];
  for (const block of copy) {
    if (!isRecord(block)) continue;
    if (typeof block.block_id !== 'string') block.block_id = shortId();
    for (const element of elementsOfBlock(block)) {
      if (typeof element.action_id !== 'string' && element.type !== 'image') element.action_id = shortId();
    }
  }
  return copy;
}

function elementsOfBlock(block: Record<string, unknown>): Record<string, unknown>[] {
  switch (block.type) {
    case 'section':
      return isRecord(block.accessory) ? [block.accessory] : [];
    case 'actions':
      return Array.isArray(block.elements) ? block.elements.filter(isRecord) : [];
    case 'input':
      return isRecord(block.element) ? [block.element] : [];
    default:
      return [];
  }
}

/** Every interactive element (buttons, selects, inputs…) in `blocks`, in display order. */
export function interactiveElements(blocks: readonly unknown[] | undefined): FoundElement[] {
  const found: FoundElement[] = [];
  for (const block of blocks ?? []) {
    if (!isRecord(block) || typeof block.block_id !== 'string' || typeof block.type !== 'string') continue;
    for (const element of elementsOfBlock(block)) {
      if (typeof element.action_id !== 'string') continue;
      found.push({ blockId: block.block_id, actionId: element.action_id, blockType: block.type, element });
    }
  }
  return found;
}
