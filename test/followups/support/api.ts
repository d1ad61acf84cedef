// The API with the optional deps follow-ups use (a mailer), on a fresh database; otherwise like test/support/api.ts.
import { createApp } from '../../../server/app';
import { hashKey } from '../../../server/auth/keys';
import { createRateLimiter } from '../../../server/auth/rate-limit';
import { systemClock, type Clock } from '../../../server/clock';
import { defaultConfig } from '../../../server/config';
import type { Mailer } from '../../../server/mail/mailer';
import { createTestDatabase } from '../../support/database';

export async function startFollowUpApi(options: { clock?: Clock; mailer?: Mailer } = {}) {
  const db = await createTestDatabase();
  const adminKey = `test_admin_key_${crypto.randomUUID()}`;
  const app = createApp({
    db: db.db,
    config: { ...defaultConfig, adminKeyHash: await hashKey(adminKey), allowPrivateWebhooks: true },
    clock: options.clock ?? systemClock,
    logger: () => {},
    rateLimiter: createRateLimiter(),
    mailer: options.mailer,
  });
  const request = async (method: string, path: string, opts: { key?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : (text as any) };
  };
  const createProject = async () => {
    const res = await request('POST', '/v1/projects', { key: adminKey, body: { name: 'Follow-ups' } });
    return res.body as { id: string; secretKey: string; publishableKey: string };
  };
  return { db, request, createProject, close: db.drop };
}
