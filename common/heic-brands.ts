/**
 * Facts the page (src/) and the server (server/) must agree on, in one place both import. Plain TypeScript with no
 * imports and no runtime globals, so it builds for the browser, the server-side render and Node alike.
 *
 * ISO-BMFF brands of an `ftyp` box: HEVC-coded HEIF still images are image/heic. `mif1`/`msf1` are the generic HEIF
 * brands: they mean image/heic only when no AVIF brand says the pictures are AV1.
 */
export const HEIC_BRANDS: ReadonlySet<string> = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
export const GENERIC_HEIF_BRANDS: ReadonlySet<string> = new Set(['mif1', 'msf1']);
export const AVIF_BRANDS: ReadonlySet<string> = new Set(['avif', 'avis']);
