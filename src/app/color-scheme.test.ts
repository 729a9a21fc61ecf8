import { describe, expect, it } from 'vitest';
import { applyColorScheme, pickColorScheme } from './color-scheme';

describe('color scheme', () => {
  it('takes ?colorScheme=light|dark, otherwise follows the system', () => {
    expect(pickColorScheme('?colorScheme=dark')).toBe('dark');
    expect(pickColorScheme('?lang=fr&colorScheme=LIGHT')).toBe('light');
    expect(pickColorScheme('?colorScheme=sepia')).toBeNull();
    expect(pickColorScheme('')).toBeNull();
  });

  it('marks <html> only when a scheme is forced', () => {
    const root = document.createElement('html');
    applyColorScheme(root, 'dark');
    expect(root.dataset.colorScheme).toBe('dark');
    applyColorScheme(root, null);
    expect(root.hasAttribute('data-color-scheme')).toBe(false);
  });
});
