// Lint holds the import directions of the architecture, so nobody has to remember them:
//   views       <- props in, JSX out: types from src, values only from pure rules
//   http, jobs  -> actions;  pure rules -> nothing with I/O;  src never imports jobs.
import tseslint from 'typescript-eslint';

const IO = ['@mikro-orm/*', 'bullmq', 'ioredis', 'pg', 'nodemailer', 'node:fs', 'node:fs/*', 'node:net', 'node:http'];
const rule = (patterns, allowTypeImports = true) => [
  'error',
  { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'var/**', 'test-artifacts/**', 'bench/results/**', 'scripts_tmp/**', 'public/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-debugger': 'error', 'no-var': 'error', eqeqeq: ['error', 'smart'] },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([{ group: ['**/jobs/**'], message: 'src never imports jobs: jobs are consumers, src holds producers.' }], false),
    },
  },
  {
    files: ['src/http/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([
        { group: ['**/jobs/**'], message: 'src never imports jobs.' },
        { group: ['**/*.entities*', 'bullmq', 'ioredis', 'pg'], message: 'Route handlers call an action; they do not query or enqueue themselves.' },
      ]),
    },
  },
  {
    files: ['src/modules/**'],
    ignores: ['src/modules/*/rules/**', 'src/modules/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule(
        [
          { group: ['**/jobs/**'], message: 'src never imports jobs.' },
          { group: ['hono', 'hono/*', '**/http/**', '**/views/**'], message: 'Actions know nothing of HTTP or views.' },
        ],
        false,
      ),
    },
  },
  {
    files: ['src/modules/*/rules/**', 'src/modules/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([
        { group: [...IO, 'hono', 'hono/*', '**/*.entities*', '**/http/**', '**/views/**', '**/jobs/**', '**/db/**', '**/queue/**'], message: 'Pure rules take `now` and data as parameters: no database, queue, HTTP or file system.' },
      ]),
    },
  },
  {
    files: ['views/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([
        { group: ['**/src/http/**', '**/src/db/**', '**/src/queue/**', '**/src/modules/*/*.ts', '!**/src/modules/shared/money.ts', '**/src/*.ts'], message: 'Views take props: import types from src (import type), values only from pure rules.' },
        { group: [...IO, '**/jobs/**'], message: 'Views do no I/O.' },
      ]),
    },
  },
  {
    files: ['jobs/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([{ group: ['**/http/admin/**', '**/http/api/**', '**/views/**'], message: 'Jobs call actions, not routes; mail views come through actions.' }]),
    },
  },
);
