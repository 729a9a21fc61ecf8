import type { Page } from '@playwright/test';
import type { Message } from '../../src/i18n/catalog-types';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { fr } from '../../src/i18n/fr';

const CATALOGS = { fr, es } as const;

/** The fixed words of a message: its text between {placeholders}, each plural form. */
function fragments(message: Message): string[] {
  const forms = typeof message === 'string' ? [message] : Object.values(message).filter((form): form is string => typeof form === 'string');
  return forms.flatMap((form) => form.split(/\{[^}]+\}/)).map((part) => part.trim());
}

/**
 * English sentences on a page that should be entirely in `lang`: every fixed fragment (≥ 12 characters) of
 * the English catalog that shows in the page's text and is not also in the translation. Empty when every
 * string the person sees came from the right catalog.
 */
export async function englishOnPage(page: Page, lang: keyof typeof CATALOGS): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const translated = new Set(Object.values(CATALOGS[lang]).flatMap(fragments));
  const english = Object.values(en).flatMap(fragments).filter((part) => part.length >= 12 && !translated.has(part));
  return [...new Set(english.filter((part) => text.includes(part)))];
}
