import type { PluralForms } from '../../i18n/catalog-types';
import type { desktopEn } from './desktop-en';

export type DesktopKey = keyof typeof desktopEn;

/** Like the shared `Catalog`: every English key, with a plural where English has one. */
export type DesktopCatalog = { readonly [K in DesktopKey]: (typeof desktopEn)[K] extends string ? string : PluralForms };
