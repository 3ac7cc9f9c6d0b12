import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'packages/client/dist/', 'data/', 'coverage/', 'test-artifacts/', 'openapi/', 'packages/client/src/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'use a string-literal union, not enum' }],
    },
  },
  // Dependencies point inward: http -> domain <- storage.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(['**/http/**', '**/storage/**', 'fastify', 'kysely', 'pg', 'better-sqlite3'], 'domain/ imports nothing from http/, storage/ or their libraries'),
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['**/storage/**', 'kysely', 'pg', 'better-sqlite3'], 'http/ reaches storage only through domain ports') },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['**/http/**', 'fastify'], 'storage/ knows nothing of HTTP') },
  },
  {
    files: ['src/storage/migrations/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['**/domain/**', '**/http/**', '../*.ts', 'fastify'], 'migrations never import app code') },
  },
  { files: ['bin/**/*.js', 'eslint.config.js', '.ci/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  // The pack check's CommonJS consumer of @contactd/client: require() is the point of it.
  {
    files: ['.ci/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', console: 'readonly', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
