// ISO 639-1 code ("en", "ja", "de"…) or "und" when the language cannot be told.
export type LanguageCode = string;

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentResult {
  lang: LanguageCode;
  /** Compound score in [-1, 1]; 0 for empty or opinion-free text. */
  score: number;
  label: SentimentLabel;
}

/** A project-defined theme: a name plus keywords per language, e.g. "Pricing": price, 料金. */
export interface ThemeDefinition {
  name: string;
  keywords: { en?: string[]; ja?: string[] };
}
