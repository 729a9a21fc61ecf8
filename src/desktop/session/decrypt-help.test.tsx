import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { desktopEn } from '../i18n/desktop-en';
import { desktopFr } from '../i18n/desktop-fr';
import { DesktopTextProvider } from '../i18n/desktop-text';
import { DecryptHelp } from './decrypt-help';
import { DECRYPT_SNIPPET } from './decrypt-snippet';

describe('DecryptHelp (the desk of an end-to-end session)', () => {
  it('shows a named section with the node:crypto snippet in a figure named by its caption', () => {
    renderWithProviders(
      <DesktopTextProvider lang="en" catalog={desktopEn}>
        <DecryptHelp />
      </DesktopTextProvider>,
    );
    const section = screen.getByRole('region', { name: 'Photos arrive end-to-end encrypted' });
    const figure = screen.getByRole('figure', { name: 'Code to decrypt a photo with node:crypto' });
    expect(section.contains(figure)).toBe(true);
    expect(figure.querySelector('pre code')?.textContent).toBe(DECRYPT_SNIPPET);
    expect(DECRYPT_SNIPPET).toContain('privateDecrypt');
  });

  it('copies the snippet and says so; in French, every word from the French catalog', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithProviders(
      <DesktopTextProvider lang="fr" catalog={desktopFr}>
        <DecryptHelp />
      </DesktopTextProvider>,
      'fr',
    );
    expect(screen.getByRole('heading', { name: desktopFr['desktop.e2e.title'] })).toBeTruthy();
    expect(screen.getByText(desktopFr['desktop.e2e.body'])).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: desktopFr['desktop.e2e.copy'] }));
    expect(writeText).toHaveBeenCalledWith(DECRYPT_SNIPPET);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(desktopFr['desktop.e2e.copied']));
  });
});
