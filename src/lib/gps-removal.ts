import { removeJpegGps } from './exif-gps-jpeg';
import { removeHeicGps } from './exif-gps-heic';
import { removeWebpGps } from './exif-gps-webp';
import type { SniffedImageType } from './file-sniff';

export type GpsRemoval =
  /** The same picture, byte for byte, minus its location data. */
  | { kind: 'stripped'; blob: Blob }
  | { kind: 'no-gps' }
  /** The container could not be walked: nobody can say the location is gone. */
  | { kind: 'unparseable' };

/**
 * Location data out of a photo that is otherwise sent as it is (no re-encoding).
 * PNG (eXIf) is not handled: cameras do not write PNG, and screenshots carry no position.
 */
export function removeGps(file: Blob, type: SniffedImageType): Promise<GpsRemoval> {
  switch (type) {
    case 'image/jpeg':
      return removeJpegGps(file);
    case 'image/webp':
      return removeWebpGps(file);
    case 'image/heic':
      return removeHeicGps(file);
    case 'image/png':
    case 'image/avif':
    case 'image/gif':
    case 'image/bmp':
    case 'image/tiff':
      return Promise.resolve({ kind: 'no-gps' });
  }
}
