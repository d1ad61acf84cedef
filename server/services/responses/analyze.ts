import type { responses } from '../../../db/schema';
import { analyzeSentiment, matchThemes, SENTIMENT_VERSION, type ThemeDefinition } from '../../text';

type AnalysisColumns = Pick<
  typeof responses.$inferSelect,
  'language' | 'sentimentScore' | 'sentimentLabel' | 'sentimentVersion' | 'themes'
>;

/**
 * Language, sentiment and project-defined themes of a comment, stored with the response at ingest.
 * Lexicon scoring takes microseconds, so it runs inline rather than in a background job.
 */
export function analyzeComment(comment: string | null, themes: ThemeDefinition[] = []): AnalysisColumns {
  if (!comment) {
    return { language: null, sentimentScore: null, sentimentLabel: null, sentimentVersion: null, themes: [] };
  }
  const sentiment = analyzeSentiment(comment);
  return {
    language: sentiment.lang,
    sentimentScore: sentiment.score,
    sentimentLabel: sentiment.label,
    sentimentVersion: SENTIMENT_VERSION,
    themes: themes.length > 0 ? matchThemes(comment, sentiment.lang, themes) : [],
  };
}
