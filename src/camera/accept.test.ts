import { describe, expect, it } from 'vitest';
import { acceptAttribute } from './accept';

describe('acceptAttribute', () => {
  it('offers every type the session allows, with extensions', () => {
    expect(acceptAttribute(['image/jpeg', 'image/png', 'image/webp', 'image/heic'])).toBe(
      'image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp,image/heic,.heic,.heif,image/heif',
    );
  });

  it('still offers JPEG, PNG and WebP when only JPEG is allowed: they are converted before sending', () => {
    expect(acceptAttribute(['image/jpeg'])).toBe('image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp');
  });

  it('offers HEIC only where the session allows it', () => {
    expect(acceptAttribute(['image/png'])).not.toContain('heic');
    expect(acceptAttribute(['image/heic'])).toContain('image/heic,.heic,.heif,image/heif');
  });

  it('ignores types it does not know', () => {
    expect(acceptAttribute(['image/gif'])).toBe('image/jpeg,.jpg,.jpeg,image/png,.png,image/webp,.webp');
  });
});
