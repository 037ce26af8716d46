/**
 * Every migration, in order. Append new ones; never edit or reorder applied ones (start-up refuses a database whose
 * recorded checksum differs from the code's).
 */
import { initial } from './0001-initial.js';
import { outboxCoalesceLookup } from './0002-outbox-coalesce-lookup.js';
import { alertsDefaultToast } from './0003-alerts-default-toast.js';
import { conditionStrategy } from './0004-condition-strategy.js';
import { deployRunNumber } from './0005-deploy-run-number.js';
import { prFailure } from './0006-pr-failure.js';
import { prUpkeep } from './0007-pr-upkeep.js';
import { homeViews } from './0008-home-views.js';
import { triageStates } from './0009-triage-states.js';
import { targets } from './0010-targets.js';
import { groupingBacklog } from './0011-grouping-backlog.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  initial,
  outboxCoalesceLookup,
  alertsDefaultToast,
  conditionStrategy,
  deployRunNumber,
  prFailure,
  prUpkeep,
  homeViews,
  triageStates,
  targets,
  groupingBacklog,
];
