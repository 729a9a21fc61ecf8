/**
 * compress/'s public entry. Loaded only with import() (src/upload/load-preparation.ts), as its own chunk
 * (assets/compress-*.js): a static import of anything but types from here would put the compression code in
 * the page's first bundle. What lives where: prepare-for-upload.ts.
 */
export { prepareForUpload } from './prepare-for-upload';
