import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDuration } from './format';
import { numberFormat, pluralRules, unitFormat } from './intl-cache';
import { createTranslator } from './translate';

describe('intl-cache', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes each formatter once and hands the same one back', () => {
    expect(pluralRules('fr')).toBe(pluralRules('fr'));
    expect(numberFormat('de', 1)).toBe(numberFormat('de', 1));
    expect(numberFormat('de', 1)).not.toBe(numberFormat('de'));
    expect(unitFormat('es', 'minute', 0)).toBe(unitFormat('es', 'minute', 0));
  });

  it('makes none until a message needs one', () => {
    let made = 0;
    class CountedPluralRules extends Intl.PluralRules {
      constructor(...args: ConstructorParameters<typeof Intl.PluralRules>) {
        super(...args);
        made += 1;
      }
    }
    vi.stubGlobal('Intl', Object.assign(Object.create(Intl) as typeof Intl, { PluralRules: CountedPluralRules }));
    const t = createTranslator('en', { plain: 'Send', counted: { one: '{count} photo', other: '{count} photos' } });
    expect(t('plain')).toBe('Send');
    expect(made).toBe(0);
    expect(t('counted', { count: 1 })).toBe('1 photo');
    expect(t('counted', { count: 1200 })).toBe('1,200 photos');
    expect(made).toBe(1);
  });

  it('remembers that a browser cannot format units, and falls back to the number and a short unit', () => {
    const RealNumberFormat = Intl.NumberFormat;
    const made = vi.spyOn(Intl, 'NumberFormat').mockImplementation((lang, options) => {
      if (options?.style === 'unit') throw new RangeError('unit style unsupported');
      return new RealNumberFormat(lang, options);
    });
    expect(formatDuration(5 * 60_000, 'it')).toBe('5 min');
    expect(formatDuration(4 * 60_000, 'it')).toBe('4 min');
    expect(made.mock.calls.filter(([, options]) => options?.style === 'unit')).toHaveLength(1);
  });
});
