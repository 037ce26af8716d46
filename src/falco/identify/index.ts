/**
 * Alert identification: which loaded rule produced an alert (JSON or a text line of any Falco era) and the field
 * values it printed. Import from here; the files behind it may move.
 */
export {
  createIdentifier,
  type Identifier,
  type IdentifierOptions,
  type IdentifyOptions,
} from './identifier.js';
export type {
  Ambiguous,
  AmbiguousCandidate,
  Candidate,
  CandidateMatch,
  FieldSource,
  Identification,
  Identified,
  OtherAlert,
  RecoveredField,
  TextReading,
  Unidentified,
} from './identification.js';
export { closestNames } from './closest-names.js';
export {
  outputTitle,
  parseOutputTemplate,
  type OutputTemplate,
  type TemplateToken,
} from './output-template.js';
export { matchTemplate, type PrintedField, type TemplateFit, type TemplateMatch } from './match-template.js';
export { valueKinds, typedValue, type ValueKind, type ValueKindLookup } from './field-typing.js';
