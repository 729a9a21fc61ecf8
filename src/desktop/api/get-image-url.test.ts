import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { imageBlobOptions } from './get-image-url';
import { savedName } from './saved-name';

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);

describe('a photo downloaded from the desktop view', () => {
  it('is saved under the server’s name, not the uploader’s "invoice.html"', async () => {
    // jsdom has no object URLs.
    URL.createObjectURL = () => 'blob:photo';
    const fetchMock = vi.fn(
      async () =>
        new Response(jpeg, {
          headers: {
            'content-type': 'image/jpeg',
            'content-disposition': `attachment; filename="invoice.html.jpg"; filename*=UTF-8''invoice.html.jpg`,
          },
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const image = await new QueryClient().fetchQuery(imageBlobOptions('s1', 'i1', 'aptr_live_key'));
    expect(image).toEqual({ url: 'blob:photo', type: 'image/jpeg', name: 'invoice.html.jpg' });
    vi.unstubAllGlobals();
    Reflect.deleteProperty(URL, 'createObjectURL');
  });
});

describe('savedName', () => {
  it.each([
    [`attachment; filename="caf_.jpg"; filename*=UTF-8''caf%C3%A9.jpg`, 'café.jpg'],
    ['attachment; filename="plain.png"', 'plain.png'],
    [`attachment; filename="x.jpg"; filename*=UTF-8''%E0%A4`, 'x.jpg'],
    ['attachment', 'photo.jpg'],
  ])('%j → %j', (disposition, expected) => {
    expect(savedName(disposition, 'image/jpeg')).toBe(expected);
  });

  it('falls back to "photo" with the extension of the type the server sent', () => {
    expect(savedName(null, 'image/heic')).toBe('photo.heic');
    expect(savedName(null, 'application/octet-stream')).toBe('photo.bin');
  });
});
