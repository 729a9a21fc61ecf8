import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './catalog-types';
import { SHARE_EMAIL } from './share-email';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('share email texts', () => {
  it('every language has every text, with the same placeholders as English, translated', () => {
    const en = SHARE_EMAIL.en;
    for (const lang of LANGUAGES) {
      const text = SHARE_EMAIL[lang];
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(placeholders(text[key]), `${lang}.${key}`).toEqual(placeholders(en[key]));
        expect(text[key].trim(), `${lang}.${key}`).not.toBe('');
        if (lang !== 'en') expect(text[key], `${lang}.${key}`).not.toBe(en[key]);
      }
    }
  });
});
