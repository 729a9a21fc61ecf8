import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatTypeList } from './format';
import { browserLanguages, pickLanguage } from './language';
import { TEST_CATALOGS } from '../test/catalogs';
import { createPartsTranslator, createTranslator } from './translate';
import { renderToStaticMarkup } from 'react-dom/server';
import { renderParts } from './rich-message';

describe('pickLanguage', () => {
  it('takes ?lang= first', () => {
    expect(pickLanguage('?lang=fr', ['es-ES', 'en'])).toBe('fr');
    expect(pickLanguage('?lang=ES', ['fr'])).toBe('es');
    expect(pickLanguage('?colorScheme=dark&lang=es-MX', [])).toBe('es');
  });

  it('ignores an unknown ?lang= and falls back to the browser languages, in order', () => {
    expect(pickLanguage('?lang=ko', ['ko-KR', 'fr-CA', 'en'])).toBe('fr');
    expect(pickLanguage('', ['sv-SE', 'es-419'])).toBe('es');
    expect(pickLanguage('', ['pt-BR'])).toBe('pt');
  });

  it('speaks Simplified Chinese only to those who read it', () => {
    expect(pickLanguage('', ['zh-CN'])).toBe('zh');
    expect(pickLanguage('', ['zh-Hans-SG'])).toBe('zh');
    expect(pickLanguage('', ['zh-TW', 'ja'])).toBe('ja');
    expect(pickLanguage('', ['zh-Hant-HK'])).toBe('en');
  });

  it('ends with English', () => {
    expect(pickLanguage('?lang=', ['ko', 'sv'])).toBe('en');
    expect(pickLanguage('', [])).toBe('en');
  });

  it('reads navigator.languages', () => {
    expect(browserLanguages().length).toBeGreaterThan(0);
  });
});

describe('createTranslator', () => {
  it('fills placeholders and formats numbers for the language', () => {
    expect(createTranslator('en', TEST_CATALOGS.en)('ready.remaining', { count: 3, max: 10 })).toBe('3 of 10 photos left');
    expect(createTranslator('en', TEST_CATALOGS.en)('queue.sending', { done: 1200, total: 1500 })).toBe('Sending photos: 1,200 of 1,500 sent');
  });

  it('picks plural forms with Intl.PluralRules', () => {
    const en = createTranslator('en', TEST_CATALOGS.en);
    expect(en('done.title', { count: 1 })).toBe('1 photo sent');
    expect(en('done.title', { count: 4 })).toBe('4 photos sent');
    const fr = createTranslator('fr', TEST_CATALOGS.fr);
    // French: 0 and 1 are both singular.
    expect(fr('done.title', { count: 1 })).toBe('1\u00a0photo envoyée');
    expect(fr('ready.remaining', { count: 0, max: 5 })).toBe('0\u00a0photo restante sur 5');
    expect(fr('done.title', { count: 2 })).toBe('2\u00a0photos envoyées');
    const es = createTranslator('es', TEST_CATALOGS.es);
    expect(es('done.title', { count: 1 })).toBe('1 foto enviada');
    expect(es('done.title', { count: 3 })).toBe('3 fotos enviadas');
  });

  it('has the Polish few and many forms, and Arabic’s six', () => {
    const pl = createTranslator('pl', TEST_CATALOGS.pl);
    expect([1, 3, 5, 22, 25].map((count) => pl('done.title', { count }))).toEqual([
      'Wysłano 1 zdjęcie',
      'Wysłano 3 zdjęcia',
      'Wysłano 5 zdjęć',
      'Wysłano 22 zdjęcia',
      'Wysłano 25 zdjęć',
    ]);
    const ar = createTranslator('ar', TEST_CATALOGS.ar);
    // Arabic-Indic or Latin digits, as the ICU at hand formats Arabic numbers.
    const n = (value: number) => new Intl.NumberFormat('ar').format(value);
    expect([0, 1, 2, 3, 11, 100].map((count) => ar('done.title', { count }))).toEqual([
      'لم تُرسل أي صورة',
      'أُرسلت صورة واحدة',
      'أُرسلت صورتان',
      `أُرسلت ${n(3)} صور`,
      `أُرسلت ${n(11)} صورة`,
      `أُرسلت ${n(100)} صورة`,
    ]);
  });

  it('uses the exact-zero form when there is one', () => {
    const en = createTranslator('en', TEST_CATALOGS.en);
    expect(en('file.onlyNMoreFit', { count: 0 })).toBe('No more photos fit in this session');
    expect(en('file.onlyNMoreFit', { count: 1 })).toBe('Only 1 more photo fits');
    expect(en('file.onlyNMoreFit', { count: 2 })).toBe('Only 2 more photos fit');
  });

  it('leaves a missing placeholder visible rather than inventing a value', () => {
    expect(createTranslator('en', TEST_CATALOGS.en)('item.remove')).toBe('Remove {name}');
  });
});

describe('bidi isolation of outside values', () => {
  // A name that starts with digits and ends with a bracket: in an Arabic sentence, without isolation, the digits
  // join the sentence's number run and the bracket mirrors against the Arabic around it.
  const name = '2024-06 (1).jpg';

  it('puts every string value between U+2068 and U+2069 in the one-string form, and formats numbers in the sentence', () => {
    const ar = createTranslator('ar', TEST_CATALOGS.ar);
    expect(ar('item.remove', { name })).toBe(TEST_CATALOGS.ar['item.remove'].replace('{name}', `\u2068${name}\u2069`));
    const en = createTranslator('en', TEST_CATALOGS.en);
    expect(en('item.reduced', { from: '5.2 MB', to: '1.1 MB' })).toBe('Reduced from \u20685.2 MB\u2069 to \u20681.1 MB\u2069');
    // The language's own numbers are no one else's text.
    expect(en('ready.remaining', { count: 3, max: 10 })).toBe('3 of 10 photos left');
  });

  it('keeps outside values apart in the parts, and renders them as <bdi> without adding characters', () => {
    const parts = createPartsTranslator('ar', TEST_CATALOGS.ar)('ready.allowed', { types: 'JPEG', size: '20 MB' });
    expect(parts.filter((part) => part.startsWith('\u2068'))).toEqual(['\u2068JPEG\u2069', '\u206820 MB\u2069']);
    const html = renderToStaticMarkup(<p>{renderParts(parts)}</p>);
    expect(html).toContain('<bdi>JPEG</bdi>');
    expect(html).toContain('<bdi>20 MB</bdi>');
    expect(html).not.toMatch(/[\u2068\u2069]/);
    const en = createPartsTranslator('en', TEST_CATALOGS.en)('item.retryWait', { time: '5 sec' });
    expect(renderToStaticMarkup(<p>{renderParts(en)}</p>)).toBe('<p>Connection problem, retrying in <bdi>5 sec</bdi>…</p>');
  });
});

/** ICU versions differ on which no-break space they put between number and unit. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting', () => {
  it('formats time left coarsely', () => {
    expect(formatDuration(45_000, 'en')).toMatch(/^45 sec/);
    expect(formatDuration(12 * 60_000 + 30_000, 'en')).toBe('12 min');
    expect(plain(formatDuration(65 * 60_000, 'en'))).toBe('1 hr 5 min');
    expect(plain(formatDuration(2 * 3_600_000, 'fr'))).toBe('2 h');
    expect(formatDuration(-5, 'en')).toMatch(/^0 sec/);
  });

  it('formats sizes in the language (Mo in French)', () => {
    expect(formatBytes(20 * 1024 * 1024, 'en')).toBe('20 MB');
    expect(plain(formatBytes(20 * 1024 * 1024, 'fr'))).toBe('20 Mo');
    expect(formatBytes(1.5 * 1024 * 1024, 'es')).toBe('1,5 MB');
    expect(formatBytes(300 * 1024, 'en')).toBe('300 kB');
  });

  it('lists types with "or"', () => {
    expect(formatTypeList(['image/jpeg', 'image/png', 'image/heic'], 'en')).toBe('JPEG, PNG, or HEIC');
    expect(formatTypeList(['image/jpeg', 'image/webp'], 'fr')).toBe('JPEG ou WebP');
    expect(formatTypeList(['image/jpeg', 'image/png'], 'es')).toBe('JPEG o PNG');
  });
});

describe('loadCatalog', () => {
  it('gives English at once and fetches French or Spanish', async () => {
    const { loadCatalog } = await import('./load-catalog');
    expect((await loadCatalog('en')).catalog).toBe(TEST_CATALOGS.en);
    expect(await loadCatalog('fr')).toEqual({ lang: 'fr', catalog: TEST_CATALOGS.fr });
    expect(await loadCatalog('es')).toEqual({ lang: 'es', catalog: TEST_CATALOGS.es });
  });
});
