import { removeJpegGps } from './exif-gps-jpeg';
import { removeHeicGps } from './exif-gps-heic';
import { removeWebpGps } from './exif-gps-webp';
import type { SniffedImageType } from './file-sniff';
import type { GpsRemoval } from './gps-removal-result';

export type { GpsRemoval };

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
