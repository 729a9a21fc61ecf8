import type { Page, TestInfo } from '@playwright/test';

/** One place where text does not fit: what it is, why, and by how many pixels. */
export interface LayoutProblem {
  what: string;
  problem: 'clipped' | 'overflowing' | 'outside-viewport' | 'document-scrolls-sideways';
  by: number;
}

/**
 * Runs in the page (self-contained: no closures). Finds text that is cut off or runs off the screen:
 * - an element that clips (overflow hidden/clip, or text-overflow) and holds visible text wider or taller than its box;
 * - a block with its own text that runs out of its box sideways (a long word that does not wrap);
 * - a visible element with its own text whose box leaves the viewport to the left or right;
 * - a document that scrolls sideways.
 * `width` is the screen's (Playwright's viewport): a phone browser widens its layout viewport to fit content
 * that overflows, so `innerWidth` would grow with the very problem looked for.
 * Visually hidden elements (screen-reader only: 1 px boxes, clip rects) are not looked at.
 */
export function findLayoutProblems(width: number): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const describe = (element: Element): string => {
    const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
    const classes = typeof element.className === 'string' && element.className !== '' ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    return `${element.tagName.toLowerCase()}${classes} "${text}"`;
  };
  const srOnly = (element: Element): boolean => {
    for (let node: Element | null = element; node !== null; node = node.parentElement) {
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      if ((box.width <= 2 && box.height <= 2) || (style.clip !== 'auto' && style.clip !== '') || style.clipPath.startsWith('inset(50%')) return true;
    }
    return false;
  };
  const ownText = (element: Element): boolean =>
    [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '') ||
    ((element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) && element.type !== 'hidden' && element.value !== '');

  for (const element of document.body.querySelectorAll('*')) {
    if (!(element instanceof HTMLElement) || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || srOnly(element)) continue;
    const clipsX = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow !== 'clip';
    const clipsY = ['hidden', 'clip'].includes(style.overflowY);
    const hasText = (element.innerText ?? '').trim() !== '' || ownText(element);
    // Form fields scroll their own text by design (a long link in a read-only field); only their box is checked.
    const field = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement;
    if (hasText && !field) {
      if (clipsX && element.scrollWidth > element.clientWidth + 1) {
        problems.push({ what: describe(element), problem: 'clipped', by: element.scrollWidth - element.clientWidth });
      } else if (clipsY && element.scrollHeight > element.clientHeight + 1) {
        problems.push({ what: describe(element), problem: 'clipped', by: element.scrollHeight - element.clientHeight });
      } else if (style.overflowX === 'visible' && style.display !== 'inline' && ownText(element) && element.scrollWidth > element.clientWidth + 1) {
        problems.push({ what: describe(element), problem: 'overflowing', by: element.scrollWidth - element.clientWidth });
      }
    }
    if (ownText(element)) {
      const box = element.getBoundingClientRect();
      const beyond = Math.max(box.right - width, -box.left);
      if (beyond > 1) problems.push({ what: describe(element), problem: 'outside-viewport', by: Math.round(beyond) });
    }
  }
  const sideways = Math.max(document.documentElement.scrollWidth, window.innerWidth) - width;
  if (sideways > 0) problems.push({ what: 'html', problem: 'document-scrolls-sideways', by: sideways });
  return problems;
}

/** The screen's layout problems, after attaching a full-page screenshot of it for a person to look at. */
export async function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<LayoutProblem[]> {
  // Fonts first: a fallback font measured, then swapped, would hide a problem or invent one.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await testInfo.attach(`${testInfo.project.name} ${name}.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  return page.evaluate(findLayoutProblems, screenWidth(page));
}

export function screenWidth(page: Page): number {
  const size = page.viewportSize();
  if (size === null) throw new Error('the layout check needs a fixed viewport');
  return size.width;
}

/**
 * Whether this machine draws `sample` with a real font, or as the boxes of a missing glyph (a machine without a
 * Japanese font): the sample is drawn next to a private-use character, which no font has; identical pixels
 * mean boxes. The layout is still measured then (a box is about as wide as the glyph), but a person looking at
 * the screenshots should know.
 */
export function drawsWithRealGlyphs(page: Page, sample: string): Promise<boolean> {
  return page.evaluate((text) => {
    const draw = (content: string) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64 * content.length;
      canvas.height = 64;
      const context = canvas.getContext('2d');
      if (context === null) return '';
      context.font = `48px ${getComputedStyle(document.body).fontFamily}`;
      context.fillText(content, 0, 52);
      return canvas.toDataURL();
    };
    return draw(text) !== draw('\uE000'.repeat([...text].length));
  }, sample);
}
