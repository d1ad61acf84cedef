// The postgres.js client under drizzle: queries go out as named prepared statements (one round trip each,
// pipelined), in transactions and savepoints too, unless a transaction-mode pooler rules them out.
// Postgres only: PGlite runs in this process and has no connections or round trips.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDb, type DatabaseHandle } from '../../db/client';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../support/database';

const describePostgres = describe.skipIf(!usingPostgres());
if (!usingPostgres()) console.warn('test/db/postgres-client: skipped, it needs DATABASE_URL (the Postgres run of `npm test` covers it)');

describePostgres('postgres.js client', () => {
  let database: TestDatabase;
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const handle of handles) await handle.close();
    await database.drop();
  });
  const open = (options: { namedStatements?: boolean }) => {
    const handle = createPostgresDb(database.url!, { max: 1, ...options });
    handles.push(handle);
    return handle.db;
  };
  // What this connection has prepared: pg_prepared_statements is per session, and the pool has one connection.
  const prepared = async (db: DatabaseHandle['db']) =>
    (await db.execute(sql`select statement from pg_prepared_statements`)) as unknown as { statement: string }[];

  it('sends parameterized queries as named statements, in transactions and savepoints as well', async () => {
    const db = open({ namedStatements: true });
    await db.execute(sql`select ${1}::int + 1 as top_level`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select ${2}::int + 1 as in_transaction`);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select ${3}::int + 1 as in_savepoint`);
      });
    });
    const statements = (await prepared(db)).map((row) => row.statement).join('\n');
    expect(statements).toContain('top_level');
    expect(statements).toContain('in_transaction');
    expect(statements).toContain('in_savepoint');
    // Plans are still made for each execution's own parameters.
    const [mode] = (await db.execute(sql`select current_setting('plan_cache_mode') as mode`)) as unknown as { mode: string }[];
    expect(mode!.mode).toBe('force_custom_plan');
  });

  it('keeps no statements when they are turned off (transaction-mode poolers), and still answers', async () => {
    const db = open({ namedStatements: false });
    const [row] = (await db.execute(sql`select ${41}::int + 1 as answer`)) as unknown as { answer: number }[];
    expect(row!.answer).toBe(42);
    expect((await prepared(db)).map((r) => r.statement).join('\n')).not.toContain('answer');
  });

  it('a failed statement in a savepoint rolls back only the savepoint, as before', async () => {
    const db = open({ namedStatements: true });
    await db.execute(sql`create temporary table if not exists probe (n int primary key)`);
    const result = await db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe values (${1})`);
      await tx.transaction((sp) => sp.execute(sql`insert into probe values (${1})`)).catch(() => 'duplicate refused');
      await tx.execute(sql`insert into probe values (${2})`);
      return (await tx.execute(sql`select count(*)::int as n from probe`)) as unknown as { n: number }[];
    });
    expect(result[0]!.n).toBe(2);
  });
});
