/**
 * Which target an alert belongs to: the first target whose `match` fits the alert and the channels its route posts
 * it to (a target without `match` fits every alert). Pure and cheap: it runs for every alert at intake, right after
 * routing.
 */
import type { Alert } from '../../falco/alert/index.js';
import { compileMatch } from '../alerts/index.js';
import type { TargetSpec } from './targets-file.js';

export type TargetMatcher = (alert: Alert, channels: readonly string[]) => TargetSpec | undefined;

export function createTargetMatcher(specs: readonly TargetSpec[]): TargetMatcher {
  const compiled = specs.map((spec) => {
    const fields = spec.match === undefined ? () => true : compileMatch(spec.match);
    const channels = spec.match?.channels;
    return {
      spec,
      fits: (alert: Alert, posted: readonly string[]) =>
        (channels === undefined || posted.some((channel) => channels.includes(channel))) && fields(alert),
    };
  });
  return (alert, channels) => compiled.find((target) => target.fits(alert, channels))?.spec;
}
