// Node entry for a process that only delivers webhooks: `npm run dispatch`. The API server runs the same
// dispatcher in its own process by default; on a busy instance it competes there with answers for one
// event loop (bench/RESULTS.md › Webhooks), so it can run here instead, on another core, with
// KIZUNA_DISPATCHER=off on the API processes. Several dispatchers may run at once (rows are claimed with
// FOR UPDATE SKIP LOCKED). Postgres only: the embedded database belongs to the one server process. It also
// folds new answers into the metrics rollups, as the API server does (KIZUNA_ROLLUP_FOLD_MS; 0: not here).
import './quiet-dotenv';
import { createPostgresDb } from '../db/client';
import { systemClock } from './clock';
import { configFromEnv } from './config';
import { secretBoxOf } from './crypto/config-box';
import { jsonLogger, silentLogger } from './logger';
import { foldIntervalFromEnv, startFoldLoop } from './services/metrics/fold-loop';
import { startDispatcherLoop } from './webhooks/loop';
import { createGuardedFetch } from './webhooks/node-fetch';
import { nodeHostResolver } from './webhooks/node-resolver';

async function main() {
  const env = process.env;
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set: a separate dispatcher needs Postgres (the embedded database is the server’s alone).');
  const config = configFromEnv(env, null);
  const logger = env.KIZUNA_LOG === 'off' ? silentLogger : jsonLogger;
  const handle = createPostgresDb(env.DATABASE_URL, {
    max: 2,
    namedStatements: env.KIZUNA_PG_NAMED_STATEMENTS === 'false' ? false : undefined,
  });
  // Another process commits the answers, so no in-process wake-up reaches this loop: it polls, often (the
  // claim reads a small partial index of pending rows).
  const intervalMs = 100;
  const dispatcher = startDispatcherLoop(
    {
      db: handle.db,
      clock: systemClock,
      logger,
      resolveHost: nodeHostResolver,
      fetch: config.allowPrivateWebhooks ? undefined : createGuardedFetch(),
      allowPrivateTargets: config.allowPrivateWebhooks,
      secretBox: secretBoxOf(config),
    },
    { intervalMs, retentionDays: config.webhookRetentionDays },
  );
  const foldMs = foldIntervalFromEnv(env.KIZUNA_ROLLUP_FOLD_MS);
  const folds = foldMs > 0 ? startFoldLoop({ db: handle.db, clock: systemClock, logger }, foldMs) : { stop: async () => {} };
  process.stdout.write(`Kizuna webhook dispatcher running (polling every ${intervalMs} ms)\n`);
  const shutdown = () => {
    void Promise.all([dispatcher.stop(), folds.stop()])
      .then(() => handle.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Kizuna dispatcher failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
