// Workers entry: the same app as server/node.ts, over Postgres through a Hyperdrive binding. Static files
// (dist/: /widget.js, /dashboard/) are Workers static assets; the webhook dispatcher runs from a cron trigger
// (scheduled()). The Worker never migrates: `npm run migrate` does, from a machine that reaches the database.
//
// Email replies to customers are not available on Workers: there is no SMTP here and no mailer is passed, so
// replying to a follow-up answers 409, as on a Node server without SMTP_URL (an HTTP mail API could fill
// AppDeps.mailer later). Nothing here may pull in Node-only code (PGlite, node:fs, the SMTP mailer):
// test/worker/bundle.test.ts builds this file with wrangler and fails if any of it ends up in the bundle.
import { createPostgresDb } from '../db/client';
import { createApp } from './app';
import type { StaticFile } from './routes/static-file';
import { createKeyCache } from './auth/key-cache';
import { createWidgetSurveyCache } from './services/widget/survey-cache';
import { createContactCache } from './services/widget/contact-cache';
import { hashKey } from './auth/keys';
import { createRateLimiter } from './auth/rate-limit';
import { noTrustedProxies } from './auth/client-address';
import { systemClock, type Clock } from './clock';
import { configFromEnv, type AppConfig } from './config';
import { secretBoxOf } from './crypto/config-box';
import { loggableError } from './log-redaction';
import { jsonLogger, silentLogger } from './logger';
import { MIN_ADMIN_KEY_LENGTH } from './services/instance/admin-key';
import { foldAllRollups } from './services/metrics/fold';
import { drainDueDeliveries } from './webhooks/dispatcher';
import { sweepExpiredDeliveries } from './webhooks/retention';

/** The few parts of the Workers runtime this entry uses (structural, so the DOM-typed app code stays as it is). */
export type HyperdriveBinding = { connectionString: string };
export type AssetsBinding = { fetch: (request: Request) => Promise<Response> };
export type WorkerContext = { waitUntil: (promise: Promise<unknown>) => void };
export type ScheduledEvent = { cron: string; scheduledTime: number };

/** Bindings from wrangler.toml, plus vars and secrets (`wrangler secret put KIZUNA_ADMIN_KEY`). */
export type WorkerEnv = {
  HYPERDRIVE: HyperdriveBinding;
  /** dist/: widget.js and dashboard/ (wrangler.toml [assets]). */
  ASSETS?: AssetsBinding;
  KIZUNA_ADMIN_KEY?: string;
  KIZUNA_PUBLIC_URL?: string;
  /** `wrangler secret put KIZUNA_ENCRYPTION_KEY`: seals stored webhook and link-signing secrets. */
  KIZUNA_ENCRYPTION_KEY?: string;
  KIZUNA_ENCRYPTION_KEY_PREVIOUS?: string;
  KIZUNA_LINK_EXPIRY_DAYS?: string;
  NODE_ENV?: string;
  KIZUNA_RATE_LIMIT_PER_KEY?: string;
  KIZUNA_RATE_LIMIT_PER_CLIENT?: string;
  KIZUNA_DELIGHTED_RATE_LIMIT?: string;
  KIZUNA_ALLOW_PRIVATE_WEBHOOKS?: string;
  KIZUNA_LOG?: string;
};

export type WorkerOptions = {
  /** The clock of one request. Production uses the system clock; the workerd tests drive it from the test's clock. */
  clockFor?: (request: Request) => Clock;
};

// Kept per isolate, not per request: counters must outlive a request to limit anything. Each isolate
// counts on its own, so the effective limit is a multiple of the configured one (as with N Node processes).
const rateLimiter = createRateLimiter();
// Likewise resolved API keys (10 s): a revocation evicts them in this isolate at once, in others on expiry.
const keyCache = createKeyCache();
// And the live surveys every page view asks for (revalidated by the project's settings version after 5 s).
const widgetSurveys = createWidgetSurveyCache();
const widgetContacts = createContactCache();

// Hashing the admin key is cheap but not free; the secret only changes with a new deployment (new isolate).
let adminKeyHashMemo: { key: string; hash: Promise<string> } | undefined;

function adminKeyHash(key: string | undefined): Promise<string | null> {
  if (key === undefined || key === '') return Promise.resolve(null); // then the hash stored by a Node start is used
  if (key.length < MIN_ADMIN_KEY_LENGTH) {
    return Promise.reject(new Error(`KIZUNA_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters long.`));
  }
  if (adminKeyHashMemo?.key !== key) adminKeyHashMemo = { key, hash: hashKey(key) };
  return adminKeyHashMemo.hash;
}

async function configOf(env: WorkerEnv): Promise<AppConfig> {
  // Vars and secrets are strings; bindings (HYPERDRIVE, ASSETS) are objects and no settings.
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') strings[name] = value;
  return configFromEnv(strings, await adminKeyHash(env.KIZUNA_ADMIN_KEY));
}

// The app reads /widget.js and the dashboard build through two loaders, from disk on Node. wrangler.toml
// aliases those modules to this file, so in the Worker the same routes (same headers, ETags, CSP) read the
// files from the static assets instead, and node:fs never enters the bundle.
let assets: AssetsBinding | undefined; // the isolate's binding, the same for every request

async function assetFile(path: string): Promise<Response | null> {
  if (!assets) return null;
  const res = await assets.fetch(new Request(`https://assets.invalid${path}`));
  return res.ok ? res : null;
}

/** A static asset as the app's routes send it; the runtime compresses what goes out with a Content-Encoding. */
async function assetStaticFile(path: string): Promise<StaticFile | null> {
  const res = await assetFile(path);
  if (!res) return null;
  // The asset's own ETag is a hash of its content, which is what the Node loader computes too.
  const etag = res.headers.get('etag')?.replace(/^W\//, '') ?? `"${path}"`;
  return { body: new Uint8Array(await res.arrayBuffer()), etag, encoded: 'runtime' };
}

/** Stands in for server/services/widget/script-file (see wrangler.toml [alias]). */
export function loadWidgetScript(): Promise<StaticFile | null> {
  return assetStaticFile('/widget.js');
}

// A Map: the extension comes from the request path, and "x.constructor" must not find Object's constructor.
const dashboardTypes = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
  ['svg', 'image/svg+xml'],
]);

/** Stands in for server/services/accounts/dashboard-files (see wrangler.toml [alias]); same rules as on Node. */
export async function loadDashboardFile(name: string): Promise<{ file: StaticFile; contentType: string; immutable: boolean } | null> {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) return null;
  const contentType = dashboardTypes.get(name.split('.').pop() ?? '');
  if (!contentType) return null;
  const file = await assetStaticFile(`/dashboard/${name}`);
  return file && { file, contentType, immutable: /-[A-Z0-9]{8}\.(js|css)$/.test(name) };
}

export function createWorker(options: WorkerOptions = {}) {
  return {
    async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
      assets = env.ASSETS;
      // One connection per request: Hyperdrive pools the real ones, and a Worker may not reuse a socket
      // across requests. No prepared statements (createPostgresDb turns them off for max: 1).
      const handle = createPostgresDb(env.HYPERDRIVE.connectionString, { max: 1 });
      // Work a request goes on with after its reply (a password reset's email): kept alive by waitUntil, and
      // the connection is closed only once it is done.
      const afterReply: Promise<void>[] = [];
      try {
        const app = createApp({
          db: handle.db,
          // KIZUNA_TRUSTED_PROXIES does not apply here: X-Forwarded-For is never read on Workers.
          config: { ...(await configOf(env)), trustedProxies: noTrustedProxies },
          clock: options.clockFor?.(request) ?? systemClock,
          logger: env.KIZUNA_LOG === 'off' ? silentLogger : jsonLogger,
          rateLimiter,
          keyCache,
          widgetSurveys,
          widgetContacts,
          // The client address is cf-connecting-ip, which Cloudflare sets on every request (replacing a client's own).
          socketAddress: (c) => c.req.header('cf-connecting-ip'),
          afterReply: (work) => void afterReply.push(work),
        });
        return await app.fetch(request);
      } finally {
        // Closing after the reply is sent (and after the work that outlives it): the response does not wait
        // for the connection's goodbye.
        ctx.waitUntil(Promise.allSettled(afterReply).then(() => handle.close().catch(() => {})));
      }
    },

    async scheduled(_event: ScheduledEvent, env: WorkerEnv, _ctx: WorkerContext): Promise<void> {
      // The cron trigger (wrangler.toml [triggers]) folds answers into the rollups, then delivers due webhooks,
      // batch after batch, within a time budget well under the cron's limits; what is left is claimed by the
      // next minute's run. Several runs overlapping is safe: deliveries are claimed with leases (FOR UPDATE
      // SKIP LOCKED), and folds of one project take turns on its lock.
      const logger = env.KIZUNA_LOG === 'off' ? silentLogger : jsonLogger;
      const config = await configOf(env);
      const handle = createPostgresDb(env.HYPERDRIVE.connectionString, { max: 1 });
      // First, the answers of the last minute go into the hourly rollups (reads are exact either way; a short
      // tail keeps them fast). Projects left when the few seconds are up are folded by the next run.
      await foldAllRollups(handle.db, systemClock.now(), { deadline: Date.now() + 5_000 }).catch((err: unknown) =>
        logger({ level: 'error', msg: 'rollup fold failed', error: loggableError(err) }),
      );
      const run = drainDueDeliveries(
        // No resolveHost: Workers have no DNS API, and their fetch cannot reach a private network anyway;
        // literal internal addresses are still refused by the delivery-time check.
        { db: handle.db, clock: systemClock, logger, allowPrivateTargets: config.allowPrivateWebhooks, secretBox: secretBoxOf(config) },
        { limit: 100, budgetMs: 25_000 },
      )
        .then((summary) => {
          if (summary.claimed > 0) logger({ level: 'info', msg: 'webhooks dispatched', ...summary });
        })
        .catch((err: unknown) => logger({ level: 'error', msg: 'webhook dispatch failed', error: loggableError(err) }))
        // Each run also trims the delivery log (a few batches), whether or not the deliveries went well.
        .then(() => sweepExpiredDeliveries({ db: handle.db, clock: systemClock, logger }, config.webhookRetentionDays, { maxBatches: 5 }))
        .finally(() => handle.close().catch(() => {})); // a failed goodbye loses nothing: the work is committed
      await run;
    },
  };
}

export default createWorker();
