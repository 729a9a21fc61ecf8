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
const FEATURES = '(session|upload|compress|camera|boot|desktop|embed|app)';
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
  'i18n/isolate',
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
/*
 * no-restricted-imports reads import and export declarations only, not import(): the same patterns go to
 * no-restricted-syntax for dynamic imports, so a lazy chunk cannot step around a boundary.
 */
const dynamicImportsOf = (patterns) => [
  'error',
  ...patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message })),
];
const boundary = (files, ...patterns) => ({
  files,
  rules: { 'no-restricted-imports': restrict(...patterns), 'no-restricted-syntax': dynamicImportsOf(patterns) },
});

/*
 * Features are used by other folders only through their public entry, index.ts (`../upload`, never
 * `../upload/queue`). The shells compose features and no feature imports them: app/ (its entries are src/main.tsx
 * and src/entry-server.tsx, which may reach into it) and desktop/ (desktop.html's desktop-main.tsx). Shared folders
 * have their own rule above; test helpers (src/test/) build a feature's parts for its tests and are not bound.
 * Matched on the import text, so the prefix is counted from the importing file's depth: from src/desktop/home/,
 * `../session/` is desktop's own session/ folder, not the feature.
 */
const ENTRY_FEATURES = ['session', 'upload', 'compress', 'camera', 'embed'];
const SHELLS = ['app', 'desktop'];
const upToSrc = (depth) => (depth === 0 ? '\\./' : `(\\.\\./){${depth}}`);
const alternatives = (names) => `(${names.join('|')})`;
/** `allowed`: modules of upload/ the file may name directly (the after-pick chunk below). */
const noOtherFeatureInternals = (depth, own, allowed = []) => {
  const others = ENTRY_FEATURES.filter((name) => name !== own);
  const upload = allowed.length === 0 ? '' : `(?!upload/${alternatives(allowed)}$)`;
  return {
    regex: `^${upToSrc(depth)}${upload}${alternatives(others)}/`,
    message: 'Another feature is imported through its public entry, its index.ts (e.g. `../upload`), not its internal files.',
  };
};
const noShell = (depth, own) => ({
  regex: `^${upToSrc(depth)}${alternatives(SHELLS.filter((name) => name !== own))}(/|$)`,
  message: 'No feature imports a shell (app/, desktop/): the shells compose the features.',
});
const noSession = (depth) => ({
  regex: `^${upToSrc(depth)}session(/|$)`,
  message: 'session/ composes the other features (upload, compress, camera, embed); none of them imports it.',
});
/** What else a folder may not import, on top of the entries rule (flat config keeps only the last block's patterns). */
const folderRules = (folder, depth) =>
  ({
    upload: [noSession(depth), uploadImportsNoEmbed],
    compress: [noSession(depth), compressImportsNoUpload],
    camera: [noSession(depth)],
    embed: [noSession(depth)],
  })[folder] ?? [];
/*
 * The after-pick chunk (session/after-pick.ts, follow-queue.ts and queue-list.tsx, loaded with import() by use-session-queue.ts)
 * takes upload's lazy half straight from its modules. Through upload/index.ts, which the first bundle imports,
 * they would join the first bundle: measured +10.1 KB gzip (105.1 KB, over the then 95 KB budget), the wake lock
 * alone +1.0 KB. Only these modules, only from these files.
 */
const AFTER_PICK_CHUNK_FILES = ['src/session/after-pick.ts', 'src/session/follow-queue.ts', 'src/session/queue-list.tsx'];
const UPLOAD_MODULES_OF_AFTER_PICK = ['page-queue', 'queue-snapshot', 'components/queue-status-line', 'components/upload-list', 'wake-lock', 'e2e/e2e-notice'];
// The deepest feature folder today is two levels (src/upload/components/); three are checked.
const featureBoundaries = [
  boundary(['src/*.{ts,tsx}'], noOtherFeatureInternals(0)),
  ...[...ENTRY_FEATURES, ...SHELLS].flatMap((folder) =>
    [1, 2, 3].map((depth) =>
      boundary(
        [`src/${folder}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
        noOtherFeatureInternals(depth, folder),
        noShell(depth, folder),
        ...folderRules(folder, depth),
      ),
    ),
  ),
  boundary(AFTER_PICK_CHUNK_FILES, noOtherFeatureInternals(1, 'session', UPLOAD_MODULES_OF_AFTER_PICK), noShell(1, 'session')),
];

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
  boundary(['src/ui/**', 'src/lib/**', 'src/i18n/**', 'src/image-bytes/**'], sharedImportsNoFeature),
  ...featureBoundaries,
  boundary(['server/**'], serverImportsOnlyRenderedSrc, onlyAppImportsRoutes),
  boundary(['server/app.ts', 'server/routes/**'], serverImportsOnlyRenderedSrc),
  // The page's end-to-end sealing (and the desk's decrypt snippet), run with node:crypto as an integrator would: tests that must run with Node's
  // types, which src/'s tsconfig does not have. Tests only; no server module imports the page's upload code.
  boundary(['server/encryption/page-*.test.ts', 'server/encryption/desktop-*.test.ts'], onlyAppImportsRoutes),
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
