import { sql } from 'drizzle-orm';
import { responses } from '../../../db/schema';

/**
 * The sentiment of one theme mention (a row joined to `mention(theme)` from responses.themes): the theme's own
 * sentiment in that comment (responses.theme_sentiments), or the comment's overall sentiment for answers
 * analysed before per-theme sentiment existed (until `npm run rescore` fills them).
 */
export const mentionSentiment = sql<number>`coalesce(
  (select (ts.value->>'score')::float8 from jsonb_array_elements(coalesce(${responses.themeSentiments}, '[]'::jsonb)) as ts(value)
    where ts.value->>'theme' = mention.theme limit 1),
  ${responses.sentimentScore}::float8)`;
