import type { Catalog, Language } from './catalog-types';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { de } from './de';
import { it } from './it';
import { pt } from './pt';
import { nl } from './nl';
import { pl } from './pl';
import { tr } from './tr';
import { ar } from './ar';
import { zh } from './zh';
import { ja } from './ja';

/**
 * Every catalog at once, for the server-side render (which answers in any language at once) and tests. The page
 * in the browser never imports this: it fetches the one language it speaks (load-catalog.ts).
 */
export const ALL_CATALOGS: Readonly<Record<Language, Catalog>> = { en, fr, es, de, it, pt, nl, pl, tr, ar, zh, ja };
