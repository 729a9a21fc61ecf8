/** What the server-side render (src/entry-server.tsx) hands back, checked at the boundary (ssr-bundle.ts). */
export interface RenderedPage {
  html: string;
  lang: string;
  /** Absent from a build made before right-to-left languages: left to right. */
  dir?: 'ltr' | 'rtl';
  title: string;
  colorScheme: 'light' | 'dark' | null;
  /** Markup after #root (the boot script's status line); absent from a build made before it. */
  bodyEnd?: string;
  dataId: string;
  data: unknown;
}

const SHELL = /<!--shell-start-->[\s\S]*<!--shell-end-->/;

/**
 * JSON that is safe inside `<script type="application/json">`: no `<` (so no `</script>` or `<!--`), no `>`
 * or `&`, and no U+2028/U+2029 (line terminators to older JavaScript parsers). All become \uXXXX escapes, which
 * JSON.parse reads back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for an element's content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The built index.html with the rendered screen in place of the static shell, `bodyEnd` and the data block at the end of the body, and the
 * language, title and forced colour scheme the page would otherwise set once its JavaScript ran.
 * Null when the shell has no place for it (an index.html from before server rendering).
 */
export function fillShell(shell: string, page: RenderedPage): string | null {
  if (!SHELL.test(shell) || !/<html[^>]*>/.test(shell) || !/<title>[^<]*<\/title>/.test(shell) || !shell.includes('</body>')) return null;
  const dir = page.dir === 'rtl' ? ' dir="rtl"' : '';
  const scheme = page.colorScheme === null ? '' : ` data-color-scheme="${page.colorScheme}"`;
  const dataBlock = `<script type="application/json" id="${escapeHtml(page.dataId)}">${jsonForScript(page.data)}</script>`;
  return shell
    .replace(/<html[^>]*>/, `<html lang="${escapeHtml(page.lang)}"${dir}${scheme}>`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(page.title)}</title>`)
    .replace('</body>', () => `${page.bodyEnd ?? ''}${dataBlock}</body>`)
    // Last, so nothing in the rendered markup can be mistaken for the shell's tags.
    .replace(SHELL, () => page.html);
}
