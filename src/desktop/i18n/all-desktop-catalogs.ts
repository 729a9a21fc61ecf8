import type { Language } from '../../i18n/catalog-types';
import type { DesktopCatalog } from './desktop-catalog-types';
import { desktopEn } from './desktop-en';
import { desktopEs } from './desktop-es';
import { desktopFr } from './desktop-fr';

/** Every desktop catalog at once, for tests; the page fetches only its own (desktop-text.tsx). */
export const ALL_DESKTOP_CATALOGS: Readonly<Record<Language, DesktopCatalog>> = { en: desktopEn, fr: desktopFr, es: desktopEs };
