// Lint holds the import directions of the architecture, so nobody has to remember them:
//   views       <- props in, JSX out: types from src, values only from pure rules
//   http, jobs  -> actions;  pure rules -> nothing with I/O;  src never imports jobs.
//   modules     -> only modules below them, in the order of src/modules/module-order.json.
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

/** Lowest first: a module may import itself and the modules before it, never one after it. */
const MODULES = JSON.parse(readFileSync(new URL('./src/modules/module-order.json', import.meta.url), 'utf8'));
const above = (m) => MODULES.slice(MODULES.indexOf(m) + 1);
const upward = (m) =>
  above(m).length
    ? [
        {
          group: above(m).map((h) => `**/${h}/**`),
          message: `${m} sits below ${above(m).join(', ')} (src/modules/module-order.json): a lower module never imports a higher one. Announce a hook the higher module handles (src/modules/wiring.ts).`,
        },
      ]
    : [];

const IO = ['@mikro-orm/*', 'bullmq', 'ioredis', 'pg', 'nodemailer', 'node:fs', 'node:fs/*', 'node:net', 'node:http'];
const rule = (patterns, allowTypeImports = true) => ['error', { patterns: patterns.map((p) => ({ allowTypeImports, ...p })) }];
/** What pure rules may not touch (their types may still be named). */
const PURE = {
  group: [...IO, 'hono', 'hono/*', '**/*.entities*', '**/http/**', '**/views/**', '**/jobs/**', '**/db/**', '**/queue/**'],
  message: 'Pure rules take `now` and data as parameters: no database, queue, HTTP or file system.',
  allowTypeImports: true,
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'var/**', 'test-artifacts/**', 'bench/results/**', 'scripts_tmp/**', 'public/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-debugger': 'error', 'no-var': 'error', eqeqeq: ['error', 'smart'] },
  },
  // Type-aware checks (typescript-eslint's recommended set), above all for the async mistakes a
  // queue-driven app makes: a promise nobody awaits or catches, an async callback whose promise
  // an event emitter or timer throws away, an await of something that is not a promise.
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts', '**/*.tsx'] })),
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        // Scripts run with tsx sit outside tsconfig.json's folders: they are checked with its options too.
        projectService: { allowDefaultProject: ['scripts/*.ts'], defaultProject: 'tsconfig.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks what is left out on purpose, such as a field dropped from a rest copy
      // (`const { id: _, ...rest } = row`), so the name says so and the code stays as written.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read JSON answers (and raw rows) as `any` on purpose: the expect() calls are what check
      // their shape, and a type written out for each answer would only repeat those assertions.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule(
        [{ group: ['**/jobs/**'], message: 'src never imports jobs: jobs are consumers, src holds producers.' }],
        false,
      ),
    },
  },
  {
    files: ['src/http/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([
        { group: ['**/jobs/**'], message: 'src never imports jobs.' },
        {
          group: ['**/*.entities*', 'bullmq', 'ioredis', 'pg'],
          message: 'Route handlers call an action; they do not query or enqueue themselves.',
        },
      ]),
    },
  },
  ...MODULES.flatMap((m) => [
    {
      files: [`src/modules/${m}/**`],
      ignores: [`src/modules/${m}/rules/**`],
      rules: {
        '@typescript-eslint/no-restricted-imports': rule(
          [
            { group: ['**/jobs/**'], message: 'src never imports jobs.' },
            { group: ['hono', 'hono/*', '**/http/**', '**/views/**'], message: 'Actions know nothing of HTTP or views.' },
            ...(m === 'shared' ? [PURE] : []),
            ...upward(m),
          ],
          false,
        ),
      },
    },
    {
      files: [`src/modules/${m}/rules/**`],
      rules: {
        '@typescript-eslint/no-restricted-imports': rule([PURE, ...upward(m)], false),
      },
    },
  ]),
  {
    files: ['views/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([
        {
          group: [
            '**/src/http/**',
            '**/src/db/**',
            '**/src/queue/**',
            '**/src/modules/*/*.ts',
            '!**/src/modules/shared/money.ts',
            '!**/src/modules/shared/dates.ts',
            '!**/src/modules/shared/statuses.ts',
            '**/src/*.ts',
          ],
          message: 'Views take props: import types from src (import type), values only from pure rules.',
        },
        { group: [...IO, '**/jobs/**'], message: 'Views do no I/O.' },
      ]),
    },
  },
  {
    files: ['jobs/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': rule([
        {
          group: ['**/http/admin/**', '**/http/api/**', '**/views/**'],
          message: 'Jobs call actions, not routes; mail views come through actions.',
        },
      ]),
    },
  },
);
