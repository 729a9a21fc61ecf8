import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The compression bench page: the page's own pipeline (src/compress, bundled by Vite exactly as the page bundles
 * it, library worker and all) next to the native one-shot path, in one small page the bench serves on loopback.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: path.resolve(import.meta.dirname, '../.work/compress-dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: ['es2020', 'chrome90'],
  },
});
