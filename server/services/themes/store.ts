import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { responses } from '../../../db/schema';
import type { SentimentLabel, ThemeSentiment } from '../../text';

// Batch writers for the analysis columns of stored answers: one UPDATE … FROM (VALUES …) per batch instead of
// one statement per row. They change the analysis only: not the answer's revision or updated_at, and so no
// response.updated webhook — the customer's answer did not change, our reading of it did.

export type ThemesUpdate = { id: string; themes: string[]; themeSentiments: ThemeSentiment[] | null };
export type AnalysisUpdate = ThemesUpdate & {
  language: string | null;
  sentimentScore: number | null;
  sentimentLabel: SentimentLabel | null;
  sentimentVersion: string | null;
};

export async function storeThemes(tx: Tx, projectId: string, updates: ThemesUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const values = sql.join(
    updates.map((u) => sql`(${u.id}::text, ${JSON.stringify(u.themes)}::jsonb, ${jsonOrNull(u.themeSentiments)}::jsonb)`),
    sql`, `,
  );
  await tx.execute(sql`update ${responses} set themes = v.themes, theme_sentiments = v.theme_sentiments
    from (values ${values}) as v(id, themes, theme_sentiments)
    where ${responses.id} = v.id and ${responses.projectId} = ${projectId}`);
}

export async function storeAnalysis(tx: Tx, projectId: string, updates: AnalysisUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const values = sql.join(
    updates.map(
      (u) => sql`(${u.id}::text, ${u.language}::text, ${u.sentimentScore}::real, ${u.sentimentLabel}::text,
        ${u.sentimentVersion}::text, ${JSON.stringify(u.themes)}::jsonb, ${jsonOrNull(u.themeSentiments)}::jsonb)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`update ${responses} set language = v.language, sentiment_score = v.score,
      sentiment_label = v.label, sentiment_version = v.version, themes = v.themes, theme_sentiments = v.theme_sentiments
    from (values ${values}) as v(id, language, score, label, version, themes, theme_sentiments)
    where ${responses.id} = v.id and ${responses.projectId} = ${projectId}`);
}

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export const sameThemes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name, i) => name === b[i]);

/** Stored jsonb comes back with its keys reordered: compare the fields. */
export const sameThemeSentiments = (a: readonly ThemeSentiment[], b: readonly ThemeSentiment[] | null) =>
  b !== null && a.length === b.length && a.every((s, i) => s.theme === b[i]!.theme && s.score === b[i]!.score && s.label === b[i]!.label);
