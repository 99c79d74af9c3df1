// Lint for what tsc cannot see: promises nobody waits for or that land where nobody waits, hooks called out
// of order, imports that keep a type-only module alive. Layout is Prettier's job: eslint-config-prettier,
// last, turns off every rule that would argue with it.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier/flat';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  // ESLint skips node_modules/ by itself.
  globalIgnores(['.next/', 'next-env.d.ts', 'tests/programs/bench/results/']),

  js.configs.recommended,
  // Not strictTypeChecked: it adds some 550 findings, nearly all style (numbers in template strings, `!`
  // after the indexed reads that noUncheckedIndexedAccess makes common, void arrow bodies) or flags that
  // change across an await or in a callback, which no-unnecessary-condition takes for constants.
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Types from the tsconfig's own program: the files and compiler options of tsc --noEmit.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Both are in recommendedTypeChecked; named because they are why we lint (STYLE.md).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // tsc's verbatimModuleSyntax already rejects a type imported as a value; this keeps the house style
      // for the fix: `import type` when every name is a type, an inline `type` beside values.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // Under verbatimModuleSyntax `import { type A } from 'm'` still loads m at run time; `import type` does not.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    // Plain JS (this file) is outside the tsconfig's program, so it has no types to check against.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, nextPlugin.configs.recommended],
  },

  prettier,
]);
