import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import { en, type MessageKey } from './en';
import { ja } from './ja';
import { formatters, type Formatters } from './format';
import { setErrorLanguage } from '../api/error-text';

export type Locale = 'en' | 'ja';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, ja };
const STORAGE_KEY = 'kizuna.locale';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

type I18n = {
  locale: Locale;
  t: Translate;
  fmt: Formatters;
  /** The user's choice: remembered here and reported to onChange (saved on the account). */
  setLocale: (locale: Locale) => void;
  /** The account's saved choice, applied on sign-in: it wins over this browser's, and is not saved back. */
  adoptLocale: (locale: string | null) => void;
};
const I18nContext = createContext<I18n>(null as unknown as I18n);

/**
 * One message with its {placeholders} filled in. Some keys are built from server data
 * (`followups.status.${status}`), so a key missing from both dictionaries shows as itself rather than
 * as nothing, and only the dictionaries' own entries are read.
 */
export function translate(dictionary: Record<string, string>, key: string, vars?: Record<string, string | number>): string {
  const own = (table: Record<string, string>) => (Object.hasOwn(table, key) ? table[key] : undefined);
  let text = own(dictionary) ?? own(en) ?? key;
  if (vars) for (const [name, v] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(v));
  return text;
}

/** The remembered choice, else the browser's language. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ja') return saved;
  } catch {
    // storage blocked: fall through to the browser language
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function rememberLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

export function I18nProvider(props: { children: ComponentChildren; onChange?: (locale: Locale) => void }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback(
    (next: Locale) => {
      rememberLocale(next);
      setLocaleState(next);
      props.onChange?.(next);
    },
    [props.onChange],
  );
  const adoptLocale = useCallback((saved: string | null) => {
    if (saved !== 'en' && saved !== 'ja') return;
    rememberLocale(saved);
    setLocaleState(saved);
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[locale];
    const t: Translate = (key, vars) => translate(dictionary, key, vars);
    document.documentElement.lang = locale;
    setErrorLanguage(t, locale);
    return { locale, t, fmt: formatters(locale), setLocale, adoptLocale };
  }, [locale, setLocale, adoptLocale]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export type { MessageKey };
