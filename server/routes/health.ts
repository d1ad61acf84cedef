import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../env';

/** Ready once the database answers and is migrated (the projects table exists). */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  try {
    await c.var.deps.db.execute(sql`select 1 from projects limit 1`);
    return c.json({ ok: true as const });
  } catch {
    return c.json({ ok: false as const, error: { code: 'internal_error', message: 'Database not ready' } }, 503);
  }
});
