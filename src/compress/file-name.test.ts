import { describe, expect, it } from 'vitest';
import { nameForType } from './file-name';

describe('nameForType', () => {
  it.each([
    ['IMG_0001.HEIC', 'image/jpeg', 'IMG_0001.jpg'],
    ['Screenshot 2026-01-01 at 10.00.00.png', 'image/jpeg', 'Screenshot 2026-01-01 at 10.00.00.jpg'],
    ['photo', 'image/webp', 'photo.webp'],
    ['', 'image/jpeg', 'photo.jpg'],
    ['.png', 'image/jpeg', 'photo.jpg'],
  ])('%s as %s → %s', (original, type, expected) => {
    expect(nameForType(original, type)).toBe(expected);
  });
});
