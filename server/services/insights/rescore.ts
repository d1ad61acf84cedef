import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { projects, responses } from '../../../db/schema';
import { SENTIMENT_VERSION } from '../../text';
import { analyzeComment } from '../responses/analyze';
import { lockProjectThemes, readThemeDefinitions } from '../themes/definitions';
import { reapplyProjectThemes } from '../themes/reapply';
import { sameThemes, storeAnalysis, type AnalysisUpdate } from '../themes/store';

export const RESCORE_BATCH_SIZE = 500;

export type RescoreResult = { rescored: number; themesChanged: number; batches: number };

/**
 * Re-analyses every stored comment whose sentiment was computed by another analyzer version (after an upgrade
 * of server/text): language, sentiment and the project's themes. Project by project, in batches of short
 * transactions that each touch one project (its theme lock, its rows), so no read or lock spans projects.
 * Rows leave the stale set as they are written, so an interrupted run just resumes.
 */
export async function rescoreStaleResponses(
  db: Database,
  options: { batchSize?: number; version?: string } = {},
): Promise<RescoreResult> {
  const batchSize = options.batchSize ?? RESCORE_BATCH_SIZE;
  const version = options.version ?? SENTIMENT_VERSION;
  const total: RescoreResult = { rescored: 0, themesChanged: 0, batches: 0 };
  for (const { id } of await db.select({ id: projects.id }).from(projects).orderBy(asc(projects.id))) {
    let after: BatchCursor | null = null;
    for (;;) {
      const batch = await rescoreBatch(db, id, version, after, batchSize);
      if (batch.scanned === 0) break;
      total.batches += 1;
      total.rescored += batch.rescored;
      total.themesChanged += batch.themesChanged;
      if (batch.scanned < batchSize || batch.last === null) break;
      after = batch.last;
    }
  }
  return total;
}

/**
 * The last row of a batch in the project's (created_at, id) order, which its index keeps. The time is kept as
 * Postgres wrote it (to the microsecond), so a row left stale (the analyzer failed on it) is passed, not met again.
 */
type BatchCursor = { createdAt: string; id: string };

async function rescoreBatch(db: Database, projectId: string, version: string, after: BatchCursor | null, batchSize: number) {
  const stale = and(
    eq(responses.projectId, projectId),
    isNotNull(responses.comment),
    or(isNull(responses.sentimentVersion), ne(responses.sentimentVersion, version)),
  );
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: responses.id, createdAt: sql<string>`${responses.createdAt}::text` })
      .from(responses)
      .where(and(stale, after === null ? undefined : sql`(${responses.createdAt}, ${responses.id}) > (${after.createdAt}::timestamptz, ${after.id})`))
      .orderBy(asc(responses.createdAt), asc(responses.id))
      .limit(batchSize);
    if (candidates.length === 0) return { scanned: 0, rescored: 0, themesChanged: 0, last: null };
    // The theme lock before the row locks, in the order ingest takes them, so the two never wait on each other in a circle.
    await lockProjectThemes(tx, projectId, 'shared');
    const definitions = await readThemeDefinitions(tx, projectId);
    const rows = await tx
      .select({ id: responses.id, comment: responses.comment, themes: responses.themes })
      .from(responses)
      .where(and(stale, inArray(responses.id, candidates.map((r) => r.id))))
      .for('update'); // an answer edited meanwhile is skipped here: its edit already stored a fresh analysis
    let themesChanged = 0;
    const updates: AnalysisUpdate[] = rows.flatMap((row) => {
      let analysis: ReturnType<typeof analyzeComment>;
      try {
        analysis = analyzeComment(row.comment, definitions);
      } catch {
        return []; // left stale, for a later run once the analyzer is fixed; the rest of the batch goes on
      }
      const themes = analysis.themes ?? [];
      if (!sameThemes(themes, row.themes)) themesChanged += 1;
      return [{
        id: row.id,
        language: analysis.language ?? null,
        sentimentScore: analysis.sentimentScore ?? null,
        sentimentLabel: analysis.sentimentLabel ?? null,
        sentimentVersion: analysis.sentimentVersion ?? null,
        themes,
        themeSentiments: analysis.themeSentiments ?? null,
      }];
    });
    await storeAnalysis(tx, projectId, updates);
    return { scanned: candidates.length, rescored: updates.length, themesChanged, last: candidates.at(-1)! };
  });
}

/** Re-applies every project's themes to all its answers: completes re-apply passes that were interrupted. */
export async function reapplyAllProjectThemes(db: Database, options: { batchSize?: number } = {}) {
  const all = await db.select({ id: projects.id }).from(projects).orderBy(asc(projects.id));
  const total = { projects: all.length, scanned: 0, changed: 0 };
  for (const { id } of all) {
    const result = await reapplyProjectThemes(db, id, options);
    total.scanned += result.scanned;
    total.changed += result.changed;
  }
  return total;
}
