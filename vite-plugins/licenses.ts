import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** Where the build puts them; the server serves dist/ as files, so they are at /licenses/… (server/routes/page.ts). */
export const LICENSES_DIR = 'licenses';
export const NOTICE_FILE = `${LICENSES_DIR}/THIRD-PARTY-NOTICES.txt`;
export const LIBHEIF_LICENSE_FILE = `${LICENSES_DIR}/libheif-LICENSE.txt`;

/** The notice for what qrdrop ships that is not MIT: libheif-js (libheif and libde265 in WebAssembly), LGPL-3.0. */
export function thirdPartyNotice(libheifJsVersion: string): string {
  return `Third-party software served by qrdrop
=====================================

qrdrop itself is MIT-licensed. The phone page and the desktop view load one component under another licence:

libheif-js ${libheifJsVersion} (https://github.com/catdad-experiments/libheif-js)
  libheif, Copyright (c) 2017 struktur AG, Dirk Farin (https://github.com/strukturag/libheif)
  libde265, Copyright (c) 2013-2014 struktur AG, Dirk Farin (https://github.com/strukturag/libde265)
  Licence: GNU Lesser General Public License, version 3 (LGPL-3.0), which incorporates the GNU General Public
  License, version 3: both texts, with libheif's own licence statement, in /${LIBHEIF_LICENSE_FILE}

  Used to decode HEIC photos in browsers that cannot. It is not part of qrdrop's own code: it is the HEIC decoder
  chunks (assets/heic-decode-*.js, assets/heic-size-worker-*.js, assets/heic-preview-worker-*.js) and
  assets/libheif-*.wasm, each a separate file, fetched only when a HEIC photo needs decoding, and unmodified
  (the npm package libheif-js ${libheifJsVersion} as published). The source of this version is at
  https://github.com/catdad-experiments/libheif-js/tree/v${libheifJsVersion} and of libheif and libde265 at the
  addresses above. To use a modified libheif, build libheif-js from it and rebuild qrdrop (npm run build), or put
  your own build in place of those files.
`;
}

/**
 * Writes the third-party notice and libheif's licence texts into the phone build (the desktop build shares its
 * folder), so a qrdrop server always serves the licence of the decoder it serves. The licence text is read from
 * the installed package, so it follows the version shipped.
 */
export function licenses(): Plugin {
  return {
    name: 'qrdrop:licenses',
    apply: 'build',
    generateBundle() {
      const packageJson = require.resolve('libheif-js/package.json');
      const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string };
      const licence = fs.readFileSync(path.join(path.dirname(packageJson), 'libheif-wasm', 'LICENSE'), 'utf8');
      this.emitFile({ type: 'asset', fileName: NOTICE_FILE, source: thirdPartyNotice(version) });
      this.emitFile({ type: 'asset', fileName: LIBHEIF_LICENSE_FILE, source: licence });
    },
  };
}
