import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../../db/client';
import { themes } from '../../../db/schema';
import type { ThemeDefinition } from '../../text';

type Queryable = Database | Tx;

/**
 * Theme writers and theme readers of one project lock the project's row, so no answer is stored with
 * definitions older than the last theme change the re-apply pass could miss:
 * - an answer and each re-apply batch hold it FOR KEY SHARE for their (short) statement or transaction and
 *   read the definitions after taking it, so they see every committed theme change (the one-statement
 *   ingest reads cached definitions instead, and checks the project's settings version under the same lock);
 * - a theme create, edit or delete holds it FOR UPDATE while it writes (so does the settings-version trigger
 *   of migration 0015), so it commits only when no answer that read the old definitions is still in flight.
 *   Its re-apply pass, which starts after the commit, therefore sees every such answer.
 * Inserting an answer takes FOR KEY SHARE on the same row anyway (the foreign key), so readers never wait
 * on each other. The lock must be taken in its own statement: under READ COMMITTED a statement's snapshot is
 * taken when it starts, so a read in the same statement would not see the change the lock waited for. (The
 * answer's transaction takes it inside a PL/pgSQL function instead, whose statements each take their own snapshot.)
 */
export async function lockProjectThemes(tx: Tx, projectId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  await tx.execute(
    mode === 'shared'
      ? sql`select 1 from projects where id = ${projectId} for key share`
      : sql`select 1 from projects where id = ${projectId} for update`,
  );
}

/** The project's themes in the order they were defined (the order matchThemes reports them in). */
export async function readThemeDefinitions(db: Queryable, projectId: string): Promise<ThemeDefinition[]> {
  const rows = await db
    .select({ name: themes.name, keywords: themes.keywords })
    .from(themes)
    .where(eq(themes.projectId, projectId))
    .orderBy(asc(themes.createdAt), asc(themes.id));
  return rows;
}

/**
 * For ingest: takes the shared lock and reads the definitions in one statement, with the function of
 * migration 0013 (its read runs after the lock is granted, with a snapshot of its own). So it can go out
 * together with the answer's other reads.
 */
export async function readThemeDefinitionsLocked(tx: Tx, projectId: string): Promise<ThemeDefinition[]> {
  const result = await tx.execute(sql`select name, keywords from kizuna_theme_definitions_locked(${projectId})`);
  return rowsOf<ThemeDefinition>(result).map((row) => ({ name: row.name, keywords: row.keywords }));
}
