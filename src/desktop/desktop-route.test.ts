import { describe, expect, it } from 'vitest';
import { desktopRoute, desktopSessionPath } from './desktop-route';

describe('desktop routes', () => {
  it('knows the home page and session pages, and nothing else', () => {
    expect(desktopRoute('/')).toEqual({ kind: 'home' });
    expect(desktopRoute('/s/6F1C2A4E-8B7D-4C3A-9E2F-1A2B3C4D5E6F/')).toEqual({ kind: 'session', sessionId: '6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f' });
    expect(desktopRoute('/s/not-a-session')).toEqual({ kind: 'unknown' });
    expect(desktopRoute('/u/6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f')).toEqual({ kind: 'unknown' });
    expect(desktopSessionPath('6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f')).toBe('/s/6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f');
  });
});
