import { checkElement, checkImage } from './block-kit-elements.js';
import { BLOCK_KIT_LIMITS as L, isRecord, Problems } from './block-kit-limits.js';

export type Surface = 'message' | 'modal' | 'home';

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'input',
  'image',
  'markdown',
  'rich_text',
  'file',
  'video',
  'table',
]);

/**
 * Checks a `blocks` array the way Slack does before accepting a message or view. Returns Slack-worded problems
 * (`must be less than 3001 characters [json-pointer:/blocks/0/text/text]`); empty when the blocks are valid.
 */
export function validateBlocks(blocks: unknown, surface: Surface, pointer = '/blocks'): string[] {
  const p = new Problems();
  checkBlocks(p, blocks, surface, pointer);
  return p.list;
}

function checkBlocks(p: Problems, blocks: unknown, surface: Surface, pointer: string): void {
  if (!Array.isArray(blocks)) {
    p.add(pointer, 'must provide an array');
    return;
  }
  p.maxItems(pointer, blocks, surface === 'message' ? L.messageBlocks : L.viewBlocks);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => checkBlock(p, `${pointer}/${i}`, block, blockIds));
}

function checkBlock(p: Problems, pointer: string, block: unknown, blockIds: Set<string>): void {
  if (!isRecord(block)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  if (typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) {
    p.add(`${pointer}/type`, `unsupported type: ${String(block.type)}`);
    return;
  }
  if (block.block_id !== undefined) {
    p.stringField(`${pointer}/block_id`, block.block_id, L.blockId, { required: true });
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) p.add(`${pointer}/block_id`, `duplicate block_id: ${block.block_id}`);
      blockIds.add(block.block_id);
    }
  }
  const actionIds = new Set<string>();
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        p.add(pointer, 'must provide either text or fields');
      }
      if (block.text !== undefined) p.textObject(`${pointer}/text`, block.text, L.text);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) p.add(`${pointer}/fields`, 'must provide an array');
        else {
          p.maxItems(`${pointer}/fields`, block.fields, L.sectionFields);
          block.fields.forEach((f: unknown, i) =>
            p.textObject(`${pointer}/fields/${i}`, f, L.sectionFieldText),
          );
        }
      }
      if (block.accessory !== undefined) {
        checkElement(p, `${pointer}/accessory`, block.accessory, 'accessory', actionIds);
      }
      return;
    case 'header':
      p.textObject(`${pointer}/text`, block.text, L.headerText, { plainOnly: true });
      return;
    case 'context':
      if (!Array.isArray(block.elements)) {
        p.add(`${pointer}/elements`, 'must provide an array');
        return;
      }
      p.minItems(`${pointer}/elements`, block.elements, 1);
      p.maxItems(`${pointer}/elements`, block.elements, L.contextElements);
      block.elements.forEach((e: unknown, i) => {
        const ep = `${pointer}/elements/${i}`;
        if (isRecord(e) && e.type === 'image') checkImage(p, ep, e);
        else p.textObject(ep, e, L.text);
      });
      return;
    case 'actions':
      if (!Array.isArray(block.elements)) {
        p.add(`${pointer}/elements`, 'must provide an array');
        return;
      }
      p.minItems(`${pointer}/elements`, block.elements, 1);
      p.maxItems(`${pointer}/elements`, block.elements, L.actionsElements);
      block.elements.forEach((e: unknown, i) =>
        checkElement(p, `${pointer}/elements/${i}`, e, 'actions', actionIds),
      );
      return;
    case 'input':
      p.textObject(`${pointer}/label`, block.label, L.inputLabel, { plainOnly: true });
      if (block.hint !== undefined)
        p.textObject(`${pointer}/hint`, block.hint, L.inputHint, { plainOnly: true });
      if (p.required(`${pointer}/element`, block.element)) {
        checkElement(p, `${pointer}/element`, block.element, 'input', actionIds);
      }
      return;
    case 'image':
      checkImage(p, pointer, block);
      if (block.title !== undefined) p.textObject(`${pointer}/title`, block.title, L.imageAltText);
      return;
    case 'markdown':
      p.stringField(`${pointer}/text`, block.text, L.markdownBlockText, { required: true });
      return;
    default:
      // divider, rich_text, file, video, table: accepted as given; the bot does not build them.
      return;
  }
}

/**
 * Checks a view as `views.open`/`views.update`/`views.push` do (Slack answers `invalid_arguments` with these
 * problems under `/view/...`).
 */
export function validateView(view: unknown): string[] {
  const p = new Problems();
  if (!isRecord(view)) {
    p.add('/view', 'must provide an object');
    return p.list;
  }
  if (view.type !== 'modal' && view.type !== 'home') {
    p.add('/view/type', 'must be one of the allowed values: modal, home');
    return p.list;
  }
  if (view.type === 'modal') {
    p.textObject('/view/title', view.title, L.viewTitle, { plainOnly: true });
    if (view.submit !== undefined)
      p.textObject('/view/submit', view.submit, L.viewButton, { plainOnly: true });
    if (view.close !== undefined) p.textObject('/view/close', view.close, L.viewButton, { plainOnly: true });
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((b: unknown) => isRecord(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) {
      p.add('/view/submit', 'must provide submit when the view has input blocks');
    }
  }
  p.stringField('/view/private_metadata', view.private_metadata, L.privateMetadata);
  p.stringField('/view/callback_id', view.callback_id, L.callbackId);
  p.stringField('/view/external_id', view.external_id, L.externalId);
  checkBlocks(p, view.blocks, view.type, '/view/blocks');
  return p.list;
}
