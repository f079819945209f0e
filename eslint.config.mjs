// One flat config for every project; the inferred `lint` target runs
// `eslint .` from the project root.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const providerRootImport = {
  name: '',
  message:
    'Import the resource you need from its deep path (e.g. @cdktf/provider-aws/lib/vpc): the package root loads every resource class and costs ~12x synth time and ~7x memory.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/cdktf.out/**', '**/cdktf.out.*/**', '**/dist/**', '.nx/**', '**/coverage/**', '.venv/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { ...providerRootImport, name: '@cdktf/provider-aws' },
            { ...providerRootImport, name: '@cdktf/provider-cloudflare' },
            { ...providerRootImport, name: '@cdktf/provider-aws/lib' },
            { ...providerRootImport, name: '@cdktf/provider-cloudflare/lib' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
