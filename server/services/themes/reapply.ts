import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { responses } from '../../../db/schema';
import { detectLanguage, matchThemes, themeSentiments, type ThemeSentiment } from '../../text';
import { lockProjectThemes, readThemeDefinitions } from './definitions';
import { sameThemeSentiments, sameThemes, storeThemes } from './store';
import { olderThan, type Cursor } from '../pagination';

export const REAPPLY_BATCH_SIZE = 500;

export type ReapplyResult = { scanned: number; changed: number };
type BatchResult = { scanned: number; changed: number; last: Cursor | null };

/**
 * Matches every stored comment of the project against its current theme definitions and stores the names
 * that changed, in batches of short transactions (newest answers first). Each batch reads the definitions
 * afresh under the shared theme lock, so a pass that overlaps a later theme change never writes names from
 * before it; and because whole lists are recomputed, a renamed or deleted theme leaves no old name behind.
 * Idempotent: an interrupted pass is completed by running it again (`npm run rescore -- --themes`).
 */
export async function reapplyProjectThemes(
  db: Database,
  projectId: string,
  options: { batchSize?: number } = {},
): Promise<ReapplyResult> {
  const batchSize = options.batchSize ?? REAPPLY_BATCH_SIZE;
  const total: ReapplyResult = { scanned: 0, changed: 0 };
  let position: Cursor | null = null;
  for (;;) {
    const batch = await reapplyBatch(db, projectId, position, batchSize);
    total.scanned += batch.scanned;
    total.changed += batch.changed;
    if (batch.scanned < batchSize || !batch.last) return total;
    position = batch.last;
  }
}

async function reapplyBatch(db: Database, projectId: string, position: Cursor | null, batchSize: number): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    await lockProjectThemes(tx, projectId, 'shared');
    const definitions = await readThemeDefinitions(tx, projectId);
    const rows = await tx
      .select({
        id: responses.id,
        createdAt: responses.createdAt,
        comment: responses.comment,
        language: responses.language,
        themes: responses.themes,
        sentimentScore: responses.sentimentScore,
        themeSentiments: responses.themeSentiments,
      })
      .from(responses)
      .where(
        and(
          eq(responses.projectId, projectId),
          isNotNull(responses.comment),
          olderThan(position, responses.createdAt, responses.id),
        ),
      )
      .orderBy(desc(responses.createdAt), desc(responses.id))
      .limit(batchSize)
      // Locked so that an answer whose comment changes meanwhile is not given the themes of its old comment.
      .for('update');
    const updates = rows.flatMap((row) => {
      const comment = row.comment ?? '';
      let next: string[];
      let sentiments: ThemeSentiment[];
      try {
        const language = row.language ?? detectLanguage(comment);
        next = matchThemes(comment, language, definitions);
        // A changed keyword moves where a theme is read, so its sentiment is read again too.
        sentiments = themeSentiments(comment, language, definitions, next, row.sentimentScore ?? 0);
      } catch {
        return []; // one comment the matcher fails on keeps its themes; it must not stop the pass for every other
      }
      const unchanged = sameThemes(next, row.themes) && sameThemeSentiments(sentiments, row.themeSentiments);
      return unchanged ? [] : [{ id: row.id, themes: next, themeSentiments: sentiments }];
    });
    await storeThemes(tx, projectId, updates);
    const last = rows.at(-1);
    return { scanned: rows.length, changed: updates.length, last: last ? { at: last.createdAt, id: last.id } : null };
  });
}
