import { useId } from 'react';
import { LANGUAGES, type Language } from './catalog-types';
import { useI18n } from './i18n-context';
import { LANGUAGE_NAMES } from './language-names';

const isLanguage = (value: string): value is Language => LANGUAGES.some((lang) => lang === value);

/**
 * The header's language choice: a native <select>, so the keyboard, the phone's own picker and screen readers
 * ("Language, Français, pop-up button") work as everywhere else. Each option is marked with its language so it is
 * read in it; the choice is remembered (src/i18n/remembered-language.ts).
 */
export function LanguageSwitcher() {
  const { lang, t, changeLanguage } = useI18n();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        className="language-switcher__select"
        value={lang}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void changeLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
