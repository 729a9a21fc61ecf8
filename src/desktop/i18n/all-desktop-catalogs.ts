import type { Language } from '../../i18n/catalog-types';
import type { DesktopCatalog } from './desktop-catalog-types';
import { desktopEn } from './desktop-en';
import { desktopEs } from './desktop-es';
import { desktopFr } from './desktop-fr';
import { desktopDe } from './desktop-de';
import { desktopIt } from './desktop-it';
import { desktopPt } from './desktop-pt';
import { desktopNl } from './desktop-nl';
import { desktopPl } from './desktop-pl';
import { desktopTr } from './desktop-tr';
import { desktopAr } from './desktop-ar';
import { desktopZh } from './desktop-zh';
import { desktopJa } from './desktop-ja';

/** Every desktop catalog at once, for tests; the page fetches only its own (desktop-text.tsx). */
export const ALL_DESKTOP_CATALOGS: Readonly<Record<Language, DesktopCatalog>> = { en: desktopEn, fr: desktopFr, es: desktopEs, de: desktopDe, it: desktopIt, pt: desktopPt, nl: desktopNl, pl: desktopPl, tr: desktopTr, ar: desktopAr, zh: desktopZh, ja: desktopJa };
