import { MAX_ANALYZED_CHARS, normalizeText } from '../normalize';
import type { LanguageCode, ThemeDefinition } from '../types';
import { japaneseKey, stemEnglishWord } from './normalize-key';

// Project-defined themes: a theme applies when one of its keywords occurs in the comment.
// English keywords match by stem sequence ("price" matches "prices", "pricing"; "customer
// service" matches "Customer Services"); Japanese ones by substring in canonical spelling.

export interface CompiledTheme {
  name: string;
  english: string[][];
  japanese: string[];
}

const compiledCache = new WeakMap<readonly ThemeDefinition[], CompiledTheme[]>();

export function englishStems(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stemEnglishWord);
}

export function compile(themes: readonly ThemeDefinition[]): CompiledTheme[] {
  const cached = compiledCache.get(themes);
  if (cached) return cached;
  const compiled = themes.map((theme) => ({
    name: theme.name,
    english: (theme.keywords?.en ?? []).map((k) => englishStems(normalizeText(k))).filter((s) => s.length > 0),
    japanese: (theme.keywords?.ja ?? []).map((k) => japaneseKey(k)).filter((k) => k.length > 0),
  }));
  compiledCache.set(themes, compiled);
  return compiled;
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Names of the project themes a comment mentions, in the order the themes are defined.
 * English text is matched with `en` keywords, Japanese with `ja`; text in another or an unknown
 * language is tried with both. Keep the `themes` array object stable to reuse its compiled form.
 */
export function matchThemes(text: string, lang: LanguageCode, themes: readonly ThemeDefinition[]): string[] {
  const clean = normalizeText(typeof text === 'string' ? text : '').slice(0, MAX_ANALYZED_CHARS);
  if (clean.length === 0 || themes.length === 0) return [];
  const useEnglish = lang !== 'ja';
  const useJapanese = lang !== 'en';
  const stems = useEnglish ? englishStems(clean) : [];
  const japaneseText = useJapanese ? japaneseKey(clean) : '';
  const matched: string[] = [];
  for (const theme of compile(themes)) {
    const hit =
      (useEnglish && theme.english.some((keyword) => containsSequence(stems, keyword))) ||
      (useJapanese && theme.japanese.some((keyword) => japaneseText.includes(keyword)));
    if (hit && !matched.includes(theme.name)) matched.push(theme.name);
  }
  return matched;
}
