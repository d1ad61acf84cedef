// The API under test on a fresh database: in-process (app.fetch, no port) by default, or the Worker in
// workerd when KIZUNA_TEST_TARGET=worker (test/support/target.ts, test/worker/test-api.ts). Same TestApi either way.
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock, type Clock } from '../../server/clock';
import { defaultConfig, type AppConfig } from '../../server/config';
import type { Logger } from '../../server/logger';
import type { CommentAnalyzer } from '../../server/services/responses/analyze';
import { createTestDatabase, type TestDatabase } from './database';
import { onWorker } from './target';

export type RequestOptions = { key?: string | null; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string> };
export type ApiResponse<T = any> = { status: number; headers: Headers; body: T; text: string };

export type TestApi = {
  db: TestDatabase;
  adminKey: string;
  logs: Record<string, unknown>[];
  fetch: (request: Request) => Promise<Response>;
  request: <T = any>(method: string, path: string, options?: RequestOptions) => Promise<ApiResponse<T>>;
  createProject: (name?: string) => Promise<{ id: string; secretKey: string; publishableKey: string }>;
  close: () => Promise<void>;
};

/**
 * PBKDF2 work for the suite's throw-away accounts: a real hash (the same code, rounds and format), cheap
 * enough that hundreds of sign-ins do not dominate the run. test/security/passwords.test.ts checks the default.
 */
export const TEST_PASSWORD_ITERATIONS = 1_000;

export type TestApiOptions = { clock?: Clock; config?: Partial<AppConfig>; analyzer?: CommentAnalyzer };

/** request() over any fetch: JSON in, JSON (or text) out, the key as a bearer token. */
export function requestThrough(fetch: (request: Request) => Promise<Response>): TestApi['request'] {
  return async (method: string, path: string, opts: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    let body: BodyInit | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(new Request(new URL(path, 'http://localhost'), { method, headers, body }));
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : null;
    return { status: res.status, headers: res.headers, body: parsed as any, text };
  };
}

export function createProjectThrough(request: TestApi['request'], adminKey: string): TestApi['createProject'] {
  return async (name = 'Test project') => {
    const res = await request('POST', '/v1/projects', { key: adminKey, body: { name } });
    if (res.status !== 201) throw new Error(`createProject failed: ${res.status} ${res.text}`);
    return res.body as { id: string; secretKey: string; publishableKey: string };
  };
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  if (onWorker) {
    const { startWorkerTestApi } = await import('../worker/test-api');
    return startWorkerTestApi(options);
  }
  const db = await createTestDatabase();
  const adminKey = `test_admin_key_${crypto.randomUUID()}`;
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = (line) => logs.push(line);
  const app = createApp({
    db: db.db,
    // In process there is no socket: tests stand behind one imagined proxy, so X-Forwarded-For names the
    // client (the Worker target maps it to CF-Connecting-IP). test/security/trusted-proxies.test.ts turns this off.
    config: {
      ...defaultConfig,
      trustedProxies: { kind: 'hops', hops: 1 },
      adminKeyHash: await hashKey(adminKey),
      passwordIterations: TEST_PASSWORD_ITERATIONS,
      ...options.config,
    },
    clock: options.clock ?? systemClock,
    logger,
    rateLimiter: createRateLimiter(),
    analyzer: options.analyzer,
  });
  const fetch = async (request: Request) => app.fetch(request);
  const request = requestThrough(fetch);
  const createProject = createProjectThrough(request, adminKey);

  return { db, adminKey, logs, fetch, request, createProject, close: db.drop };
}
