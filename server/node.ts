// Node entry: picks the database, migrates, makes sure there is an admin key, and serves the app.
import './quiet-dotenv';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createDb } from '../db/node';
import { migrate } from '../db/migrate';
import { createApp } from './app';
import { createRateLimiter } from './auth/rate-limit';
import { systemClock } from './clock';
import { configFromEnv } from './config';
import { jsonLogger, silentLogger } from './logger';
import { ensureAdminKey } from './services/instance/admin-key';

async function main() {
  const env = process.env;
  const port = Number(env.PORT ?? 8787);
  const dataDir = env.KIZUNA_DATA_DIR ?? './data';
  const handle = await createDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir });
  await migrate(handle);
  const admin = await ensureAdminKey(handle.db, env.KIZUNA_ADMIN_KEY);
  const config = configFromEnv(env, admin.adminKeyHash);
  const logger = env.KIZUNA_LOG === 'off' ? silentLogger : jsonLogger;

  const app = createApp({
    db: handle.db,
    config,
    clock: systemClock,
    logger,
    rateLimiter: createRateLimiter(),
    socketAddress: (c) => getConnInfo(c).remote.address,
  });

  const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? '0.0.0.0' }, (info) => {
    const url = config.publicUrl ?? `http://localhost:${info.port}`;
    const where = handle.driver === 'pglite' ? `embedded database in ${dataDir}` : 'Postgres (DATABASE_URL)';
    const lines = [`Kizuna is running at ${url}  (${where})`];
    if (admin.generatedKey) {
      lines.push(
        '',
        'Instance admin key (shown once; it creates projects — store it safely):',
        `  ${admin.generatedKey}`,
        '',
        `Create a project:  curl -X POST ${url}/v1/projects -H "Authorization: Bearer <admin key>" -H "Content-Type: application/json" -d '{"name":"My product"}'`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
  });

  const shutdown = () => {
    server.close();
    void handle.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Kizuna failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
