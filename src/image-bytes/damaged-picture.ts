/**
 * The picture itself is broken (a HEIC whose data libheif cannot read, heic-decode.ts): no other strategy would do
 * better, so withFallback does not try one, and the person is told the photo is damaged rather than that this
 * browser cannot convert it. It crosses the worker as an error message starting with DAMAGED_PICTURE.
 */
export const DAMAGED_PICTURE = 'Damaged picture';

export class DamagedPicture extends Error {
  constructor(detail: string) {
    super(detail.startsWith(DAMAGED_PICTURE) ? detail : `${DAMAGED_PICTURE}: ${detail}`);
    this.name = 'DamagedPicture';
  }
}
