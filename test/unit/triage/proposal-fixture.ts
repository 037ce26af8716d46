/**
 * Proposals for the workflow rooms' unit tests: createProposals wired as src/app/compose-exceptions.ts wires it, over
 * a real store and the rules as deployed in an in-memory rules repository, and a helper that proposes the default
 * exception for a fresh alert group the way the false-positive modal does (open the draft, submit its selection).
 */
import { newId } from '../../../src/store/ids.js';
import type { Store } from '../../../src/store/store.js';
import type { Clock, Proposal } from '../../../src/triage/ports/index.js';
import {
  createApproverPolicy,
  createProposals,
  openDraft,
  type Proposals,
} from '../../../src/triage/proposals/index.js';
import type { RulesContext } from '../../../src/triage/deployed-rules/index.js';
import type { Targets } from '../../../src/triage/targets/index.js';
import { oneTarget } from '../../helpers/targets.js';
import { ALICE, BOB, CAROL, DAVE, groupOf, intakeItem, type TestIntake } from './workflow-fixture.js';

export const ERIN = 'U0ERIN0001';
export const APPROVERS = [BOB, CAROL, DAVE, ERIN];
export const IMPACT_WINDOW_DAYS = 7;

export interface ProposalsSetup {
  readonly store: Store;
  readonly rules: RulesContext;
  readonly clock: Clock;
  /** Default: the short form's one target over `rules`. */
  readonly targets?: Targets;
}

function targetsOf(setup: ProposalsSetup): Targets {
  return setup.targets ?? oneTarget(setup.rules, undefined);
}

export function proposalsFor(
  setup: ProposalsSetup,
  options: {
    readonly required?: number;
    readonly approvers?: readonly string[];
    readonly githubConfigured?: boolean;
  } = {},
): Proposals {
  return createProposals({
    ...setup,
    targets: targetsOf(setup),
    impactWindowDays: IMPACT_WINDOW_DAYS,
    newId,
    approvers: createApproverPolicy({
      approvers: options.approvers ?? APPROVERS,
      group: undefined,
      directory: { groupMembers: () => Promise.resolve({ ok: true, value: [] }) },
      clock: setup.clock,
    }),
    requiredApprovals: options.required ?? 1,
    proposalTtlHours: 24,
    githubConfigured: options.githubConfigured ?? true,
  });
}

/** Submits the modal's default exception for a group's alert, as `userId` would from the modal. */
export async function submitDefault(
  setup: ProposalsSetup & { readonly proposals: Proposals },
  groupId: string,
  userId: string,
  justification: string,
): ReturnType<Proposals['submit']> {
  const draft = await openDraft(
    { ...setup, targets: targetsOf(setup), impactWindowDays: IMPACT_WINDOW_DAYS },
    { groupId },
  );
  if (!draft.ok) throw new Error(JSON.stringify(draft.error));
  return setup.proposals.submit({
    source: { groupId },
    userId,
    selection: draft.value.draft.selection,
    justification,
    expiresOn: undefined,
  });
}

/**
 * Stores an alert whose process is `procName` (a group of its own), and has `proposer` submit the modal's default
 * exception for it; returns the pending proposal.
 */
export async function propose(
  setup: ProposalsSetup & { readonly intake: TestIntake; readonly proposals: Proposals },
  procName: string,
  proposer = ALICE,
): Promise<Proposal> {
  const item = intakeItem({ fields: { 'proc.name': procName } });
  await setup.intake.accept(item);
  const group = await groupOf(setup.store, item);
  const why = `${procName} reads /etc/shadow by design (backup agent)`;
  const submitted = await submitDefault(setup, group.id, proposer, why);
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  return submitted.value.proposal;
}
