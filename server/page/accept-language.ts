/**
 * Accept-Language's tags, most preferred first (`fr-CA;q=0.9, en;q=0.8` → `['fr-CA', 'en']`): what the page calls
 * `navigator.languages`. Tags refused with q=0 and the wildcard are left out; equal weights keep their order.
 */
export function acceptLanguages(header: string | undefined): string[] {
  const weighted: { tag: string; q: number }[] = [];
  for (const item of (header ?? '').split(',')) {
    const [tag = '', ...params] = item.split(';').map((part) => part.trim());
    const qParam = params.find((param) => param.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (tag !== '' && tag !== '*' && Number.isFinite(q) && q > 0) weighted.push({ tag, q });
  }
  // Array.prototype.sort is stable: ties stay in the header's order.
  return weighted.sort((a, b) => b.q - a.q).map((entry) => entry.tag);
}
