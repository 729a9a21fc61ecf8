import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page is served by the qrdrop server in production; in `npm run dev` Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: {
    target: ['es2020', 'safari14', 'chrome90'],
    outDir: 'dist',
    assetsInlineLimit: 0,
    sourcemap: false,
    // Two pages from one source tree: the phone page and the desktop view, each with only the code it uses.
    rollupOptions: {
      input: { main: 'index.html', desktop: 'desktop.html' },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '8080'}` },
  },
});
