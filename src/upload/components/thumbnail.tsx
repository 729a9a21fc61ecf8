import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../ui/icon';

/**
 * A small preview from the file itself: an object URL, revoked when the item goes away so a long
 * session does not keep every photo in memory. Files the browser cannot show (HEIC on Chromium)
 * fall back to a neutral picture. Decorative: the file name next to it says which photo it is.
 */
export function Thumbnail({ file }: { file: File }) {
  const imageRef = useRef<HTMLImageElement>(null);
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    const image = imageRef.current;
    if (image === null || typeof URL.createObjectURL !== 'function') return undefined;
    const objectUrl = URL.createObjectURL(file);
    image.src = objectUrl;
    return () => {
      image.removeAttribute('src');
      URL.revokeObjectURL(objectUrl);
    };
  }, [file]);
  if (broken) {
    return (
      <span className="thumbnail thumbnail--empty">
        <Icon name="images" />
      </span>
    );
  }
  return <img ref={imageRef} className="thumbnail" alt="" width={56} height={56} decoding="async" onError={() => setBroken(true)} />;
}
