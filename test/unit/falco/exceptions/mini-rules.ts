/**
 * A small ruleset shaped like the real "Read sensitive file untrusted" (a negated list check on proc.name, a negated
 * user_known_* macro, a positive macro) plus another rule sharing the list: loads in milliseconds, so property tests
 * can load it before and after every generated edit.
 */
import type { RulesFileInput } from '../../../../src/falco/rules/index.js';

export const MINI_RULE = 'Read sensitive file untrusted';
export const OTHER_RULE = 'Other rule using hids_binaries';

export const MINI_RULES: RulesFileInput = {
  name: 'mini_rules.yaml',
  content: `
- macro: never_true
  condition: (evt.num=0)

- macro: open_read
  condition: (evt.type in (open,openat,openat2) and evt.is_open_read=true and fd.typechar='f' and fd.num>=0)

- list: shell_binaries
  items: [ash, bash, sh]

- list: hids_binaries
  items: [aide, osqueryd, update-aide.con]

- macro: user_known_read_sensitive_files_activities
  condition: (never_true)

- rule: ${MINI_RULE}
  desc: an attempt to read a sensitive file
  condition: >
    open_read and fd.name startswith /etc
    and not proc.name in (shell_binaries, hids_binaries, mandb)
    and not user_known_read_sensitive_files_activities
  output: Sensitive file opened for reading (file=%fd.name process=%proc.name)
  priority: WARNING

- rule: ${OTHER_RULE}
  desc: another rule
  condition: open_read and not proc.name in (hids_binaries)
  output: Other (process=%proc.name)
  priority: NOTICE
`,
};
