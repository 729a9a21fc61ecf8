import path from 'node:path';
import { defineConfig } from 'vite';
import { precompress } from '../../vite-plugins/precompress';

/**
 * The bench's peer pages (Uppy and FilePond, issue 16), each bundled and minified by Vite as an integrator would
 * ship it. Served by the bench's qrdrop server from its build folder, under /bench-baselines/peers/, on the same
 * origin as the page and the API (so no CORS, and the same network). Built with qrdrop's own browser targets, and
 * precompressed as qrdrop's build is (.br and .gz beside each asset), so the server sends them compressed too.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  base: '/bench-baselines/peers/',
  logLevel: 'warn',
  plugins: [precompress()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../.work/peers-dist'),
    emptyOutDir: true,
    target: ['es2020', 'safari14', 'chrome90'],
    rollupOptions: {
      input: { uppy: path.resolve(import.meta.dirname, 'uppy/index.html'), filepond: path.resolve(import.meta.dirname, 'filepond/index.html') },
    },
  },
});
