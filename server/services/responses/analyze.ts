import type { responses } from '../../../db/schema';
import { analyzeSentiment, matchThemes, SENTIMENT_VERSION, themeSentiments, type ThemeDefinition } from '../../text';
import type { ProjectCtx } from '../context';

export type AnalysisColumns = Pick<
  typeof responses.$inferSelect,
  'language' | 'sentimentScore' | 'sentimentLabel' | 'sentimentVersion' | 'themes' | 'themeSentiments'
>;

/** What analyses a comment at ingest: analyzeComment, unless a test hands in another (AppDeps.analyzer). */
export type CommentAnalyzer = (comment: string | null, themes?: ThemeDefinition[]) => AnalysisColumns;

const NO_ANALYSIS: AnalysisColumns = { language: null, sentimentScore: null, sentimentLabel: null, sentimentVersion: null, themes: [], themeSentiments: null };

/**
 * Language, sentiment and project-defined themes of a comment, stored with the response at ingest.
 * Lexicon scoring takes microseconds, so it runs inline rather than in a background job.
 */
export function analyzeComment(comment: string | null, themes: ThemeDefinition[] = []): AnalysisColumns {
  if (!comment) return NO_ANALYSIS;
  const sentiment = analyzeSentiment(comment);
  const matched = themes.length > 0 ? matchThemes(comment, sentiment.lang, themes) : [];
  return {
    language: sentiment.lang,
    sentimentScore: sentiment.score,
    sentimentLabel: sentiment.label,
    sentimentVersion: SENTIMENT_VERSION,
    themes: matched,
    // Each theme's own sentiment, read where it is mentioned: a mixed comment splits between its themes.
    themeSentiments: themeSentiments(comment, sentiment.lang, themes, matched, sentiment.score),
  };
}

/**
 * The analysis of an answer's comment, which never costs the answer: if analysis throws, the answer is stored
 * without it (no sentiment, no themes) and logged. A comment with no sentimentVersion is what
 * `npm run rescore` picks up, so the answer is analysed once the cause is fixed.
 */
export function analyzeAnswer(ctx: Pick<ProjectCtx, 'analyzer' | 'log'>, comment: string | null, themes: ThemeDefinition[]): AnalysisColumns {
  try {
    return (ctx.analyzer ?? analyzeComment)(comment, themes);
  } catch (err) {
    ctx.log?.({
      level: 'error',
      msg: 'comment analysis failed: the answer is stored without sentiment and themes, for npm run rescore',
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
    return NO_ANALYSIS;
  }
}
