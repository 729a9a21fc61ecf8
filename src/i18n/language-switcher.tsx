import { useId, useState } from 'react';
import { LANGUAGES, type Language } from './catalog-types';
import { useI18n } from './i18n-context';
import { LANGUAGE_NAMES } from './language-names';

const isLanguage = (value: string): value is Language => LANGUAGES.some((lang) => lang === value);

/**
 * The header's language choice: a native <select>, so the keyboard, the phone's own picker and screen readers
 * ("Language, Français, pop-up button") work as everywhere else. Each option is marked with its language so it is
 * read in it; the choice is remembered (src/i18n/remembered-language.ts).
 *
 * Until it is first touched it holds only the current language: the Arabic, Chinese and Japanese names cost the
 * first frame 42–78 ms of font fallback lookups at 4× CPU slowdown, for a list most people never open. The rest
 * arrive on the first focus (Tab, a screen reader moving to it, a tap) or pointer press, both before the browser
 * opens its list or answers an arrow key, so nobody ever sees the short one.
 */
export function LanguageSwitcher() {
  const { lang, t, changeLanguage } = useI18n();
  const id = useId();
  const [touched, setTouched] = useState(false);
  const shown = touched ? LANGUAGES : [lang];
  const touch = () => setTouched(true);
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        className="language-switcher__select"
        value={lang}
        onFocus={touch}
        onPointerDown={touch}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void changeLanguage(event.target.value);
        }}
      >
        {shown.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
