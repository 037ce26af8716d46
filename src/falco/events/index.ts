/**
 * Event names per Falco version, for checking `evt.type` comparisons as Falco does.
 */
export { isKnownEventType } from './event-names.js';
