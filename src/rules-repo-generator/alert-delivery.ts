/**
 * How Falco's alerts reach falco-triage's intake (`POST /falco/alerts` on its internal port): Falco's own
 * http_output, or, when the Falco release runs Falcosidekick, Sidekick's webhook output.
 *
 * Why not http_output with Sidekick: the falcosecurity/falco chart points http_output at its Falcosidekick only
 * while falco.http_output.url is empty (its `falcosidekick.url` helper). A URL set there wins, so Falco would post
 * to the bot directly and Sidekick, with every other output configured on it, would silently receive nothing.
 * With Sidekick the values therefore leave http_output to the chart and add falco-triage as Sidekick's webhook,
 * authenticated by an `Authorization: Bearer` header (Sidekick's WEBHOOK_CUSTOMHEADERS, "key:value" pairs split on
 * `,` and `:`, hence a token of letters and digits). The token comes from a Secret in Falco's namespace in both
 * cases, never from Git.
 */
import type { RulesRepoOptions } from './options.js';

/** The Secret in Falco's namespace that holds the bot's INGEST_TOKEN, and the variable it is read into. */
export const INGEST_SECRET = 'falco-triage-ingest';
export const INGEST_TOKEN_VARIABLE = 'FALCO_TRIAGE_INGEST_TOKEN';

export function intakeUrl(options: RulesRepoOptions): string {
  return `${options.botUrl}/falco/alerts`;
}

/** Who sends the alerts to the bot, for sentences: "Falco's http_output" or "Falcosidekick's webhook output". */
export function alertSender(options: RulesRepoOptions): string {
  return options.falcosidekick ? "Falcosidekick's webhook output" : "Falco's http_output";
}

const tokenFromSecret = [
  `    - name: ${INGEST_TOKEN_VARIABLE}`,
  '      valueFrom:',
  '        secretKeyRef:',
  `          name: ${INGEST_SECRET}`,
  '          key: token',
];

/**
 * The starter values' lines that deliver alerts: Falco's JSON settings, and either http_output with the token
 * in the URL (Falco cannot add headers) or the falcosidekick block with the webhook output.
 */
export function deliveryValues(options: RulesRepoOptions): string[] {
  const json = [
    'falco:',
    '  # Alerts as JSON, with every field, for falco-triage (the how-to deploys with jsonOutput=true).',
    '  json_output: true',
    '  json_include_output_property: true',
    '  json_include_tags_property: true',
  ];
  const createSecret = `kubectl create secret generic ${INGEST_SECRET} --namespace ${options.namespace} --from-literal=token=TOKEN`;
  if (!options.falcosidekick) {
    return [
      ...json,
      '  # Every alert goes to falco-triage. Falco cannot add headers to these requests, so the intake token is in',
      `  # the URL; Falco replaces \${${INGEST_TOKEN_VARIABLE}} with the variable set under extra.env, so the`,
      '  # token never appears in Git.',
      '  http_output:',
      '    enabled: true',
      `    url: "${intakeUrl(options)}?token=\${${INGEST_TOKEN_VARIABLE}}"`,
      '',
      'extra:',
      '  env:',
      `    # The bot's INGEST_TOKEN, from a Secret created once in namespace ${options.namespace}:`,
      `    #   ${createSecret}`,
      ...tokenFromSecret,
    ];
  }
  return [
    ...json,
    '  # No http_output here: with falcosidekick.enabled the chart points it at Falcosidekick. A URL set here',
    "  # would replace Sidekick's, and Falcosidekick (with all its outputs) would receive nothing.",
    '',
    'falcosidekick:',
    '  enabled: true',
    '  config:',
    "    # Every alert also goes to falco-triage, through Sidekick's webhook output.",
    '    webhook:',
    `      address: "${intakeUrl(options)}"`,
    '    # The header that carries the intake token. The token comes from a Secret created once in namespace',
    `    # ${options.namespace}, never from Git:`,
    `    #   ${createSecret}`,
    '    # Kubernetes replaces $(VARIABLE) with the variable defined above it.',
    '    extraEnv:',
    ...tokenFromSecret.map((line) => `  ${line}`),
    '      - name: WEBHOOK_CUSTOMHEADERS',
    `        value: "Authorization:Bearer $(${INGEST_TOKEN_VARIABLE})"`,
  ];
}
