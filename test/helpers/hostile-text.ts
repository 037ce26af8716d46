/**
 * Hostile strings for tests of the Markdown the bot writes: what a process on a monitored host can put in its
 * command line or file names to take over a pull request body (close a fence, mention a team, link, hide the rest
 * in a comment), mixed with arbitrary Unicode.
 */
import fc from 'fast-check';

export const HOSTILE_FRAGMENTS: readonly string[] = [
  '\n```\n',
  '\n````\n',
  '\n~~~\n',
  '\n</details>\n\n',
  // Another proposal's marker, on a line of its own (the bot maps pull requests back by their marker).
  '\n<!-- falco-triage:removal:0190a1b2-0000-7000-8000-000000000009 -->\n',
  '```',
  '````',
  '`',
  '``',
  '~~~',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  '<!--',
  '-->',
  '<img src="https://t.example/p.gif">',
  '<details>',
  '</details>',
  '<script>alert(1)</script>',
  '[review here](https://phish.example/login)',
  '![](https://t.example/track.png)',
  '[x]: https://phish.example',
  '@acme/security-team',
  '@octocat',
  '#1',
  'acme/falco-rules#2',
  'GH-3',
  'https://phish.example/a_(b)',
  'http://evil.example',
  'www.evil.example',
  'WWW.evil.example',
  'admin@evil.example',
  'mailto:x@y.example',
  '*',
  '**',
  '_',
  '__',
  '~~',
  '|',
  '\\',
  '\\|',
  '\\\\|',
  '&#64;acme/security-team',
  '&lt;',
  '&amp;',
  '$x$',
  '$$',
  '$`x`$',
  '> ',
  '> [!WARNING]',
  '# ',
  '## Approved',
  '- ',
  '+ ',
  '* ',
  '1. ',
  '2) ',
  '    ',
  '\t',
  '===',
  '---',
  '***',
  '| a | b |',
  '|---|---|',
  '[^1]',
  '[^1]: note',
  '- [x] ',
  ':warning:',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200d',
  '\u00ad',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\udb40\udc41',
  ' ',
  'x',
  'é',
  '😀',
  '𝔘',
];

/** A string of hostile fragments and arbitrary characters, at most `maxParts` pieces. */
export function hostileText(maxParts = 12): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));
}

/** Every fragment at once: one string that tries everything. */
export const ALL_HOSTILE = HOSTILE_FRAGMENTS.join('');
