import { and, asc, count, eq, max, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { themes, type ThemeKeywords } from '../../../db/schema';
import { ApiError, notFound } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { lockProjectThemes } from './definitions';
import { reapplyProjectThemes, type ReapplyResult } from './reapply';

/** Every answer with a comment is matched against every theme at ingest: keep the list short. */
export const MAX_THEMES_PER_PROJECT = 100;

export type ThemeInput = { name: string; keywords: Partial<ThemeKeywords> };
export type ThemePatch = { name?: string; keywords?: Partial<ThemeKeywords> };

type ThemeRow = typeof themes.$inferSelect;

export function presentTheme({ projectId: _project, ...row }: ThemeRow) {
  return row;
}
export type ThemeView = ReturnType<typeof presentTheme>;

/** Keywords trimmed, blank ones and repeats dropped (case-insensitively), per language. */
function cleanKeywords(keywords: Partial<ThemeKeywords>, base: ThemeKeywords = { en: [], ja: [] }): ThemeKeywords {
  const clean = (list: string[]) => {
    const seen = new Set<string>();
    return list.map((k) => k.trim()).filter((k) => k.length > 0 && !seen.has(k.toLowerCase()) && (seen.add(k.toLowerCase()), true));
  };
  return { en: clean(keywords.en ?? base.en), ja: clean(keywords.ja ?? base.ja) };
}

function assertHasKeywords(keywords: ThemeKeywords) {
  if (keywords.en.length + keywords.ja.length === 0) {
    throw new ApiError('validation_failed', 'A theme needs at least one keyword (in "keywords.en" or "keywords.ja").', [
      { path: 'keywords', message: 'At least one keyword', code: 'too_small' },
    ]);
  }
}

async function assertNameFree(tx: Tx, projectId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: themes.id })
    .from(themes)
    .where(and(eq(themes.projectId, projectId), sql`lower(${themes.name}) = lower(${name})`, exceptId ? ne(themes.id, exceptId) : undefined));
  if (taken) throw new ApiError('conflict', `A theme named "${name}" already exists in this project.`, { name, id: taken.id }).because('theme_name_taken');
}

async function findTheme(db: ProjectCtx['db'] | Tx, projectId: string, id: string): Promise<ThemeRow> {
  const [row] = await db.select().from(themes).where(and(eq(themes.id, id), eq(themes.projectId, projectId)));
  if (!row) throw notFound('Theme');
  return row;
}

/**
 * Writes a theme change under the project's exclusive theme lock, then re-applies the project's themes to
 * its stored answers (see reapplyProjectThemes). The lock also makes the name check and the count race-free.
 */
async function changeThemes<T>(ctx: ProjectCtx, write: (tx: Tx) => Promise<T>): Promise<T & { reapplied: ReapplyResult }> {
  const written = await ctx.db.transaction(async (tx) => {
    await lockProjectThemes(tx, ctx.projectId, 'exclusive');
    return write(tx);
  });
  const reapplied = await reapplyProjectThemes(ctx.db, ctx.projectId);
  return { ...written, reapplied };
}

export async function createTheme(ctx: ProjectCtx, input: ThemeInput) {
  const keywords = cleanKeywords(input.keywords);
  assertHasKeywords(keywords);
  return changeThemes(ctx, async (tx) => {
    const [{ n, newest } = { n: 0, newest: null }] = await tx
      .select({ n: count(), newest: max(themes.createdAt) })
      .from(themes)
      .where(eq(themes.projectId, ctx.projectId));
    if (n >= MAX_THEMES_PER_PROJECT) {
      throw new ApiError('conflict', `A project can define at most ${MAX_THEMES_PER_PROJECT} themes; delete one first.`).because('theme_limit');
    }
    await assertNameFree(tx, ctx.projectId, input.name);
    const now = ctx.clock.now();
    // Definition order is the order of names in responses.themes, so it must be total: a theme created in the
    // same millisecond as the newest one (or under a clock that went back) is placed just after it.
    const createdAt = newest && newest.getTime() >= now.getTime() ? new Date(newest.getTime() + 1) : now;
    const [row] = await tx
      .insert(themes)
      .values({ id: newId('thm'), projectId: ctx.projectId, name: input.name, keywords, createdAt, updatedAt: createdAt })
      .returning();
    return presentTheme(row!);
  });
}

/** In the order they were defined, which is also the order of names in responses.themes. */
export async function listThemes(ctx: ProjectCtx) {
  const rows = await ctx.db
    .select()
    .from(themes)
    .where(eq(themes.projectId, ctx.projectId))
    .orderBy(asc(themes.createdAt), asc(themes.id));
  return rows.map(presentTheme);
}

export async function getTheme(ctx: ProjectCtx, id: string) {
  return presentTheme(await findTheme(ctx.db, ctx.projectId, id));
}

/** `keywords.en` / `keywords.ja` replace that language's list; a language left out keeps its keywords. */
export async function updateTheme(ctx: ProjectCtx, id: string, patch: ThemePatch) {
  await findTheme(ctx.db, ctx.projectId, id); // 404 before taking the project's lock
  return changeThemes(ctx, async (tx) => {
    const existing = await findTheme(tx, ctx.projectId, id);
    const keywords = cleanKeywords(patch.keywords ?? {}, existing.keywords);
    assertHasKeywords(keywords);
    if (patch.name !== undefined) await assertNameFree(tx, ctx.projectId, patch.name, id);
    const [row] = await tx
      .update(themes)
      .set({ name: patch.name ?? existing.name, keywords, updatedAt: ctx.clock.now() })
      .where(and(eq(themes.projectId, ctx.projectId), eq(themes.id, existing.id)))
      .returning();
    return presentTheme(row!);
  });
}

export async function deleteTheme(ctx: ProjectCtx, id: string) {
  await findTheme(ctx.db, ctx.projectId, id);
  return changeThemes(ctx, async (tx) => {
    const existing = await findTheme(tx, ctx.projectId, id);
    await tx.delete(themes).where(and(eq(themes.projectId, ctx.projectId), eq(themes.id, existing.id)));
    return { id: existing.id, deleted: true as const };
  });
}

/** Re-applies the current definitions to every stored answer: completes a pass that was interrupted. */
export async function reapplyThemes(ctx: ProjectCtx) {
  return { reapplied: await reapplyProjectThemes(ctx.db, ctx.projectId) };
}
