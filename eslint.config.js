import tseslint from 'typescript-eslint';
import local from './eslint-rules/entry-points.js';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'data/',
      'coverage/',
      'node_modules/',
      'examples/',
      'bin/',
      'eslint-rules/',
      '*.config.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Configuration enters once: src/config.ts is the only reader of the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/main.ts', 'src/cli/**', 'src/sandbox/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts only.' },
      ],
    },
  },
  {
    // src/falco is the pure domain: no I/O, no vendors, no clock.
    files: ['src/falco/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@slack/*',
                '@octokit/*',
                'octokit',
                'pg',
                '@electric-sql/*',
                'node:*',
                'fs',
                'http',
                'path',
              ],
              message: 'src/falco is pure: no I/O, Slack, GitHub, HTTP or database.',
            },
            {
              group: [
                '**/triage/**',
                '**/slack/**',
                '**/github/**',
                '**/store/**',
                '**/http/**',
                '**/cli/**',
                '**/config*',
              ],
              message: 'src/falco must not depend on the workflow or adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // src/markdown renders untrusted text for GitHub: pure, so the workflow, the CLI and adapters can all use it.
    files: ['src/markdown/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                '**/falco/**',
                '**/triage/**',
                '**/slack/**',
                '**/github/**',
                '**/store/**',
                '**/http/**',
                '**/cli/**',
                '**/config*',
              ],
              message: 'src/markdown is pure text rendering: no I/O, domain, workflow or adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/triage/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@slack/*', '@octokit/*', 'octokit', 'pg', '@electric-sql/*', 'node:http', 'node:fs*'],
              message: 'The workflow talks to the outside through its ports (src/triage/ports).',
            },
            {
              group: ['**/slack/**', '**/github/**', '**/store/**', '**/http/**', '**/cli/**'],
              message: 'The workflow must not import adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // A folder with an index.ts is entered through it (eslint-rules/entry-points.js).
    files: ['src/**/*.ts'],
    plugins: { local },
    rules: { 'local/entry-points': 'error' },
  },
  ...['slack', 'github', 'store', 'http'].map((adapter) => ({
    files: [`src/${adapter}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['slack', 'github', 'store', 'http']
                .filter((other) => other !== adapter)
                .map((other) => `**/${other}/**`),
              message: 'Adapters do not import each other; go through src/triage.',
            },
          ],
        },
      ],
    },
  })),
);
