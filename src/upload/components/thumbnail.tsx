import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../ui/icon';

/**
 * A small preview of `picture` (the photo's prepared preview, or the file itself): an object URL, revoked when
 * the item goes away so a long session does not keep every photo in memory. No picture yet (still being
 * prepared), or one the browser cannot show (HEIC on Chromium): a neutral picture. Decorative: the file name
 * next to it says which photo it is.
 */
export function Thumbnail({ picture }: { picture: Blob | undefined }) {
  const imageRef = useRef<HTMLImageElement>(null);
  const [unshown, setUnshown] = useState<Blob>();
  useEffect(() => {
    const image = imageRef.current;
    if (picture === undefined || image === null || typeof URL.createObjectURL !== 'function') return undefined;
    const objectUrl = URL.createObjectURL(picture);
    image.src = objectUrl;
    return () => {
      image.removeAttribute('src');
      URL.revokeObjectURL(objectUrl);
    };
  }, [picture]);
  if (picture === undefined || picture === unshown) {
    return (
      <span className="thumbnail thumbnail--empty">
        <Icon name="images" />
      </span>
    );
  }
  return <img ref={imageRef} className="thumbnail" alt="" width={56} height={56} decoding="async" onError={() => setUnshown(picture)} />;
}
