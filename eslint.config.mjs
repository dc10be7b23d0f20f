// Type-aware lint; the import rules write down the dependency direction (apps -> libs -> domain).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const crossProjectPaths = [
  { group: ['@app/*/*'], message: 'Import a lib through its root alias only (e.g. @app/domain).' },
  {
    group: ['**/apps/**', '**/api/src/**', '**/cli/src/**', '@app/api', '@app/cli'],
    message: 'Libs never import an app.',
  },
];
/** Within one app, every import of another app's files; shared code belongs in a lib (docs/architecture.md). */
const otherApps = (app) => ({
  group: [
    '**/apps/**',
    ...['api', 'cli', 'console'].filter((other) => other !== app).map((other) => `**/${other}/src/**`),
  ],
  message: 'An app never imports another app: move what both need into a lib.',
});
const libRootsOnly = {
  group: ['@app/*/*', '**/libs/**'],
  message: 'Import a lib through its root alias only (e.g. @app/recipients).',
};
const ioModules = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'better-sqlite3',
  'pg',
  'fastify',
  'dgram',
  'node:dgram',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'data/**',
      '.stryker-tmp/**',
      'reports/**',
      'test-output/**',
      '**/*.js',
      '**/*.mjs',
      // Generated from the OpenAPI document by openapi-typescript (npm run client:generate).
      'libs/client/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Nest resolves constructor parameters from emitted metadata, so decorated classes need value imports.
    files: ['apps/**/*.ts', 'libs/*/src/**/*.module.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The console is a browser bundle (its own tsconfig, DOM libs): it reaches the service over HTTP only.
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*', '**/libs/**', '**/apps/api/**', '**/apps/cli/**'],
              message: 'The console uses the HTTP API only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherApps('api'), libRootsOnly] }] },
  },
  {
    files: ['apps/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherApps('cli'), libRootsOnly] }] },
  },
  {
    // Tests and benchmarks see the code as its users do; only test-app.ts reaches into the API, to run it in process.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['test/support/test-app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            libRootsOnly,
            { group: ['**/apps/**'], message: 'Tests and benchmarks use the libs, or the built apps as programs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/support/test-app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [libRootsOnly] }] },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: crossProjectPaths }] },
  },
  {
    // The client is what an internal service installs: it stands alone, with no other lib, app or framework.
    files: ['libs/client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'libs/client runs wherever fetch does: no Node I/O.' })),
          patterns: [
            ...crossProjectPaths,
            {
              group: ['@app/*', '@nestjs/*', 'node:*'],
              message: 'libs/client imports no lib, framework or Node module.',
            },
          ],
        },
      ],
    },
  },
  {
    // The application core is plain TypeScript: the API wires it into Nest with factories, the CLI uses it as is.
    files: ['libs/recipients/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...crossProjectPaths,
            { group: ['@nestjs/*'], message: 'libs/recipients is framework-free; apps/api wires it into Nest.' },
          ],
        },
      ],
    },
  },
  {
    // The token domain and its service: plain TypeScript over the event store port.
    files: ['libs/access/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...crossProjectPaths,
            {
              group: ['@nestjs/*', '@app/recipients', '@app/read-model', '@app/replay'],
              message: 'libs/access depends on the event store port only; apps/api wires it into Nest.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'libs/domain is pure: no I/O, drivers or frameworks.' })),
          patterns: [
            ...crossProjectPaths,
            {
              group: ['@nestjs/*', '@eventstore/*', '@app/event-store', '@app/read-model'],
              message: 'libs/domain depends on nothing.',
            },
          ],
        },
      ],
    },
  },
  {
    // Intake is pure mapping and verification: the app fetches certificates and reads files for it.
    files: ['libs/intake/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'libs/intake maps and verifies; the app does the I/O.' })),
          patterns: [
            ...crossProjectPaths,
            {
              group: ['@nestjs/*', '@eventstore/*', '@app/event-store', '@app/read-model'],
              message: 'libs/intake depends on the domain only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Response bodies in tests are JSON of any shape; the assertions check them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
);
