import type { Catalog, Language } from './catalog-types';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';

/** Tests: every catalog at hand, without the lazy loading the page does. */
export const TEST_CATALOGS: Readonly<Record<Language, Catalog>> = { en, fr, es };
