import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './vite-plugins/precompress';

// The page is served by the qrdrop server in production; in `npm run dev` Vite proxies the API to it.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    target: ['es2020', 'safari14', 'chrome90'],
    outDir: 'dist',
    assetsInlineLimit: 0,
    sourcemap: false,
    // Browsers without <link rel=modulepreload> (Safari < 17) still load every chunk, just a little later;
    // the polyfill would cost every phone ~0.4 KB of the first bundle.
    modulePreload: { polyfill: false },
  },
  // Two pages from one source tree, built one after the other into the same folder: the phone page
  // ("client") and the desktop view. Built together, they would share chunks, and the phone would pay
  // ~2 KB of the split's glue and of code only the desktop uses.
  environments: {
    client: { build: { rollupOptions: { input: { main: 'index.html' } } } },
    desktop: {
      consumer: 'client',
      // Same outDir as the phone build (a --outDir on the command line applies to both); never empty it.
      build: { emptyOutDir: false, rollupOptions: { input: { desktop: 'desktop.html' } } },
    },
  },
  // `vite build` builds both, phone first (it empties outDir), then desktop.
  builder: {
    async buildApp(builder) {
      for (const name of ['client', 'desktop']) {
        const environment = builder.environments[name];
        if (environment === undefined) throw new Error(`vite.config.ts: no "${name}" environment`);
        await builder.build(environment);
      }
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '8080'}` },
  },
});
