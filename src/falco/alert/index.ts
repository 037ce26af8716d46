/**
 * Alerts as data: the public surface of src/falco/alert for the rest of the bot (intake, Slack, CLI, explain).
 * Import from here; the files behind it may move.
 */
export type { Alert } from './alert.js';
export type { AlertNote } from './alert-note.js';
export { MAX_DEPTH, MAX_NAME_BYTES, MAX_OUTPUT_FIELDS } from './alert-limits.js';
export type { AlertIssue, AlertProblem, AlertProblemCode } from './alert-problem.js';
export { alertTimeFromEpochNs, parseAlertTime, type AlertTime } from './alert-time.js';
export {
  createFingerprinter,
  DEFAULT_IDENTITY_SLOTS,
  fingerprintAlert,
  fingerprintInScope,
  isVolatileField,
  VOLATILE_FIELDS,
  type Fingerprint,
  type FingerprintConfig,
  type FingerprintSubject,
  type IdentityField,
} from './fingerprint.js';
export { parseJson, stringifyJson } from './exact-json.js';
export { fnv1a64 } from './fnv1a.js';
export { extractKeyValues, type ExtractKeyValuesOptions, type KeyValue } from './key-values.js';
export {
  emptyFieldMap,
  fieldValueToText,
  FIELDS_WITH_ARGUMENT,
  isFalcoFieldKey,
  restoreBracketKey,
  toFieldValue,
  type FieldMap,
  type FieldValue,
} from './output-fields.js';
export { arrayElementOffsets, LineIndex, scanJsonValue } from './json-scan.js';
export {
  comparePriority,
  describePriorities,
  isAtLeast,
  isPriority,
  parsePriority,
  PRIORITIES,
  compareSeverity,
  severity,
  syslogSeverity,
  type Priority,
} from './priority.js';
export type { ItemPlace } from './read-items.js';
export {
  describeItemProblem,
  readAlertBatch,
  readAlerts,
  type InputFormat,
  type ReadAlert,
  type ReadAlertsOptions,
  type ReadAlertsResult,
  type ReadItem,
} from './read-alerts.js';
export { compileRuleGlob, isRuleGlob } from './rule-glob.js';
export { isUnstorable, mayHoldUnstorable, storableAlert, storableText } from './storable-text.js';
export { falcoPayloadSchema, parseAlert, type FalcoPayload, type ParseAlertOptions } from './schema.js';
export { APPENDED_KEYS, type OutputStyle } from './message-parts.js';
export {
  findHeaders,
  parseHeaderless,
  parseTextLine,
  splitOutputHeader,
  textAlertAt,
  type TextAlert,
  type TextAlertTime,
  type TextHeader,
  type TextLineOptions,
} from './text-line.js';
