// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { existsSync } from 'node:fs';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'assay-demo/',
      'evidence/',
      'coverage/',
      'infra/cdk.out/',
      'bench/measure-run.bundle.mjs',
      'test/fixtures/',
      // infra/ has dependencies of its own: linted once they are installed (CI installs them after this step).
      ...(existsSync(`${import.meta.dirname}/infra/node_modules/aws-cdk-lib`) ? [] : ['infra/']),
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Messages are built from numbers and booleans all the time; objects and unknowns are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // With noUncheckedIndexedAccess every index is `T | undefined`; `!` right after a length or has() check is the idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Rejecting with an AbortSignal's reason or a caught value passes the original error on unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      // A type parameter used once lets a caller name the shape of a parsed response (`request<T>`, `forEachItem<I>`).
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // Context objects hand functions around (`ctx.secret`, `ctx.countRequest`); none of them is a `this`-bound method.
      '@typescript-eslint/unbound-method': 'off',
      // Flags `x ?? fail()` with a `never`-returning helper and `cond ? rec.notApplicable(…) : promise` in Promise.all;
      // a void used as a value is still caught by tsc and no-misused-promises.
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read parsed JSON and poke at vendor payloads; an `any` there fails the test, never reaches a user.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes implement async interfaces (SDK clients, collectors) without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
