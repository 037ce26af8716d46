/**
 * The "Mark false positive" modal: the rule and the alert's key fields; checkboxes for the fields that scope the
 * exception (with the alert's values; preselected by the engine), prefix matching for path fields, the strategy
 * (rule exception, or a list/macro with the rules it also silences), a required justification, an optional expiry,
 * and a live preview of the YAML and of what it would have silenced. Pure builders and a state reader; the view's
 * private_metadata carries only the group id.
 */
import { describeImpact } from '../falco/exceptions/index.js';
import type { DraftPreview, DraftSelection, DraftSource, ExceptionDraft } from '../triage/proposals/index.js';
import { LIMITS, codeBlock, escapeMrkdwn, truncate } from './block-kit.js';
import {
  FP_CALLBACK,
  FP_EXPIRY,
  FP_FIELDS,
  FP_JUSTIFICATION,
  FP_PREFIX,
  FP_STRATEGY,
  modalMetadata,
} from './exception-modal-state.js';
import { confirmBlock, strategyElement, strategyText } from './exception-modal-strategy.js';
import { customRulesNoteText, selectionProblemText } from './problem-text.js';
import { reachText } from './rule-reach.js';
import { targetText } from './target-text.js';

type Block = Record<string, unknown>;
type View = Record<string, unknown>;

function plain(text: string, max: number = LIMITS.optionText): Record<string, unknown> {
  return { type: 'plain_text', text: truncate(text, max), emoji: false };
}

function modal(blocks: Block[], metadata: string, submit: boolean): View {
  return {
    type: 'modal',
    callback_id: FP_CALLBACK,
    title: plain('Mark false positive', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    ...(submit ? { submit: plain('Propose exception', LIMITS.modalTitle) } : {}),
    private_metadata: metadata,
    blocks,
  };
}

export function loadingModal(source: DraftSource): View {
  return modal(
    [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Reading the alert and the rules…' },
      },
    ],
    modalMetadata(source),
    false,
  );
}

/** What the proposer sees after submitting when the proposal is not in an alert's thread: where it went. */
export function sentModal(source: DraftSource, channel: string): View {
  return modal(
    [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: Proposal sent for approval in <#${channel}>. Approvers see it there, and you are mentioned in it.`,
        },
      },
    ],
    modalMetadata(source),
    false,
  );
}

export function errorModal(source: DraftSource, reason: string): View {
  return modal(
    [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`:warning: ${escapeMrkdwn(reason)}`, LIMITS.sectionText) },
      },
    ],
    modalMetadata(source),
    false,
  );
}

function previewBlocks(draft: ExceptionDraft, preview: DraftPreview): Block[] {
  if (!preview.ok) {
    return [
      {
        type: 'section',
        block_id: 'preview',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `*Preview*\n:warning: ${escapeMrkdwn(selectionProblemText(preview.error))}`,
            LIMITS.sectionText,
          ),
        },
      },
    ];
  }
  const { synthesis, impact, windowDays } = preview.value;
  const also = reachText(synthesis.alsoAffects, synthesis.firesMore);
  const warnings = preview.value.warnings.map((warning) => `\n:warning: ${escapeMrkdwn(warning)}`).join('');
  return [
    {
      type: 'section',
      block_id: 'preview',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*Preview* (Falco ${draft.falcoVersion}): adds to the custom rules\n${codeBlock(synthesis.yaml, 2200)}`,
          LIMITS.sectionText,
        ),
      },
    },
    {
      type: 'context',
      block_id: 'impact',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `In the last ${windowDays} days this ${escapeMrkdwn(describeImpact(impact, synthesis.rule))}.${also}${warnings}`,
            LIMITS.sectionText,
          ),
        },
      ],
    },
  ];
}

/** The full modal for a draft, a selection and its preview. */
export function exceptionModal(
  draft: ExceptionDraft,
  selection: DraftSelection,
  preview: DraftPreview,
): View {
  const alert = draft.alert;
  const usable = draft.fieldOptions.filter((option) => option.usable && option.value !== undefined);
  const ordered = [...usable.filter((o) => o.preselected), ...usable.filter((o) => !o.preselected)].slice(
    0,
    LIMITS.checkboxOptions,
  );
  const chosen = new Set(selection.fields.map((field) => field.field));
  const prefixed = new Set(
    selection.fields.filter((field) => field.match !== 'exact').map((field) => field.field),
  );
  // A volatile value is matched by a glob over its stable part: the option shows the pattern, not the value.
  const fieldOption = (option: (typeof ordered)[number]): Record<string, unknown> => ({
    text: plain(
      option.pattern === undefined
        ? `${option.field} = ${option.value ?? ''}`
        : `${option.field} glob ${option.pattern}`,
    ),
    value: option.field,
  });
  const options = ordered.map(fieldOption);
  const initial = ordered.filter((option) => chosen.has(option.field)).map(fieldOption);
  const globNotes = ordered.flatMap((option) =>
    option.note === undefined ? [] : [`${option.field}: ${option.note}`],
  );
  const paths = ordered.filter((option) => option.pathLike);
  const offered = draft.strategies
    .filter((option) => option.refused === undefined)
    .slice(0, LIMITS.selectOptions);
  const refused = draft.strategies.filter((option) => option.refused !== undefined).slice(0, 5);
  const current = offered.find((option) => option.id === selection.strategyId) ?? offered[0];

  const blocks: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(alert.rule)}* (${alert.priority}) on ${escapeMrkdwn(alert.hostname ?? 'an unknown host')}\n${escapeMrkdwn(truncate(alert.message ?? '', 600))}`,
          LIMITS.sectionText,
        ),
      },
    },
  ];
  blocks.push({
    type: 'context',
    block_id: 'target',
    elements: [{ type: 'mrkdwn', text: truncate(`Goes to ${targetText(draft.target)}`, LIMITS.sectionText) }],
  });
  if (draft.scopeProblem !== undefined) {
    blocks.push({
      type: 'context',
      block_id: 'scope_problem',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `:warning: Nothing is preselected. ${escapeMrkdwn(draft.scopeProblem)}`,
            LIMITS.sectionText,
          ),
        },
      ],
    });
  }
  if (options.length > 0) {
    blocks.push({
      type: 'input',
      block_id: FP_FIELDS,
      dispatch_action: true,
      optional: true,
      label: plain('Scope: the exception matches alerts with these values', LIMITS.inputLabel),
      hint: plain(
        'Fewer fields silence more. The default is who (process, image) and what (file, target).',
        150,
      ),
      element: {
        type: 'checkboxes',
        action_id: FP_FIELDS,
        options,
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      },
    });
  }
  if (globNotes.length > 0) {
    blocks.push({
      type: 'context',
      block_id: 'scope_globs',
      elements: [{ type: 'mrkdwn', text: truncate(escapeMrkdwn(globNotes.join(' · ')), LIMITS.sectionText) }],
    });
  }
  if (paths.length > 0) {
    const pathOptions = paths.map((option) => ({
      text: plain(`${option.field}: match ${option.value ?? ''} and everything below it`),
      value: option.field,
    }));
    const initialPaths = pathOptions.filter((option) => prefixed.has(String(option.value)));
    blocks.push({
      type: 'input',
      block_id: FP_PREFIX,
      dispatch_action: true,
      optional: true,
      label: plain('Prefix match for paths', LIMITS.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: FP_PREFIX,
        options: pathOptions,
        ...(initialPaths.length > 0 ? { initial_options: initialPaths } : {}),
      },
    });
  }
  if (offered.length > 0) {
    blocks.push({
      type: 'input',
      block_id: FP_STRATEGY,
      dispatch_action: true,
      label: plain('How to silence it', LIMITS.inputLabel),
      element: strategyElement(offered, current),
    });
  }
  if (refused.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `Not offered: ${refused.map((option) => `${escapeMrkdwn(strategyText(option))}: ${escapeMrkdwn(option.refused ?? '')}`).join(' · ')}`,
            LIMITS.sectionText,
          ),
        },
      ],
    });
  }
  blocks.push(...previewBlocks(draft, preview));
  if (preview.ok && preview.value.synthesis.firesMore.length > 0)
    blocks.push(confirmBlock(preview.value.synthesis.firesMore));
  blocks.push(
    {
      type: 'input',
      block_id: FP_JUSTIFICATION,
      label: plain('Why is this a false positive?', LIMITS.inputLabel),
      hint: plain('Reviewers read this in the pull request.', 150),
      element: {
        type: 'plain_text_input',
        action_id: FP_JUSTIFICATION,
        multiline: true,
        max_length: 3000,
        placeholder: plain('e.g. titanagent is our HIDS agent; it reads /etc/shadow by design', 150),
      },
    },
    {
      type: 'input',
      block_id: FP_EXPIRY,
      optional: true,
      label: plain('Exception expires on (optional)', LIMITS.inputLabel),
      element: { type: 'datepicker', action_id: FP_EXPIRY },
    },
  );
  if (draft.note !== undefined) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: truncate(`Note: ${escapeMrkdwn(customRulesNoteText(draft.note))}`, 3000) },
      ],
    });
  }
  return modal(blocks, modalMetadata(draft.source), offered.length > 0);
}
