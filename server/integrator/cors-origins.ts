/**
 * INTEGRATOR_CORS_ORIGINS: comma-separated origins (`scheme://host[:port]`, nothing after it), the only browser
 * origins allowed to call the integrator routes. Returns the origins, normalised as browsers send them in `Origin`,
 * or the first entry that is not an origin.
 */
export function parseOriginList(list: string): string[] | string {
  const entries = list.split(',').map((entry) => entry.trim()).filter(Boolean);
  const origins: string[] = [];
  for (const entry of entries) {
    const wanted = entry.replace(/\/+$/, '').toLowerCase();
    let origin: string | null = null;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = null;
    }
    if (origin === null || origin !== wanted || !/^https?:\/\//.test(wanted)) return entry;
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}
