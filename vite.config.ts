import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bootScript } from './vite-plugins/boot-script';
import { inlineCss } from './vite-plugins/inline-css';
import { licenses } from './vite-plugins/licenses';
import { precompress } from './vite-plugins/precompress';

// The page is served by the qrdrop server in production; in `npm run dev` Vite proxies the API to it.
export default defineConfig({
  // Build-time .br/.gz copies are for what browsers download; the server-side render is read by Node only.
  // The phone page's stylesheet goes into its HTML (vite-plugins/inline-css.ts): the first paint needs one request.
  // Its boot script (vite-plugins/boot-script.ts) takes picks made before the main bundle runs.
  // The LGPL notice of the HEIC decoder goes beside it (vite-plugins/licenses.ts), once, with the phone page.
  plugins: [
    react(),
    bootScript('index.html'),
    inlineCss('index.html'),
    { ...precompress(), applyToEnvironment: (environment) => environment.config.consumer === 'client' },
    { ...licenses(), applyToEnvironment: (environment) => environment.name === 'client' },
  ],
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
  // ~2 KB of the split's glue and of code only the desktop uses. Then the phone page's server-side render.
  environments: {
    client: { build: { rollupOptions: { input: { main: 'index.html' } } } },
    desktop: {
      consumer: 'client',
      // Same outDir as the phone build (a --outDir on the command line applies to both); never empty it.
      build: { emptyOutDir: false, rollupOptions: { input: { desktop: 'desktop.html' } } },
    },
    // src/entry-server.tsx for the qrdrop server (server/page/ssr-bundle.ts), into outDir's server/ folder, which
    // the server never serves as a file. Self-contained: React and the rest are bundled in, since a production
    // install has no devDependencies; and React's production build, whatever NODE_ENV the server runs with.
    ssr: {
      consumer: 'server',
      resolve: { noExternal: true },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        ssr: 'src/entry-server.tsx',
        emptyOutDir: false,
        copyPublicDir: false,
        // Names under outDir rather than an outDir of its own, so `--outDir` (the bench's) moves it too.
        rollupOptions: { output: { entryFileNames: 'server/entry-server.js', chunkFileNames: 'server/[name]-[hash].js' } },
      },
    },
  },
  // `vite build` builds the three, phone first (it empties outDir), then desktop, then the server-side render.
  builder: {
    async buildApp(builder) {
      for (const name of ['client', 'desktop', 'ssr']) {
        const environment = builder.environments[name];
        if (environment === undefined) throw new Error(`vite.config.ts: no "${name}" environment`);
        await builder.build(environment);
      }
    },
  },
  // The preparation worker (src/compress/native-worker.ts, started as a module worker) loads the HEIC decoder with
  // import() only when a HEIC must be converted: an ES module worker can split that chunk off, an IIFE one cannot.
  worker: { format: 'es' },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '8080'}` },
  },
});
