// Lint enforces the dependency rules of ARCHITECTURE.md and keeps files small.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const fileSize = ['error', { max: 400, skipBlankLines: true, skipComments: true }];

/** Imports that reach outside the editor-independent core. */
const coreMustNotImport = [
  { name: 'vscode', message: 'src/ is editor-independent: reach VS Code through a port in src/host/.' },
];
const corePatterns = [
  { group: ['**/extension', '**/extension/**'], message: 'src/ must not import extension/.' },
  { group: ['**/webview-ui', '**/webview-ui/**'], message: 'src/ must not import webview-ui/.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'test-artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'max-lines': fileSize,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: coreMustNotImport, patterns: corePatterns }],
    },
  },
  {
    // The protocol is shared with the browser: plain TypeScript, nothing from Node, npm or the DOM.
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./)', message: 'src/protocol/ imports only its own files.' }],
      }],
    },
  },
  {
    files: ['webview-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          // Browser libraries for rendering model text (markdown, sanitising, highlighting) are allowed.
          { regex: '^(?!\\.|markdown-it$|dompurify$|highlight\\.js(/|$))', message: 'webview-ui/ may import only src/protocol/, its own files and the markdown libraries.' },
          { regex: '/src/(?!protocol/)', message: 'webview-ui/ may import only src/protocol/.' },
          { regex: '(^|/)extension(/|$)', message: 'The webview talks to the extension through messages only.' },
        ],
      }],
    },
  },
  {
    files: ['extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/webview-ui', '**/webview-ui/**'], message: 'The webview talks to the extension through messages only.' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', window: 'readonly', Element: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
