// The API under test, in-process (app.request, no port) on a fresh database.
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock, type Clock } from '../../server/clock';
import { defaultConfig, type AppConfig } from '../../server/config';
import type { Logger } from '../../server/logger';
import { createTestDatabase, type TestDatabase } from './database';

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

export async function startTestApi(options: { clock?: Clock; config?: Partial<AppConfig> } = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const adminKey = `test_admin_key_${crypto.randomUUID()}`;
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = (line) => logs.push(line);
  const app = createApp({
    db: db.db,
    config: { ...defaultConfig, adminKeyHash: await hashKey(adminKey), ...options.config },
    clock: options.clock ?? systemClock,
    logger,
    rateLimiter: createRateLimiter(),
  });
  const fetch = async (request: Request) => app.fetch(request);

  const request = async (method: string, path: string, opts: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    let body: BodyInit | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : null;
    return { status: res.status, headers: res.headers, body: parsed as any, text };
  };

  const createProject = async (name = 'Test project') => {
    const res = await request('POST', '/v1/projects', { key: adminKey, body: { name } });
    if (res.status !== 201) throw new Error(`createProject failed: ${res.status} ${res.text}`);
    return res.body as { id: string; secretKey: string; publishableKey: string };
  };

  return { db, adminKey, logs, fetch, request, createProject, close: db.drop };
}
