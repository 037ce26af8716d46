{{/* vim: set filetype=mustache: */}}

{{/* The chart name, or nameOverride. */}}
{{- define "falco-triage.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The full name of the objects: fullnameOverride, else the release name when it contains the chart name (a release
called falco-triage gives the Service falco-triage, the host name the generated Falco values point at), else
"<release>-<name>".
*/}}
{{- define "falco-triage.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "falco-triage.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "falco-triage.selectorLabels" -}}
app.kubernetes.io/name: {{ include "falco-triage.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "falco-triage.labels" -}}
helm.sh/chart: {{ include "falco-triage.chart" . }}
{{ include "falco-triage.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/part-of: falco-triage
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "falco-triage.image" -}}
{{- $repository := .Values.image.repository -}}
{{- if .Values.image.registry -}}
{{- $repository = printf "%s/%s" .Values.image.registry .Values.image.repository -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "falco-triage.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "falco-triage.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "falco-triage.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "falco-triage.fullname" .) -}}
{{- end -}}

{{/* "true" when the bot uses the embedded store (no externalDatabase), else "". */}}
{{- define "falco-triage.embeddedStore" -}}
{{- if not .Values.externalDatabase.existingSecret -}}true{{- end -}}
{{- end -}}

{{/* A config value as text ("" when unset), so that true and "true" compare alike. */}}
{{- define "falco-triage.configText" -}}
{{- $value := index .root.Values.config .name -}}
{{- if kindIs "invalid" $value -}}{{- else -}}{{- $value | toString -}}{{- end -}}
{{- end -}}

{{/* "true" when GitHub is configured (config.GITHUB_REPO, or the repositories of config.TARGETS_FILE), else "". */}}
{{- define "falco-triage.github" -}}
{{- if or (include "falco-triage.configText" (dict "root" . "name" "GITHUB_REPO")) (include "falco-triage.configText" (dict "root" . "name" "TARGETS_FILE")) -}}true{{- end -}}
{{- end -}}

{{/*
The Secret keys the configuration needs, as a JSON list: the same rule as src/config.ts's required variables, so a
missing one is caught at render time (values) or pod start (existingSecret) instead of in a crash loop.
*/}}
{{- define "falco-triage.secretKeys" -}}
{{- $keys := list "SLACK_BOT_TOKEN" -}}
{{- if .Values.slack.socketMode -}}
{{- $keys = append $keys "SLACK_APP_TOKEN" -}}
{{- else -}}
{{- $keys = append $keys "SLACK_SIGNING_SECRET" -}}
{{- end -}}
{{- if ne (include "falco-triage.configText" (dict "root" . "name" "INGEST_ALLOW_UNAUTHENTICATED") | lower) "true" -}}
{{- $keys = append $keys "INGEST_TOKEN" -}}
{{- end -}}
{{- if include "falco-triage.github" . -}}
{{- if include "falco-triage.configText" (dict "root" . "name" "GITHUB_APP_ID") -}}
{{- $keys = append $keys "GITHUB_APP_PRIVATE_KEY" -}}
{{- else -}}
{{- $keys = append $keys "GITHUB_TOKEN" -}}
{{- end -}}
{{- if .Values.github.webhook -}}
{{- $keys = append $keys "GITHUB_WEBHOOK_SECRET" -}}
{{- end -}}
{{- end -}}
{{- $keys | toJson -}}
{{- end -}}

{{/* The values field each Secret key is created from when secrets.existingSecret is empty. */}}
{{- define "falco-triage.secretValueFields" -}}
{{- dict "SLACK_BOT_TOKEN" "slackBotToken" "SLACK_SIGNING_SECRET" "slackSigningSecret" "SLACK_APP_TOKEN" "slackAppToken" "INGEST_TOKEN" "ingestToken" "GITHUB_TOKEN" "githubToken" "GITHUB_APP_PRIVATE_KEY" "githubAppPrivateKey" "GITHUB_WEBHOOK_SECRET" "githubWebhookSecret" | toJson -}}
{{- end -}}

{{/*
The public paths, as a JSON list: POST /slack/events unless Slack uses Socket Mode, POST /github/webhook when GitHub
webhooks are on. Nothing else of the bot is ever routed from outside (intake, health and metrics are internal).
*/}}
{{- define "falco-triage.publicPaths" -}}
{{- $paths := list -}}
{{- if not .Values.slack.socketMode -}}
{{- $paths = append $paths "/slack/events" -}}
{{- end -}}
{{- if and (include "falco-triage.github" .) .Values.github.webhook -}}
{{- $paths = append $paths "/github/webhook" -}}
{{- end -}}
{{- $paths | toJson -}}
{{- end -}}

{{- define "falco-triage.routesEnabled" -}}
{{- if or .Values.routing.existingConfigMap .Values.routing.routes .Values.routing.grouping -}}true{{- end -}}
{{- end -}}

{{/* FALCO_RULES: the mounted rules files in order, then the URLs, comma-separated. */}}
{{- define "falco-triage.falcoRules" -}}
{{- $entries := list -}}
{{- if .Values.falcoRules.existingConfigMap -}}
{{- range .Values.falcoRules.existingConfigMapKeys -}}
{{- $entries = append $entries (printf "/etc/falco-triage/rules/%s" .) -}}
{{- end -}}
{{- else -}}
{{- range (keys .Values.falcoRules.files | sortAlpha) -}}
{{- $entries = append $entries (printf "/etc/falco-triage/rules/%s" .) -}}
{{- end -}}
{{- end -}}
{{- range .Values.falcoRules.urls -}}
{{- $entries = append $entries . -}}
{{- end -}}
{{- join "," $entries -}}
{{- end -}}

{{- define "falco-triage.falcoRulesConfigMap" -}}
{{- .Values.falcoRules.existingConfigMap | default (printf "%s-falco-rules" (include "falco-triage.fullname" .)) -}}
{{- end -}}

{{- define "falco-triage.routesConfigMap" -}}
{{- .Values.routing.existingConfigMap | default (printf "%s-routes" (include "falco-triage.fullname" .)) -}}
{{- end -}}
