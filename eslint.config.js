import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Import boundaries (no-restricted-imports, matched on the import text). Folder patterns, so a file may move within
 * its folder. Flat config replaces a rule's options for later matching objects: each block below lists all of the
 * patterns that apply to its files.
 */
const FEATURES = '(session|upload|compress|camera|desktop|embed|app)';
const sharedImportsNoFeature = {
  regex: `^(\\.\\./)+${FEATURES}(/|$)`,
  message: 'Shared folders (ui, lib, i18n, image-bytes) import no feature folder.',
};
const compressImportsNoUpload = { regex: '^(\\.\\./)+upload(/|$)', message: 'compress/ never imports upload/.' };
const uploadImportsNoEmbed = { regex: '^(\\.\\./)+embed(/|$)', message: 'upload/ never imports embed/ (session/ composes them).' };
// What the server takes from src/ today: the SSR entry, catalogs and texts it renders, the byte parsers it fuzzes.
const SERVER_SRC_ALLOWED = [
  'app/render-request',
  'i18n/catalog-types',
  'i18n/share-email',
  'i18n/en',
  'i18n/es',
  'i18n/fr',
  'i18n/remembered-language',
  'image-bytes/exif-gps',
  'image-bytes/exif-gps-heic',
  'image-bytes/exif-gps-jpeg',
  'image-bytes/exif-gps-webp',
  'image-bytes/file-sniff',
  'image-bytes/image-header',
  'test/exif-fixture',
];
const serverImportsOnlyRenderedSrc = {
  regex: `^(\\.\\./)+src/(?!(${SERVER_SRC_ALLOWED.join('|')})$)`,
  message: 'The server imports from src/ only what it renders (see SERVER_SRC_ALLOWED in eslint.config.js).',
};
const onlyAppImportsRoutes = {
  regex: '^(\\./|(\\.\\./)+)routes(/|$)',
  message: 'Only server/app.ts imports server/routes/.',
};
const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'data', 'bench/.work', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    files: ['server/**/*.ts', 'vite-plugins/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  { files: ['src/ui/**', 'src/lib/**', 'src/i18n/**', 'src/image-bytes/**'], rules: { 'no-restricted-imports': restrict(sharedImportsNoFeature) } },
  { files: ['src/compress/**'], rules: { 'no-restricted-imports': restrict(compressImportsNoUpload) } },
  { files: ['src/upload/**'], rules: { 'no-restricted-imports': restrict(uploadImportsNoEmbed) } },
  { files: ['server/**'], rules: { 'no-restricted-imports': restrict(serverImportsOnlyRenderedSrc, onlyAppImportsRoutes) } },
  { files: ['server/app.ts', 'server/routes/**'], rules: { 'no-restricted-imports': restrict(serverImportsOnlyRenderedSrc) } },
  // The page's end-to-end sealing (and the desk's decrypt snippet), run with node:crypto as an integrator would: tests that must run with Node's
  // types, which src/'s tsconfig does not have. Tests only; no server module imports the page's upload code.
  { files: ['server/encryption/page-*.test.ts', 'server/encryption/desktop-*.test.ts'], rules: { 'no-restricted-imports': restrict(onlyAppImportsRoutes) } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: {
        // Root-level config files live in tsconfig.node.json, which the project service cannot find by name.
        projectService: { allowDefaultProject: ['*.config.ts'], defaultProject: 'tsconfig.node.json' },
        tsconfigRootDir: import.meta.dirname,
      }, },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
    },
  },
);
