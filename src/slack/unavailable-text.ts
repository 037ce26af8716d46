/**
 * What people are told when a part of falco-triage is not set up: the same sentence wherever the missing part
 * stops them (a button, a modal, a thread note).
 */
import type { Unavailable } from '../triage/ports/index.js';

export const GITHUB_NOT_CONFIGURED =
  'Marking false positives needs the rules repository: falco-triage has no GitHub configuration (GITHUB_REPO, RULES_FILE, a token or a GitHub App). Alerts keep flowing meanwhile.';

export const RULES_NOT_CONFIGURED =
  'falco-triage has no base rules to work with: set FALCO_RULES to the rules files Falco loads (e.g. falco_rules.yaml).';

export function unavailableText(unavailable: Unavailable): string {
  switch (unavailable.code) {
    case 'github_not_configured':
      return GITHUB_NOT_CONFIGURED;
    case 'rules_not_configured':
      return RULES_NOT_CONFIGURED;
  }
}
