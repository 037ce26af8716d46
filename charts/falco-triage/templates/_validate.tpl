{{/*
Refuses to render a release that could not work, with a message saying what to change, instead of a pod that
crash-loops or, worse, two pods sharing one embedded store. Included once, from the Deployment.
*/}}
{{- define "falco-triage.validate" -}}
{{- $problems := list -}}
{{- if and (include "falco-triage.embeddedStore" .) (gt (int .Values.replicaCount) 1) -}}
{{- $problems = append $problems (printf "replicaCount is %d, but the embedded store (no externalDatabase.existingSecret) belongs to one process: set replicaCount to 1, or give PostgreSQL with externalDatabase.existingSecret to run several replicas" (int .Values.replicaCount)) -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- $fields := include "falco-triage.secretValueFields" . | fromJson -}}
{{- range (include "falco-triage.secretKeys" . | fromJsonArray) -}}
{{- $field := get $fields . -}}
{{- if not (get $.Values.secrets $field) -}}
{{- $problems = append $problems (printf "secrets.%s is empty but %s is needed: set it (--set-file or --set), or name a Secret holding %s in secrets.existingSecret" $field . .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $public := include "falco-triage.publicPaths" . | fromJsonArray -}}
{{- if and (or .Values.ingress.enabled .Values.httpRoute.enabled) (not $public) -}}
{{- $problems = append $problems "ingress.enabled or httpRoute.enabled, but nothing is public: Slack uses Socket Mode and GitHub webhooks are off (config.GITHUB_REPO, github.webhook); turn the Ingress/HTTPRoute off" -}}
{{- end -}}
{{- if and .Values.httpRoute.enabled (not .Values.httpRoute.parentRefs) -}}
{{- $problems = append $problems "httpRoute.enabled needs httpRoute.parentRefs: the Gateway(s) the route attaches to" -}}
{{- end -}}
{{- if and .Values.falcoRules.existingConfigMap (not .Values.falcoRules.existingConfigMapKeys) -}}
{{- $problems = append $problems "falcoRules.existingConfigMap needs falcoRules.existingConfigMapKeys: the rules files it holds, in the order Falco loads them" -}}
{{- end -}}
{{- if and .Values.falcoRules.existingConfigMap .Values.falcoRules.files -}}
{{- $problems = append $problems "set falcoRules.files or falcoRules.existingConfigMap, not both" -}}
{{- end -}}
{{- if and .Values.routing.existingConfigMap (or .Values.routing.routes .Values.routing.grouping) -}}
{{- $problems = append $problems "set routing.routes/routing.grouping or routing.existingConfigMap, not both" -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n\nfalco-triage cannot be deployed with these values:\n  - %s\n" (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}
