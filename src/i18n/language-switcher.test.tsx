import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { LANGUAGES } from './catalog-types';
import { LanguageSwitcher } from './language-switcher';

const switcher = () => screen.getByRole('combobox', { name: 'Language' });
const options = () => screen.queryAllByRole('option', { hidden: true });

describe('LanguageSwitcher', () => {
  it('holds only the current language until it is touched, still a labelled select showing it', () => {
    renderWithProviders(<LanguageSwitcher />, 'fr');
    expect(screen.getByRole('combobox', { name: 'Langue' })).toHaveProperty('value', 'fr');
    expect(options().map((option) => option.getAttribute('lang'))).toEqual(['fr']);
  });

  it('lists every language on keyboard focus, each in its own language, and the arrow keys choose', async () => {
    renderWithProviders(<LanguageSwitcher />);
    await userEvent.tab();
    expect(document.activeElement).toBe(switcher());
    expect(options().map((option) => option.getAttribute('lang'))).toEqual([...LANGUAGES]);
    expect(options().find((option) => option.getAttribute('lang') === 'ar')?.textContent).toBe('العربية');
    await userEvent.selectOptions(switcher(), 'es');
    await waitFor(() => expect(document.documentElement.lang).toBe('es'));
    expect(screen.getByRole('combobox', { name: 'Idioma' })).toHaveProperty('value', 'es');
  });

  it('lists every language on a pointer press, before the list opens', async () => {
    renderWithProviders(<LanguageSwitcher />);
    await userEvent.pointer({ keys: '[MouseLeft>]', target: switcher() });
    expect(options()).toHaveLength(LANGUAGES.length);
  });
});
