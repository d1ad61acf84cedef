import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('POST /v1/projects — happy path', () => {
  it('creates a project with a secret and a publishable key, shown once', async () => {
    const res = await api.request('POST', '/v1/projects', { key: api.adminKey, body: { name: 'Acme' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Acme', timeZone: 'UTC' });
    expect(res.body.id).toMatch(/^prj_/);
    expect(res.body.secretKey).toMatch(/^sk_[0-9a-zA-Z]{32}$/);
    expect(res.body.publishableKey).toMatch(/^pk_[0-9a-zA-Z]{32}$/);
    const keys = await api.request('GET', '/v1/project/keys', { key: res.body.secretKey });
    expect(keys.status).toBe(200);
    expect(keys.body.data).toHaveLength(2);
    expect(JSON.stringify(keys.body)).not.toContain(res.body.secretKey);
    expect(keys.body.data.map((k: { prefix: string }) => k.prefix).sort()).toEqual(
      [res.body.publishableKey.slice(0, 7), res.body.secretKey.slice(0, 7)].sort(),
    );
  });

  it('stores keys hashed, never in clear', async () => {
    const project = await api.createProject();
    const rows = await api.db.db.execute('select hash, prefix from api_keys' as never);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(project.secretKey);
    expect(dump).not.toContain(project.publishableKey);
  });

  it('lists every project for the admin key', async () => {
    const res = await api.request('GET', '/v1/projects', { key: api.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThanOrEqual(2);
  });
});

describe('POST /v1/projects — errors', () => {
  it('rejects a missing name with 422 and details', async () => {
    const res = await api.request('POST', '/v1/projects', { key: api.adminKey, body: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details[0].path).toBe('name');
  });
  it('rejects an unknown time zone', async () => {
    const res = await api.request('POST', '/v1/projects', { key: api.adminKey, body: { name: 'x', timeZone: 'Mars/Olympus' } });
    expect(res.status).toBe(422);
  });
  it('rejects malformed JSON with 400', async () => {
    const res = await api.request('POST', '/v1/projects', {
      key: api.adminKey,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(res.body.error.requestId).toBeTruthy();
    expect(res.headers.get('x-request-id')).toBe(res.body.error.requestId);
  });
  it('rejects a body that is not declared as JSON', async () => {
    const res = await api.request('POST', '/v1/projects', { key: api.adminKey, rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

// Keys and other projects (the admin key, a publishable key, another project's key): test/security/tenant-isolation.test.ts.
describe('/v1/project settings and keys', () => {
  it('updates the name, time zone and allowed origins', async () => {
    const project = await api.createProject();
    const res = await api.request('PATCH', '/v1/project', {
      key: project.secretKey,
      body: { name: 'Renamed', timeZone: 'Asia/Tokyo', allowedOrigins: ['https://shop.example.com/'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', timeZone: 'Asia/Tokyo', allowedOrigins: ['https://shop.example.com'] });
  });

  it('rejects an origin with a path', async () => {
    const project = await api.createProject();
    const res = await api.request('PATCH', '/v1/project', {
      key: project.secretKey,
      body: { allowedOrigins: ['https://shop.example.com/checkout'] },
    });
    expect(res.status).toBe(422);
  });

  it('creates a key that works, and revokes it so it stops working', async () => {
    const project = await api.createProject();
    const created = await api.request('POST', '/v1/project/keys', { key: project.secretKey, body: { kind: 'secret', name: 'CI' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk_/);
    expect((await api.request('GET', '/v1/surveys', { key: created.body.key })).status).toBe(200);
    const revoked = await api.request('DELETE', `/v1/project/keys/${created.body.id}`, { key: project.secretKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    expect((await api.request('GET', '/v1/surveys', { key: created.body.key })).status).toBe(401);
  });
});

describe('unknown routes and health', () => {
  it('answers 404 in the error envelope', async () => {
    const res = await api.request('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
  it('is healthy once migrated', async () => {
    const res = await api.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});
