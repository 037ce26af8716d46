/**
 * The bash scripts of the generated workflow. They read everything from environment variables (the workflow's
 * `env:`), never from `${{ }}` expressions, so that no value is spliced into shell code and so that the tests can
 * run each script as it is, with stand-ins for docker, helm and kubectl on PATH.
 *
 * Steps run under `bash -e -o pipefail` (the workflow's `defaults.run.shell: bash`). Tools: jq (on GitHub's
 * Ubuntu runners), Node.js (set up by the job) for YAML via the `yaml` package's CLI (`$YAML_CLI_PACKAGE`).
 */

/** Copies the default rules out of the Falco image CI validates with, so falco-triage sees the same rules. */
export const extractDefaultRules = `mkdir -p "$RUNNER_TEMP/falco"
container="$(docker create --entrypoint /usr/bin/falco "$FALCO_IMAGE")"
docker cp -L "$container:/etc/falco/falco_rules.yaml" "$RUNNER_TEMP/falco/falco_rules.yaml"
docker rm "$container" > /dev/null
echo "Default rules of $FALCO_IMAGE: $(grep -c '^- rule:' "$RUNNER_TEMP/falco/falco_rules.yaml") rules"
`;

/**
 * Writes every `customRules` entry of the values file into $RUNNER_TEMP/rules.d/<key>, as the chart mounts them in
 * /etc/falco/rules.d. Keys must be plain file names (the chart uses them as ConfigMap keys) and values text.
 */
export const splitCustomRules = `rules_dir="$RUNNER_TEMP/rules.d"
mkdir -p "$rules_dir"
values_json="$RUNNER_TEMP/values.json"
if ! npx --yes "$YAML_CLI_PACKAGE" --json --single --strict < "$VALUES_FILE" > "$values_json"; then
  echo "::error file=$VALUES_FILE::$VALUES_FILE is not valid YAML (see the message above)"
  exit 1
fi
if ! jq -e '(.customRules // {}) | type == "object"' "$values_json" > /dev/null; then
  echo "::error file=$VALUES_FILE::customRules must map file names to rules text, e.g. custom_rules.yaml: |-"
  exit 1
fi
count=0
while IFS= read -r name; do
  if [[ ! "$name" =~ ^[-._a-zA-Z0-9]+$ ]]; then
    echo "::error file=$VALUES_FILE::customRules key '$name' is not a plain file name (letters, digits, - _ . only)"
    exit 1
  fi
  if ! jq -e --arg name "$name" '.customRules[$name] | type == "string"' "$values_json" > /dev/null; then
    echo "::error file=$VALUES_FILE::customRules.$name must be rules text in a block (|-), not a YAML list or map"
    exit 1
  fi
  jq -j --arg name "$name" '.customRules[$name]' "$values_json" > "$rules_dir/$name"
  echo "customRules.$name: $(grep -c '' "$rules_dir/$name") lines"
  count=$((count + 1))
done < <(jq -r '(.customRules // {}) | keys | .[]' "$values_json")
echo "$count customRules entries to validate after the default rules"
`;

/** The plain-rules counterpart of splitCustomRules: the rules file is the only custom file. */
export const copyRulesFile = `mkdir -p "$RUNNER_TEMP/rules.d"
cp "$RULES_FILE" "$RUNNER_TEMP/rules.d/$(basename "$RULES_FILE")"
`;

/**
 * Runs `falco -V` in the Falco image: the default rules first, then each custom file in the order Falco loads
 * /etc/falco/rules.d (alphabetical), all in one engine so overrides resolve. Fails on errors and on warnings.
 */
export const falcoValidate = `export LC_ALL=C
args=(-o json_output=true -V /etc/falco/falco_rules.yaml)
for file in "$RUNNER_TEMP"/rules.d/*; do
  [ -f "$file" ] || continue
  args+=(-V "/etc/falco/rules.d/$(basename "$file")")
done
status=0
docker run --rm -v "$RUNNER_TEMP/rules.d:/etc/falco/rules.d:ro" --entrypoint /usr/bin/falco \\
  "$FALCO_IMAGE" "\${args[@]}" > "$RUNNER_TEMP/falco-output.txt" || status=$?
result="$(grep '^{"falco_load_results"' "$RUNNER_TEMP/falco-output.txt" | tail -n 1 || true)"
if [ -z "$result" ]; then
  cat "$RUNNER_TEMP/falco-output.txt"
  echo "::error::Falco $FALCO_VERSION printed no validation results (exit status $status); see the log above"
  exit 1
fi
printf '%s\\n' "$result" > "$RUNNER_TEMP/falco-result.json"
jq -r '
  def text: tostring | gsub("%"; "%25") | gsub("\\r"; "%0D") | gsub("\\n"; "%0A");
  def prop: text | gsub(":"; "%3A") | gsub(","; "%2C");
  .falco_load_results[] | (.name | prop) as $file
  | ((.errors // [])[] | "::error title=Falco \\(env.FALCO_VERSION) \\($file)::\\(.code) \\(.message | text)"),
    ((.warnings // [])[] | "::warning title=Falco \\(env.FALCO_VERSION) \\($file)::\\(.code) \\(.message | text)")
' "$RUNNER_TEMP/falco-result.json"
{
  echo "### Falco $FALCO_VERSION validation"
  echo
  echo "| file | result | errors | warnings |"
  echo "| --- | --- | --- | --- |"
  jq -r '.falco_load_results[]
    | "| \\(.name) | \\(if .successful then "ok" else "failed" end) | \\((.errors // []) | length) | \\((.warnings // []) | length) |"' \\
    "$RUNNER_TEMP/falco-result.json"
} >> "$GITHUB_STEP_SUMMARY"
if ! jq -e '[.falco_load_results[] | select((.successful | not) or ((.warnings // []) | length > 0))] | length == 0' \\
  "$RUNNER_TEMP/falco-result.json" > /dev/null; then
  echo "Falco $FALCO_VERSION reported errors or warnings (see the annotations). Warnings fail this check as well:"
  echo "they flag deprecated syntax (use override: instead of append:) and items that have no effect."
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "::error::falco exited with status $status although it reported no errors"
  exit 1
fi
echo "Falco $FALCO_VERSION loaded the default rules and $((\${#args[@]} / 2 - 2)) custom rules files: no errors, no warnings."
`;

/** Renders the chart as the deploy job would install it, so a values mistake fails the pull request. */
export const helmTemplate = `helm repo add falcosecurity "$CHART_REPO" > /dev/null
helm template "$RELEASE" "$CHART" --version "$CHART_VERSION" --namespace "$NAMESPACE" \\
  -f "$VALUES_FILE" > "$RUNNER_TEMP/rendered.yaml"
echo "Rendered $(grep -c '^kind:' "$RUNNER_TEMP/rendered.yaml") objects from $CHART $CHART_VERSION with $VALUES_FILE"
`;

/**
 * Reads the image of the rendered `falco` container and checks it runs $FALCO_VERSION: the version CI validated
 * with must be the version the cluster runs (image.tag in the values file, or the chart's appVersion).
 */
export const checkDeployedVersion = `npx --yes "$YAML_CLI_PACKAGE" --json < "$RUNNER_TEMP/rendered.yaml" > "$RUNNER_TEMP/rendered.json"
image="$(jq -r '[(if type == "array" then .[] else . end) | objects
  | select(.kind == "DaemonSet" or .kind == "Deployment")
  | .spec.template.spec.containers[]? | select(.name == "falco") | .image] | first // ""' "$RUNNER_TEMP/rendered.json")"
if [ -z "$image" ]; then
  echo "::error file=$VALUES_FILE::the rendered chart has no container named falco"
  exit 1
fi
case "\${image##*/}" in
  *@*)
    echo "::warning file=$VALUES_FILE::the Falco image is pinned by digest ($image); make sure it is Falco $FALCO_VERSION" ;;
  *:"$FALCO_VERSION" | *:"$FALCO_VERSION"-*)
    echo "The chart deploys $image: Falco $FALCO_VERSION, the version CI validates with." ;;
  *)
    echo "::error file=$VALUES_FILE::the chart deploys $image, but CI validates the rules with Falco $FALCO_VERSION. Set image.tag in $VALUES_FILE and FALCO_VERSION in the workflow to the same version."
    exit 1 ;;
esac
`;

/** Writes a kubeconfig from the KUBECONFIG secret (plain YAML or base64) and points kubectl and helm at it. */
export const kubeconfigFromSecret = `if [ -z "$KUBECONFIG_CONTENT" ]; then
  echo "::error::The KUBECONFIG secret is empty or missing: add it to the '$DEPLOY_ENVIRONMENT' environment (Settings > Environments)"
  exit 1
fi
umask 077
kubeconfig="$RUNNER_TEMP/kubeconfig"
if printf '%s' "$KUBECONFIG_CONTENT" | grep -q 'apiVersion'; then
  printf '%s\\n' "$KUBECONFIG_CONTENT" > "$kubeconfig"
else
  printf '%s' "$KUBECONFIG_CONTENT" | base64 --decode > "$kubeconfig"
fi
echo "KUBECONFIG=$kubeconfig" >> "$GITHUB_ENV"
`;

/** `helm upgrade` with the values file as the whole truth (no --reuse-values), rolled back unless healthy. */
export const helmUpgrade = `helm repo add falcosecurity "$CHART_REPO" > /dev/null
helm upgrade --install "$RELEASE" "$CHART" --version "$CHART_VERSION" \\
  --namespace "$NAMESPACE" --create-namespace -f "$VALUES_FILE" \\
  --atomic --wait --timeout 10m \\
  --description "falco-rules $GITHUB_SHA (run $GITHUB_RUN_NUMBER)"
`;

export const helmSummary = `{
  echo "### helm history $RELEASE (namespace $NAMESPACE)"
  echo
  echo '\`\`\`'
  helm history "$RELEASE" --namespace "$NAMESPACE" --max 5 2>&1 || true
  echo '\`\`\`'
} >> "$GITHUB_STEP_SUMMARY"
`;

/**
 * Plain rules: the file becomes ConfigMap $RULES_CONFIGMAP (one key, the file's name); restarting the DaemonSet
 * makes every Falco pod load it, and the rollout status is the health check.
 */
export const applyRulesConfigMap = `key="$(basename "$RULES_FILE")"
kubectl create configmap "$RULES_CONFIGMAP" --namespace "$NAMESPACE" --from-file="$key=$RULES_FILE" \\
  --dry-run=client -o yaml | kubectl apply -f -
kubectl annotate configmap "$RULES_CONFIGMAP" --namespace "$NAMESPACE" --overwrite \\
  "falco-triage/commit=$GITHUB_SHA" > /dev/null
kubectl rollout restart "daemonset/$FALCO_DAEMONSET" --namespace "$NAMESPACE"
kubectl rollout status "daemonset/$FALCO_DAEMONSET" --namespace "$NAMESPACE" --timeout 10m
`;

/** Puts back the rules of the previous commit when the new ones did not roll out, as helm --atomic would. */
export const rollBackRulesConfigMap = `key="$(basename "$RULES_FILE")"
if ! git show "HEAD^:$RULES_FILE" > "$RUNNER_TEMP/previous-rules.yaml" 2> /dev/null; then
  echo "::error::The rollout failed and $RULES_FILE has no previous version to go back to"
  exit 1
fi
kubectl create configmap "$RULES_CONFIGMAP" --namespace "$NAMESPACE" --from-file="$key=$RUNNER_TEMP/previous-rules.yaml" \\
  --dry-run=client -o yaml | kubectl apply -f -
kubectl rollout restart "daemonset/$FALCO_DAEMONSET" --namespace "$NAMESPACE"
kubectl rollout status "daemonset/$FALCO_DAEMONSET" --namespace "$NAMESPACE" --timeout 10m
echo "::error::The new rules did not roll out; the rules of the previous commit are back in place"
`;
