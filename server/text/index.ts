// Public surface of Kizuna's text analysis. Pure: no I/O, no Node-only APIs (runs on Workers).
export type { LanguageCode, SentimentLabel, SentimentResult, ThemeDefinition } from './types';
export { SENTIMENT_VERSION } from './version';
/** detectLanguage(text) → "en" | "ja" | other ISO 639-1 | "und"; never throws. */
export { detectLanguage } from './language';
/** analyzeSentiment(text, lang?) → { lang, score ∈ [-1, 1], label } with label cut at ±0.05. */
export { analyzeSentiment, labelFor, NEUTRAL_BAND } from './sentiment';
export { normalizeText } from './normalize';
/** extractKeyphrases(text, lang) → canonical candidate theme keys; keyphraseCandidates adds the surface form. */
export { extractKeyphrases, keyphraseCandidates, type Keyphrase } from './themes/keyphrases';
/** matchThemes(text, lang, themes) → names of the project-defined themes the text mentions. */
export { matchThemes } from './themes/match';
/** analyzeAspect(text, from, to, lang?) → sentiment about the target at [from, to) (UTF-16 offsets of the text as sent). */
export { analyzeAspect, type AspectResult } from './aspect/analyze';
/** themeSentiments(text, lang, themes, names, overall) → each matched theme's own sentiment in the comment. */
export { themeSentiments, type ThemeSentiment } from './aspect/themes';
