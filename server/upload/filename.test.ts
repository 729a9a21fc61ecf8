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
    ['famille 😀.heic', 'famille 😀.heic'],
    // Format characters are invisible: a joined emoji sequence keeps its emoji, not its zero-width joiners.
    ['famille 👨\u200d👩\u200d👧.heic', 'famille 👨👩👧.heic'],
    ['arabic\u061Cmark.jpg', 'arabicmark.jpg'],
    ['zero\u200Bwidth\u200Cnon\u200Djoiner.png', 'zerowidthnonjoiner.png'],
    ['\uFEFFbom.webp', 'bom.webp'],
    ['soft\u00ADhyphen\u2060word\u2066isolate\u2069.jpg', 'softhyphenwordisolate.jpg'],
    ['lrm\u200E\u200Frlm\u202Aembed\u202C.jpg', 'lrmrlmembed.jpg'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFilename(raw, 'photo.jpg')).toBe(expected);
  });

  it.each(['', '..', 'dir/', '\u0000\u0001', '\u200B\uFEFF', '\u200B..\u200D'])('falls back when nothing usable is left of %j', (raw) => {
    expect(sanitizeFilename(raw, 'photo.webp')).toBe('photo.webp');
  });

  it('cuts long names to 255 characters, keeping the extension and whole emoji', () => {
    const long = `${'😀'.repeat(300)}.jpeg`;
    const cleaned = sanitizeFilename(long, 'photo.jpg');
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(cleaned.endsWith('😀.jpeg')).toBe(true);
  });
});
