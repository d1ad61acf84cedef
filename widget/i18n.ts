import type { Category, Locale, WidgetSurvey } from './types';

// Built-in labels of the controls. Question texts come with the survey:
// GET /v1/widget/config fills in the default questions server-side, which
// keeps ~200 bytes of long sentences out of the 10 KB bundle.
export type { WidgetLabels as Messages } from '../server/services/widget/labels';


function asLocale(tag: string | undefined | null): Locale | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'ja' ? base : undefined;
}

/**
 * The person's own choice (identify) first, then the browser's languages,
 * then the survey's default: a Japanese visitor of an English-default survey
 * still reads Japanese when the survey has Japanese texts.
 */
export function pickLocale(identified: string | undefined, survey: WidgetSurvey, browser: readonly string[]): Locale {
  const chosen = asLocale(identified);
  if (chosen) return chosen;
  for (const tag of browser) {
    const l = asLocale(tag);
    if (l && (textIn(survey.question, l) || l === survey.defaultLocale)) return l;
  }
  return asLocale(survey.defaultLocale) ?? 'en';
}

export function categoryOf(score: number): Category {
  return score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
}

// Texts arrive as JSON from the server: read only their own string entries, so that a locale such as
// "constructor" finds nothing rather than Object.prototype's function.
function textIn(texts: object | null | undefined, key: string): string {
  const text: unknown = texts && Object.hasOwn(texts, key) ? (texts as Record<string, unknown>)[key] : undefined;
  return typeof text === 'string' ? text : '';
}

export function questionText(survey: WidgetSurvey, locale: Locale): string {
  return textIn(survey.question, locale) || textIn(survey.question, survey.defaultLocale);
}

export function followUpText(survey: WidgetSurvey, locale: Locale, score: number): string {
  const f = survey.followUpQuestion;
  const byCategory = f && Object.hasOwn(f, categoryOf(score)) ? f[categoryOf(score)] : undefined;
  return textIn(byCategory, locale) || textIn(f, locale) || textIn(f, survey.defaultLocale);
}
