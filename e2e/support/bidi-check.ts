/**
 * Runs in the page (self-contained: no closures). Finds outside text (a file name, a session label, "20 MB")
 * sitting in a translated sentence without a directional isolate, where an Arabic layout would reorder it with
 * the sentence around it:
 * - visible text: the value inside a longer text node, or beside other text in its element, not in a <bdi>;
 * - an attribute a screen reader reads (aria-label, aria-valuetext, title, alt, placeholder): the value in a
 *   longer string, not between U+2068 and U+2069 (markup cannot go there).
 * Text that is the value alone (a file name in its own paragraph) is not in a sentence, and passes.
 * Also a <bdi> that is a flex or grid item: it is then laid out as a box of its own, off the sentence's line.
 */
export function findUnisolatedText(values: readonly string[]): string[] {
  const problems: string[] = [];
  const ATTRIBUTES = ['aria-label', 'aria-valuetext', 'title', 'alt', 'placeholder'];
  const inBdi = (node: Node): boolean => {
    for (let at = node.parentElement; at !== null; at = at.parentElement) if (at.tagName === 'BDI') return true;
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    // Not text at all: the page's JSON data block, its styles.
    const parent = node.parentElement;
    if (parent === null || parent.closest('script, style, template') !== null) continue;
    const text = node.textContent ?? '';
    const around = (parent.textContent ?? '').trim();
    for (const value of values) {
      if (!text.includes(value) || inBdi(node)) continue;
      if (text.trim() === value && around === value) continue;
      problems.push(`text "${around.slice(0, 80)}" holds "${value}" without <bdi>`);
    }
  }
  for (const element of document.querySelectorAll('*')) {
    for (const name of ATTRIBUTES) {
      const attribute = element.getAttribute(name);
      if (attribute === null) continue;
      for (const value of values) {
        if (!attribute.includes(value) || attribute === value) continue;
        if (attribute.includes(`\u2068${value}\u2069`)) continue;
        problems.push(`${element.tagName.toLowerCase()} ${name}="${attribute.slice(0, 80)}" holds "${value}" without U+2068…U+2069`);
      }
    }
  }
  for (const bdi of document.querySelectorAll('bdi')) {
    const parent = bdi.parentElement;
    if (parent === null) continue;
    const display = getComputedStyle(parent).display;
    if (/flex|grid/.test(display)) problems.push(`<bdi> "${bdi.textContent ?? ''}" is a ${display} item of ${parent.tagName.toLowerCase()}.${parent.className}: out of its sentence's line`);
  }
  return problems;
}
