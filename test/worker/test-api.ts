// startTestApi() against the Worker: the same TestApi, but every request goes over HTTP to workerd
// (`wrangler dev`), which reaches a fresh Postgres database through the Hyperdrive binding. `db` is a
// direct handle on that same database, so tests can look at rows exactly as they do in-process.
import { inject } from 'vitest';
import type { AppConfig } from '../../server/config';
import { createProjectThrough, requestThrough, type TestApi, type TestApiOptions } from '../support/api';
import { createTestDatabase } from '../support/database';
import { prepareWorkerRun, type WorkerRun } from './build';
import { TEST_NOW_HEADER } from './hooks';
import { startWorkerDev } from './dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test entry's bundle and assets, built once by test/worker/global-setup.ts. */
    kizunaWorkerRun?: WorkerRun;
  }
}

let ownRun: Promise<WorkerRun> | undefined;

/** Built once per run by the global setup, or here when a test file runs without it. */
function workerRun(): Promise<WorkerRun> {
  const provided = inject('kizunaWorkerRun');
  if (provided) return Promise.resolve(provided);
  ownRun ??= prepareWorkerRun();
  return ownRun;
}

/** The settings a test may change, as the Worker reads them: environment variables. */
function varsOf(config: Partial<AppConfig>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (name === 'ingestRateLimitPerKey') vars.KIZUNA_RATE_LIMIT_PER_KEY = String(value);
    else if (name === 'ingestRateLimitPerClient') vars.KIZUNA_RATE_LIMIT_PER_CLIENT = String(value);
    else if (name === 'delightedRateLimitPerKey') vars.KIZUNA_DELIGHTED_RATE_LIMIT = String(value);
    else if (name === 'publicUrl') vars.KIZUNA_PUBLIC_URL = String(value ?? '');
    else if (name === 'allowPrivateWebhooks') vars.KIZUNA_ALLOW_PRIVATE_WEBHOOKS = String(value);
    else if (name === 'mailFrom') vars.KIZUNA_MAIL_FROM = String(value ?? '');
    // Loud rather than silently testing something else than asked.
    else throw new Error(`The Worker target cannot set config.${name}; it reads its settings from the environment.`);
  }
  return vars;
}

/** The options the Worker can honour; any other is an error, not a silently different test. */
const supportedOptions = new Set(['clock', 'config']);

export async function startWorkerTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const unsupported = Object.keys(options).filter((name) => !supportedOptions.has(name));
  if (unsupported.length > 0) {
    throw new Error(`The Worker target cannot honour startTestApi({ ${unsupported.join(', ')} }); use describeInProcess from test/support/target.ts.`);
  }
  if (!process.env.DATABASE_URL) {
    throw new Error('The Worker target needs Postgres: set DATABASE_URL (npm run test:worker does).');
  }
  const [run, db] = await Promise.all([workerRun(), createTestDatabase()]);
  const adminKey = `test_admin_key_${crypto.randomUUID()}`;
  let server;
  try {
    server = await startWorkerDev({
      ...run,
      databaseUrl: db.url!,
      vars: { KIZUNA_ADMIN_KEY: adminKey, ...varsOf(options.config ?? {}) },
    });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const worker = server;

  /** The same request, sent to the Worker: its origin replaced, the test's clock attached. */
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    if (options.clock) headers.set(TEST_NOW_HEADER, options.clock.now().toISOString());
    // A test's client address: x-forwarded-for from a proxy in front of Node; at Cloudflare's edge it is
    // cf-connecting-ip, which wrangler dev would otherwise fill with 127.0.0.1 for every request.
    const forwardedFor = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwardedFor && !headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', forwardedFor);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    return globalThis.fetch(`${worker.url}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual', // as app.request: a redirect is an answer to assert, not to follow
    });
  };

  const request = requestThrough(fetch);
  const createProject = createProjectThrough(request, adminKey);

  const close = async () => {
    await worker.stop();
    await db.drop();
  };

  return { db, adminKey, logs: worker.logs, fetch, request, createProject, close };
}
