import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from './filename';

describe('sanitizeFilename', () => {
  it.each([
    ['IMG_0001.JPG', 'IMG_0001.JPG'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\Pictures\\holiday.jpg', 'holiday.jpg'],
    ['bell\u0007\u0000tab\t.png', 'belltab.png'],
    ['photo\u202Egpj.exe', 'photogpj.exe'],
    ['  spaced.jpg  ', 'spaced.jpg'],
    ['e\u0301te\u0301.jpg', 'été.jpg'],
    ['famille 👨‍👩‍👧.heic', 'famille 👨‍👩‍👧.heic'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFilename(raw, 'photo.jpg')).toBe(expected);
  });

  it.each(['', '..', 'dir/', '\u0000\u0001'])('falls back when nothing usable is left of %j', (raw) => {
    expect(sanitizeFilename(raw, 'photo.webp')).toBe('photo.webp');
  });

  it('cuts long names to 255 characters, keeping the extension and whole emoji', () => {
    const long = `${'😀'.repeat(300)}.jpeg`;
    const cleaned = sanitizeFilename(long, 'photo.jpg');
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(cleaned.endsWith('😀.jpeg')).toBe(true);
  });
});
