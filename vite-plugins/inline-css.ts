import type { Plugin } from 'vite';

/**
 * Puts the phone page's stylesheet into its HTML as a `<style>` element, instead of a render-blocking request: the
 * server-rendered first screen then paints with the HTML alone (one round trip fewer on a phone, ~2 KB of
 * compressed CSS more per page). The server allows exactly that element through its CSP hash
 * (server/page/page-csp.ts). Only for `entry` (the desktop view keeps its file); a stylesheet that could end the
 * element early (`</style`) is left as a link.
 */
export function inlineCss(entry = 'index.html'): Plugin {
  return {
    name: 'qrdrop:inline-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (context.bundle === undefined || !context.filename.endsWith(`/${entry}`)) return html;
        const bundle = context.bundle;
        return html.replace(/<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g, (link, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') return link;
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          if (/<\/style/i.test(css)) return link;
          // Nothing else loads this file: it is not written at all.
          delete bundle[fileName];
          return `<style>${css}</style>`;
        });
      },
    },
  };
}
