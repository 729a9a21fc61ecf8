/**
 * The origin the integrator embeds the page from, as it says in the iframe's URL: `/u/{id}?parentOrigin=https://app.example.com`.
 * Messages are posted to that origin only (the browser drops them if the parent is anyone else), never to "*".
 * Null when absent or not a bare http(s) origin: then the page posts nothing.
 */
export function parentOriginFrom(search: string): string | null {
  const value = new URLSearchParams(search).get('parentOrigin');
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin === value.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}
