import type { Priority } from '../falco/alert/index.js';

const MARKERS: Readonly<Record<Priority, string>> = {
  Emergency: ':rotating_light:',
  Alert: ':red_circle:',
  Critical: ':red_circle:',
  Error: ':large_orange_circle:',
  Warning: ':large_yellow_circle:',
  Notice: ':large_blue_circle:',
  Informational: ':white_circle:',
  Debug: ':white_circle:',
};

/** The emoji shown before the rule name, so severity reads at a glance (colour-blind safe with the priority word). */
export function priorityMarker(priority: Priority): string {
  return MARKERS[priority];
}
