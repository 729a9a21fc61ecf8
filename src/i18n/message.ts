/** One catalog entry's shape: a leaf, so the catalogs (en.ts...) and catalog-types.ts (which reads en.ts's keys) share it without a circle. */

/**
 * Plural forms, chosen with Intl.PluralRules on the `count` parameter. `zero` is an exact-zero form
 * (like ICU's `=0`), used whenever count is 0 in any language; `other` is the required fallback.
 */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | PluralForms;
