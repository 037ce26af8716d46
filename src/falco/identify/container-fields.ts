/**
 * Field values in the text Falco writes for `%container.info` and appends after a rule's output.
 *
 * - `-pk` (Falco ≤ 0.3x): `k8s.ns=%k8s.ns.name k8s.pod=%k8s.pod.name container=%container.id`;
 * - `-pc`: `container=%container.name (id=%container.id)`; without `-p`, `%container.info` prints
 *   `%container.name (id=%container.id)` (e.g. `host (id=host)`);
 * - the container plugin (Falco ≥ 0.41) appends `container_id=… container_name=… container_image_repository=…
 *   container_image_tag=… k8s_pod_name=… k8s_ns_name=…`.
 * The first value of a key wins (old Falco repeats the `-pk` text once per output).
 */
import { APPENDED_KEYS, extractKeyValues } from '../alert/index.js';

const KEY_TO_FIELD: Readonly<Record<string, string>> = {
  'k8s.ns': 'k8s.ns.name',
  'k8s.pod': 'k8s.pod.name',
  k8s_ns: 'k8s.ns.name',
  k8s_pod: 'k8s.pod.name',
  k8s_ns_name: 'k8s.ns.name',
  k8s_pod_name: 'k8s.pod.name',
  container_id: 'container.id',
  container_name: 'container.name',
  container_image: 'container.image',
  container_image_repository: 'container.image.repository',
  container_image_tag: 'container.image.tag',
};

const NAME_AND_ID = /^(.*) \(id=([^()\s]*)\)$/;

/** Field texts (not yet typed) found in `text`, by Falco field name. */
export function containerFieldTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const set = (field: string, value: string): void => {
    if (!out.has(field)) out.set(field, value);
  };
  const trimmed = text.trim();
  if (trimmed === '') return out;
  const pairs = extractKeyValues(trimmed, { knownKeys: APPENDED_KEYS });
  if (pairs.length === 0) {
    const nameAndId = NAME_AND_ID.exec(trimmed);
    if (nameAndId !== null) {
      set('container.name', nameAndId[1] as string);
      set('container.id', nameAndId[2] as string);
    }
    return out;
  }
  for (const pair of pairs) {
    if (pair.key === 'container') {
      const nameAndId = NAME_AND_ID.exec(pair.value);
      if (nameAndId === null) set('container.id', pair.value);
      else {
        set('container.name', nameAndId[1] as string);
        set('container.id', nameAndId[2] as string);
      }
      continue;
    }
    const field = KEY_TO_FIELD[pair.key];
    if (field !== undefined) set(field, pair.value);
  }
  return out;
}
