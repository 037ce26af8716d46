/**
 * The first schema: alerts, their groups (one Slack message each), proposals and approvals, the audit log, mutes and
 * the outbox of outbound work. Later changes are new migrations; an applied migration is never edited (its checksum
 * is recorded and checked at start-up).
 *
 * Statements are unqualified so that they land in the connection's search path (a per-test schema in the contract
 * tests, `public` otherwise).
 */
import type { Migration } from './migration.js';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
-- One row per received alert. The payload is kept exactly as received (raw text: JSON numbers such as evt.time keep
-- every digit); the rest are the fields the bot queries. A row of ~3 KB would be compressed by TOAST, which costs
-- more CPU than it saves on the intake path (PGlite runs PostgreSQL in WebAssembly): rows under 8 KB stay inline.
CREATE TABLE alerts (
  id             uuid PRIMARY KEY,
  received_at    timestamptz NOT NULL,
  event_time     timestamptz NOT NULL,
  rule           text NOT NULL,
  priority       text NOT NULL,
  priority_level smallint NOT NULL CHECK (priority_level BETWEEN 0 AND 7),
  source         text,
  hostname       text,
  tags           text[] NOT NULL DEFAULT '{}',
  output         text NOT NULL,
  output_fields  jsonb NOT NULL DEFAULT '{}',
  raw            text NOT NULL,
  fingerprint    text NOT NULL,
  dedupe_key     text,
  origin         text NOT NULL,
  route          text,
  channels       text[] NOT NULL DEFAULT '{}'
) WITH (toast_tuple_target = 8160);
-- Falcosidekick's uuid: the same alert delivered twice is stored once.
CREATE UNIQUE INDEX alerts_dedupe_key ON alerts (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- Impact previews scan one or a few rules over a time window.
CREATE INDEX alerts_rule_time ON alerts (rule, event_time);
CREATE INDEX alerts_fingerprint_time ON alerts (fingerprint, event_time);
-- Windows across all rules, and retention.
CREATE INDEX alerts_event_time ON alerts (event_time);

-- Repeats of one fingerprint in one channel share a Slack message while they keep coming within the grouping window.
-- At most one group per (fingerprint, channel) is current (closed_at IS NULL); a stale one is closed and replaced.
CREATE TABLE alert_groups (
  id               uuid PRIMARY KEY,
  fingerprint      text NOT NULL,
  channel          text NOT NULL,
  rule             text NOT NULL,
  first_alert_id   uuid NOT NULL,
  last_alert_id    uuid NOT NULL,
  count            bigint NOT NULL CHECK (count > 0),
  first_seen       timestamptz NOT NULL,
  last_seen        timestamptz NOT NULL,
  samples          jsonb NOT NULL DEFAULT '{}',
  slack_ts         text,
  state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged')),
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  muted_until      timestamptz,
  closed_at        timestamptz,
  updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX alert_groups_current ON alert_groups (fingerprint, channel) WHERE closed_at IS NULL;
CREATE INDEX alert_groups_message ON alert_groups (channel, slack_ts) WHERE slack_ts IS NOT NULL;
CREATE INDEX alert_groups_fingerprint ON alert_groups (fingerprint, first_seen);

-- A proposed exception, from the Slack modal to the deployed rule. status moves by compare-and-set only.
CREATE TABLE proposals (
  id                   uuid PRIMARY KEY,
  alert_id             uuid NOT NULL,
  group_id             uuid,
  rule                 text NOT NULL,
  strategy             text NOT NULL CHECK (strategy IN ('exception', 'list', 'macro')),
  exception            jsonb NOT NULL,
  yaml                 text NOT NULL,
  justification        text NOT NULL,
  exception_expires_at timestamptz,
  proposer             text NOT NULL,
  impact               jsonb NOT NULL DEFAULT '{}',
  status               text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'withdrawn',
                         'pr_failed', 'pr_open', 'merged', 'deployed', 'deploy_failed', 'closed_unmerged',
                         'removed')),
  status_reason        text,
  version              integer NOT NULL DEFAULT 1,
  equivalence_key      text NOT NULL,
  expires_at           timestamptz NOT NULL,
  slack_channel        text,
  slack_thread_ts      text,
  slack_message_ts     text,
  pr_number            integer,
  pr_url               text,
  branch               text,
  merge_commit_sha     text,
  deploy_run_id        bigint,
  deploy_run_url       text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
-- One live proposal per equivalent exception: a second one links to the first instead.
CREATE UNIQUE INDEX proposals_equivalent_live ON proposals (equivalence_key)
  WHERE status IN ('pending', 'approved', 'pr_failed', 'pr_open', 'merged', 'deployed', 'deploy_failed');
CREATE INDEX proposals_status ON proposals (status, updated_at);
CREATE INDEX proposals_pr ON proposals (pr_number) WHERE pr_number IS NOT NULL;
CREATE INDEX proposals_branch ON proposals (branch) WHERE branch IS NOT NULL;
CREATE INDEX proposals_merge_commit ON proposals (merge_commit_sha) WHERE merge_commit_sha IS NOT NULL;
CREATE INDEX proposals_alert ON proposals (alert_id);

CREATE TABLE approvals (
  proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  user_id     text NOT NULL,
  approved_at timestamptz NOT NULL,
  PRIMARY KEY (proposal_id, user_id)
);

-- Who did what, when. Append-only, enforced by the database, not only by the absence of an API.
CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  subject_type text NOT NULL,
  subject_id   text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- /falco mute: a rule or a fingerprint is not posted until "until". Alerts are still stored and counted.
CREATE TABLE mutes (
  id          uuid PRIMARY KEY,
  target_kind text NOT NULL CHECK (target_kind IN ('rule', 'fingerprint')),
  target      text NOT NULL,
  until       timestamptz NOT NULL,
  created_by  text NOT NULL,
  reason      text,
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  revoked_by  text
);
CREATE INDEX mutes_live ON mutes (target_kind, target, until) WHERE revoked_at IS NULL;

-- Outbound work (Slack posts and updates, GitHub calls), written in the same transaction as the change that needs
-- it, run by workers that lease jobs. Jobs with the same ordering_key run one at a time, in id order. A pending job
-- with a coalesce_key absorbs newer jobs with that key (their payload replaces its own).
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL,
  ordering_key    text,
  coalesce_key    text,
  payload         jsonb NOT NULL,
  state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'leased', 'done', 'dead', 'superseded')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_by       text,
  locked_until    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  done_at         timestamptz
);
CREATE UNIQUE INDEX outbox_coalesce_pending ON outbox (coalesce_key)
  WHERE state = 'pending' AND coalesce_key IS NOT NULL;
CREATE INDEX outbox_open_by_key ON outbox (ordering_key, id)
  WHERE state IN ('pending', 'leased') AND ordering_key IS NOT NULL;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_leased ON outbox (locked_until, id) WHERE state = 'leased';
CREATE INDEX outbox_finished ON outbox (done_at) WHERE state IN ('done', 'superseded', 'dead');
`,
};
