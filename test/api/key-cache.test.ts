// Keys are remembered for a few seconds per process: revocation is immediate in the process that revoked,
// and reaches every other process when its cached entry expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { defaultConfig } from '../../server/config';
import { silentLogger } from '../../server/logger';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock();
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock });
});
afterAll(() => api.close());

describe('key cache', () => {
  it('a key revoked in one process stops working in another within 10 seconds', async () => {
    const project = await api.createProject();
    const extra = await api.request('POST', '/v1/project/keys', { key: project.secretKey, body: { kind: 'publishable' } });
    // A second process on the same database: its own app, its own cache.
    const otherProcess = createApp({ db: api.db.db, config: defaultConfig, clock, logger: silentLogger, rateLimiter: createRateLimiter() });
    const readConfig = () => otherProcess.request('/v1/surveys', { headers: { authorization: `Bearer ${extra.body.key}` } });
    expect((await readConfig()).status).toBe(403); // known, but a publishable key: cached as such

    await api.request('DELETE', `/v1/project/keys/${extra.body.id}`, { key: project.secretKey });
    const sameProcess = await api.request('GET', '/v1/surveys', { key: extra.body.key });
    expect(sameProcess.status).toBe(401);

    clock.advance(5_000);
    expect((await readConfig()).status).toBe(403); // still the cached answer
    clock.advance(6_000);
    expect((await readConfig()).status).toBe(401);
  });
});
