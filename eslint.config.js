import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // Untrusted text must never reach a shell: the process adapter takes argument arrays.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:child_process',
              importNames: ['exec', 'execSync'],
              message:
                'Use src/shared/process/supervisor.ts or @actions/exec (argument arrays, no shell).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests index into fixtures they built themselves; `!` there is an assertion, not a guess.
    files: ['test/**', 'bench/**', 'scripts/**', 'demo/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
