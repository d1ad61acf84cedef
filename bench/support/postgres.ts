// A throw-away database on the local PostgreSQL for one benchmark run, migrated, dropped at the end.
import postgres from 'postgres';
import { createPostgresDb } from '../../db/client';
import { migrate } from '../../db/migrate';

export const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createBenchDatabase(label: string) {
  const name = `kizuna_bench_${label}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createPostgresDb(url.toString(), { max: 10 });
  await migrate(handle);
  return {
    url: url.toString(),
    handle,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
