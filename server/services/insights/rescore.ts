import { and, asc, gt, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client';
import { projects, responses } from '../../../db/schema';
import { SENTIMENT_VERSION, type ThemeDefinition } from '../../text';
import { analyzeComment } from '../responses/analyze';
import { lockProjectThemes, readThemeDefinitions } from '../themes/definitions';
import { reapplyProjectThemes } from '../themes/reapply';
import { sameThemes, storeAnalysis, type AnalysisUpdate } from '../themes/store';

export const RESCORE_BATCH_SIZE = 500;

export type RescoreResult = { rescored: number; themesChanged: number; batches: number };

/**
 * Re-analyses every stored comment whose sentiment was computed by another analyzer version (after an upgrade
 * of server/text): language, sentiment and the project's themes, in batches of short transactions in id order
 * across all projects. Rows leave the stale set as they are written, so an interrupted run just resumes.
 */
export async function rescoreStaleResponses(
  db: Database,
  options: { batchSize?: number; version?: string } = {},
): Promise<RescoreResult> {
  const batchSize = options.batchSize ?? RESCORE_BATCH_SIZE;
  const version = options.version ?? SENTIMENT_VERSION;
  const total: RescoreResult = { rescored: 0, themesChanged: 0, batches: 0 };
  let afterId: string | null = null;
  for (;;) {
    const batch = await rescoreBatch(db, version, afterId, batchSize);
    if (batch.scanned === 0) return total;
    total.batches += 1;
    total.rescored += batch.rescored;
    total.themesChanged += batch.themesChanged;
    if (batch.scanned < batchSize || batch.lastId === null) return total;
    afterId = batch.lastId;
  }
}

async function rescoreBatch(db: Database, version: string, afterId: string | null, batchSize: number) {
  const stale = and(isNotNull(responses.comment), or(isNull(responses.sentimentVersion), ne(responses.sentimentVersion, version)));
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: responses.id, projectId: responses.projectId })
      .from(responses)
      .where(and(stale, afterId === null ? undefined : gt(responses.id, afterId)))
      .orderBy(asc(responses.id))
      .limit(batchSize);
    if (candidates.length === 0) return { scanned: 0, rescored: 0, themesChanged: 0, lastId: null };
    // The theme locks before the row locks, in the order ingest takes them, so the two never wait on each other in a circle.
    const definitions = await definitionsPerProject(tx, candidates.map((r) => r.projectId));
    const rows = await tx
      .select({ id: responses.id, projectId: responses.projectId, comment: responses.comment, themes: responses.themes })
      .from(responses)
      .where(and(stale, inArray(responses.id, candidates.map((r) => r.id))))
      .for('update'); // an answer edited meanwhile is skipped here: its edit already stored a fresh analysis
    let themesChanged = 0;
    const updates: AnalysisUpdate[] = rows.flatMap((row) => {
      let analysis: ReturnType<typeof analyzeComment>;
      try {
        analysis = analyzeComment(row.comment, definitions.get(row.projectId) ?? []);
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
    await storeAnalysis(tx, updates);
    return { scanned: candidates.length, rescored: updates.length, themesChanged, lastId: candidates.at(-1)!.id };
  });
}

/** Each project's theme definitions, read under its shared theme lock (sorted, so every run locks in one order). */
async function definitionsPerProject(tx: Tx, projectIds: string[]): Promise<Map<string, ThemeDefinition[]>> {
  const found = new Map<string, ThemeDefinition[]>();
  for (const projectId of [...new Set(projectIds)].sort()) {
    await lockProjectThemes(tx, projectId, 'shared');
    found.set(projectId, await readThemeDefinitions(tx, projectId));
  }
  return found;
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
