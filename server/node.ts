// Node entry: picks the database, migrates, makes sure there is an admin key, and serves the app.
import './quiet-dotenv';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createDb } from '../db/node';
import { createPostgresDb } from '../db/client'; // the dispatcher's own pool
import { migrate } from '../db/migrate';
import { createApp } from './app';
import { readNodeBody } from './node-body';
import { createRateLimiter } from './auth/rate-limit';
import { systemClock } from './clock';
import { configFromEnv } from './config';
import { secretBoxOf } from './crypto/config-box';
import { jsonLogger, silentLogger } from './logger';
import { ensureAdminKey } from './services/instance/admin-key';
import { createSmtpMailer } from './mail/smtp';
import { startDispatcherLoop } from './webhooks/loop';
import { foldIntervalFromEnv, startFoldLoop } from './services/metrics/fold-loop';
import { nodeHostResolver } from './webhooks/node-resolver';
import { createGuardedFetch } from './webhooks/node-fetch';
import { compressJsonReplies } from './node-compress';
import { ensureFirstAdmin } from './services/accounts/first-run';

// A client that trickles its headers or body holds a connection (Node's defaults: 60 s, 300 s). Bodies here
// are at most 64 KiB, so 10 s for the headers and 30 s for the whole request are generous; the checking
// interval (default 30 s) is shortened so the limits bite close to when they say. Idle keep-alive stays
// Node's 5 s: behind a proxy that reuses connections longer, raise it above the proxy's idle timeout.
const connectionTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 2_000,
};

/**
 * The embedded database has trapped and every later query would fail: say so and exit non-zero, so that a
 * supervisor (systemd, Docker's restart policy, a process manager) starts Kizuna again on the intact data.
 */
function exitOnEmbeddedFailure(err: Error) {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'the embedded database failed and cannot recover; exiting so that Kizuna is restarted (the data on disk is intact)', error: `${err.name}: ${err.message}` })}\n`,
  );
  process.exit(70); // EX_SOFTWARE
}

async function main() {
  const env = process.env;
  const port = Number(env.PORT ?? 8787);
  const dataDir = env.KIZUNA_DATA_DIR ?? './data';
  // KIZUNA_PG_NAMED_STATEMENTS=false behind a transaction-mode pooler (pgbouncer, Supabase's port 6543).
  const namedStatements = env.KIZUNA_PG_NAMED_STATEMENTS === 'false' ? false : undefined;
  const handle = await createDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir, namedStatements, onFatal: exitOnEmbeddedFailure });
  await migrate(handle);
  const admin = await ensureAdminKey(handle.db, env.KIZUNA_ADMIN_KEY);
  const owner = await ensureFirstAdmin(handle.db, { email: env.KIZUNA_ADMIN_EMAIL, password: env.KIZUNA_ADMIN_PASSWORD });
  const config = configFromEnv(env, admin.adminKeyHash);
  const logger = env.KIZUNA_LOG === 'off' ? silentLogger : jsonLogger;

  // Email for follow-up replies (optional), and the webhook dispatcher running in this process.
  const mailer = env.SMTP_URL ? createSmtpMailer({ url: env.SMTP_URL, from: config.mailFrom ?? 'Kizuna <kizuna@localhost>' }) : undefined;
  // KIZUNA_DISPATCHER=off when webhooks go out from their own process (`npm run dispatch`, Postgres only).
  const dispatchHere = env.KIZUNA_DISPATCHER !== 'off' || !env.DATABASE_URL;
  // Its own small pool on Postgres: ingest transactions waiting on locks must not starve delivery of connections.
  const dispatchHandle = env.DATABASE_URL && dispatchHere ? createPostgresDb(env.DATABASE_URL, { max: 2, namedStatements }) : handle;
  const dispatcher = dispatchHere
    ? startDispatcherLoop(
        {
          db: dispatchHandle.db,
          clock: systemClock,
          logger,
          resolveHost: nodeHostResolver,
          // Checks each resolved address inside the connection (DNS rebinding); not needed when private targets are allowed.
          fetch: config.allowPrivateWebhooks ? undefined : createGuardedFetch(),
          allowPrivateTargets: config.allowPrivateWebhooks,
          secretBox: secretBoxOf(config),
        },
        { retentionDays: config.webhookRetentionDays },
      )
    : { stop: async () => {} };
  // Answers after each project's watermark are folded into the hourly rollups every few seconds
  // (KIZUNA_ROLLUP_FOLD_MS; 0 when another process folds). Several processes folding at once is safe.
  const foldMs = foldIntervalFromEnv(env.KIZUNA_ROLLUP_FOLD_MS);
  const folds = foldMs > 0 ? startFoldLoop({ db: dispatchHandle.db, clock: systemClock, logger }, foldMs) : { stop: async () => {} };

  const app = createApp({
    db: handle.db,
    config,
    clock: systemClock,
    logger,
    rateLimiter: createRateLimiter(),
    mailer, // follow-up replies
    socketAddress: (c) => getConnInfo(c).remote.address,
    readBody: readNodeBody,
  });

  const server = serve({ fetch: compressJsonReplies(app.fetch), port, hostname: env.HOST ?? '0.0.0.0', serverOptions: connectionTimeouts }, (info) => {
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
    if (owner) {
      lines.push(
        '',
        `Dashboard: ${url}/  — first admin account (the instance owner):`,
        `  email:    ${owner.email}`,
        owner.generatedPassword ? `  password: ${owner.generatedPassword}   (generated; shown once — change it in Settings)` : '  password: from KIZUNA_ADMIN_PASSWORD',
      );
      if (owner.project) lines.push(`  first project: "${owner.project.name}" (${owner.project.id})`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  });

  const shutdown = () => {
    server.close();
    // Let an attempt in flight finish recording before the pool closes (unrecorded ones are re-sent).
    void Promise.all([dispatcher.stop(), folds.stop()])
      .then(() => (dispatchHandle === handle ? undefined : dispatchHandle.close()))
      .then(() => handle.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Kizuna failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
