import { createHash } from 'node:crypto';

/**
 * Who may frame the page. Embedding in an integrator's site is a documented use (the page posts `apertur:*`
 * messages to its parent), so any origin for now; a FRAME_ANCESTORS setting can narrow it later.
 */
const FRAME_ANCESTORS = '*';

/**
 * The page loads nothing from anywhere else: no CDN, fonts or analytics, and no inline script. Its one inline
 * style, the stylesheet the build puts in the HTML (vite-plugins/inline-css.ts), is allowed by its hash alone.
 */
function csp(styleHashes: readonly string[], scriptSrc = "script-src 'self'"): string {
  return [
    "default-src 'self'",
    "img-src 'self' blob: data:",
    // blob: too: Chromium checks connect-src when an <img> of a picked file fails to decode (a PDF, a HEIC), so every
    // thumbnail of a refused file was a CSP violation. A blob: URL only ever names data already in this page.
    "connect-src 'self' blob:",
    "worker-src 'self' blob:",
    scriptSrc,
    ['style-src', "'self'", ...styleHashes].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${FRAME_ANCESTORS}`,
  ].join('; ');
}

/**
 * The phone page's scripts: its own, and WebAssembly compiled from bytes it fetched from this origin (the HEIC
 * decoder, src/compress/heic-decode.ts, for browsers that cannot decode HEIC). 'wasm-unsafe-eval' allows compiling
 * WebAssembly and nothing else: no eval(), no new Function(), no inline script. Workers started from the page's
 * origin run under it too where the browser gives them the page's policy.
 */
const PHONE_SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval'";

/** The policy for a page without inline styles and without WebAssembly (the desktop view). */
export const PAGE_CSP = csp([]);

/** The phone page's policy when it is not built (the "not built" page): the same as when it is. */
export const PHONE_PAGE_CSP = csp([], PHONE_SCRIPT_SRC);

/** `<style>` elements of the document's head (never its body, where rendered content lives). */
const HEAD_STYLE = /<style>([\s\S]*?)<\/style>/g;

/**
 * The phone page's policy for this exact HTML: its head's `<style>` elements allowed by their SHA-256, nothing else
 * inline; WebAssembly may be compiled (PHONE_SCRIPT_SRC).
 */
export function pageCsp(html: string): string {
  const headEnd = html.indexOf('</head>');
  const head = headEnd === -1 ? '' : html.slice(0, headEnd);
  const hashes = [...head.matchAll(HEAD_STYLE)].map((match) => `'sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}'`);
  return csp(hashes, PHONE_SCRIPT_SRC);
}
