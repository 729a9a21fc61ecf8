import { describe, expect, it, vi } from 'vitest';
import type { OutputType } from './compress-plan';
import { probeWritableTypes } from './writable-types';

const PNG_BYTES = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_BYTES = [0xff, 0xd8, 0xff, 0xdb];
const WEBP_BYTES = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)));
const BYTES: Record<OutputType, number[]> = { 'image/jpeg': JPEG_BYTES, 'image/png': PNG_BYTES, 'image/webp': WEBP_BYTES };

describe('probeWritableTypes', () => {
  it('keeps every type the encoder really writes', async () => {
    const encode = vi.fn(async (type: OutputType) => new Blob([new Uint8Array(BYTES[type])], { type }));
    expect(await probeWritableTypes(encode)).toEqual(new Set(['image/jpeg', 'image/webp', 'image/png']));
    expect(encode).toHaveBeenCalledTimes(3);
  });

  it('drops WebP when asking for it gives PNG bytes, whatever the blob says it is (WebKit)', async () => {
    const encode = async (type: OutputType) => new Blob([new Uint8Array(type === 'image/webp' ? PNG_BYTES : BYTES[type])], { type });
    expect(await probeWritableTypes(encode)).toEqual(new Set(['image/jpeg', 'image/png']));
  });

  it('drops a type whose encoder fails or gives nothing', async () => {
    const encode = async (type: OutputType) => {
      if (type === 'image/webp') throw new Error('no encoder');
      return type === 'image/jpeg' ? undefined : new Blob([new Uint8Array(BYTES[type])]);
    };
    expect(await probeWritableTypes(encode)).toEqual(new Set(['image/png']));
  });
});
