// The embedded database's second line of defence: request validation keeps a jsonb value 1,000 deep away from
// PGlite (test/api/bad-input.test.ts), but if PGlite traps anyway, the process hears of it once and can stop
// rather than answer 5xx for ever. This file uses PGlite whatever the suite's driver.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client';
import { createPgliteDb, isFatalPgliteError } from '../../db/pglite';

describe('PGlite failing beyond recovery', () => {
  it('reports a WebAssembly trap once, through onFatal, and the error still reaches the caller', async () => {
    const fatal: Error[] = [];
    const handle = await createPgliteDb(undefined, { onFatal: (err) => fatal.push(err) });
    try {
      expect(rowsOf(await handle.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
      expect(fatal).toEqual([]);
      const deep = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
      const trapped = await handle.db.execute(sql`select ${deep}::jsonb`).then(
        () => null,
        (err: unknown) => err,
      );
      expect(trapped).not.toBeNull();
      expect(fatal).toHaveLength(1);
      expect(isFatalPgliteError(fatal[0])).toBe(true);
      // The database is unusable from here on: later queries fail, and onFatal is not called again.
      await expect(handle.db.execute(sql`select 1`)).rejects.toThrow();
      expect(fatal).toHaveLength(1);
    } finally {
      await handle.close().catch(() => {});
    }
  });

  it('an ordinary failed query is not fatal', async () => {
    const fatal: Error[] = [];
    const handle = await createPgliteDb(undefined, { onFatal: (err) => fatal.push(err) });
    try {
      await expect(handle.db.execute(sql`select 1/0`)).rejects.toThrow();
      await expect(handle.db.execute(sql`select 'a\u0000'::text`)).rejects.toThrow();
      expect(rowsOf(await handle.db.execute(sql`select 2 as two`))).toEqual([{ two: 2 }]);
      expect(fatal).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
