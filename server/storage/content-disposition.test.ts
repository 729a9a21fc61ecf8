import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('keeps a plain name as it is', () => {
    expect(attachmentDisposition('IMG_0001.jpg')).toBe(`attachment; filename="IMG_0001.jpg"; filename*=UTF-8''IMG_0001.jpg`);
  });

  it('cannot be broken out of by quotes, backslashes or non-ASCII characters', () => {
    expect(attachmentDisposition('a"; filename="evil.html\\.jpg')).toBe(
      `attachment; filename="a_; filename=_evil.html_.jpg"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.html%5C.jpg`,
    );
    expect(attachmentDisposition('日本.heic')).toBe(`attachment; filename="__.heic"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.heic`);
  });
});
