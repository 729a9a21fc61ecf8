import { describe, expect, it } from 'vitest';
import { acceptAttribute } from './accept';

describe('acceptAttribute', () => {
  it('offers every type the session allows, with extensions', () => {
    expect(acceptAttribute(['image/jpeg', 'image/png', 'image/webp', 'image/heic'])).toBe(
      'image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp,image/heic,.heic,image/heif,.heif',
    );
  });

  it('offers JPEG, PNG, WebP and HEIC when only JPEG is allowed: they are converted before sending', () => {
    expect(acceptAttribute(['image/jpeg'])).toBe('image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp,image/heic,.heic,image/heif,.heif');
  });

  it('names HEIC and HEIF, types and extensions, whenever a HEIC can be sent as it is or converted', () => {
    for (const allowed of [['image/png'], ['image/webp'], ['image/heic']]) {
      expect(acceptAttribute(allowed).split(',')).toEqual(expect.arrayContaining(['image/heic', 'image/heif', '.heic', '.heif']));
    }
  });

  it('ignores types it does not know, and offers no HEIC to a session that takes nothing a HEIC becomes', () => {
    expect(acceptAttribute(['image/gif'])).toBe('image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp');
  });
});
