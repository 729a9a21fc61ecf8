/**
 * `Content-Disposition: attachment` for a stored photo: the cleaned original name in UTF-8 (RFC 6266 / 8187
 * `filename*`), plus a plain-ASCII `filename` for old clients. Always attachment: a browser must never render
 * an uploaded file inline under our origin.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
