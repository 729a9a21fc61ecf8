import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import type { RenderRequest } from '../../src/app/render-request';
import type { RenderedPage } from './fill-shell';

/** Where `npm run build` puts the server-side render (vite.config.ts, `ssr` environment), under dist. */
export const SSR_DIR = 'server';
export const SSR_ENTRY = `${SSR_DIR}/entry-server.js`;

/** src/entry-server.tsx's `renderPage`, as the server calls it. */
export type RenderPage = (request: RenderRequest) => RenderedPage | null;

const Entry = v.object({ renderPage: v.custom<(request: RenderRequest) => unknown>((value) => typeof value === 'function') });
const Rendered = v.nullable(
  v.object({
    html: v.string(),
    lang: v.string(),
    dir: v.optional(v.picklist(['ltr', 'rtl'])),
    title: v.string(),
    colorScheme: v.nullable(v.picklist(['light', 'dark'])),
    bodyEnd: v.optional(v.string()),
    dataId: v.string(),
    data: v.unknown(),
  }),
);

/**
 * Loads the build's server-side render, or null when there is none (not built yet, a build from before server
 * rendering): the page is then the static shell. Checked per request like index.html, so a rebuild is picked up
 * without a restart: each new build (new mtime) is imported under its own URL.
 */
export function ssrBundleLoader(distDir: string): () => Promise<RenderPage | null> {
  const file = path.join(distDir, SSR_ENTRY);
  let loaded: { mtimeMs: number; render: RenderPage } | undefined;
  return async () => {
    const stat = await fs.stat(file).catch(() => null);
    if (stat === null) return null;
    if (loaded?.mtimeMs !== stat.mtimeMs) {
      const entry = v.parse(Entry, await import(`${pathToFileURL(file).href}?v=${stat.mtimeMs}`));
      loaded = { mtimeMs: stat.mtimeMs, render: (request) => v.parse(Rendered, entry.renderPage(request)) };
    }
    return loaded.render;
  };
}
