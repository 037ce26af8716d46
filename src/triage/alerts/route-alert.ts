import type { Alert } from '../../falco/alert/index.js';
import { compileMatch } from './alert-match.js';
import type { Route, RouteAction, RoutesFile } from './routes-file.js';

export interface RouteDecision {
  /** The route's name, or `default` when no route claimed the alert. */
  readonly route: string;
  readonly action: RouteAction;
}

/**
 * Compiles the routes once; the returned function decides an alert's route (first match wins; otherwise the
 * default channel, or store-only when there is none). Pure and cheap: it runs for every alert at intake.
 */
export function createRouter(
  file: Pick<RoutesFile, 'routes'>,
  defaultChannel: string | undefined,
): (alert: Alert) => RouteDecision {
  const compiled = file.routes.map((route: Route) => ({ route, matches: compileMatch(route.match) }));
  const fallback: RouteDecision =
    defaultChannel === undefined
      ? { route: 'default', action: { kind: 'store' } }
      : { route: 'default', action: { kind: 'post', channels: [defaultChannel] } };
  return (alert) => {
    for (const { route, matches } of compiled) {
      if (matches(alert)) return { route: route.name, action: route.action };
    }
    return fallback;
  };
}
