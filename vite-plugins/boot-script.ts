import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * The boot script (src/boot/boot.ts) as its own small file, first among the scripts of `entry`: module scripts run
 * in document order, so it is listening before the main bundle runs, and the main bundle's download never waits
 * for it. Built as a second entry of the phone page's build (hashed under assets/, minified, precompressed like
 * the rest); in `npm run dev`, Vite serves the source.
 */
export function bootScript(entry = 'index.html', source = 'src/boot/boot.ts'): Plugin {
  return {
    name: 'qrdrop:boot-script',
    applyToEnvironment: (environment) => environment.name === 'client',
    buildStart() {
      if (this.environment.mode === 'build') this.emitFile({ type: 'chunk', id: path.resolve(source), name: 'boot' });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.filename.endsWith(`/${entry}`)) return html;
        let src = `/${source}`;
        if (context.bundle !== undefined) {
          const chunk = Object.values(context.bundle).find((output) => output.type === 'chunk' && output.isEntry && output.name === 'boot');
          if (chunk === undefined) throw new Error(`boot-script: ${source} is not in the build`);
          src = `/${chunk.fileName}`;
        }
        const tag = `<script type="module" src="${src}"></script>`;
        const firstScript = html.search(/<script\b/);
        return firstScript === -1 ? html.replace('</head>', `${tag}</head>`) : `${html.slice(0, firstScript)}${tag}\n    ${html.slice(firstScript)}`;
      },
    },
  };
}
