// The Node entry reads request bodies from Node's stream (server/node-body.ts) instead of a Web Request: the
// app behind a real Node HTTP server, as `npm start` runs it, must take and refuse the same bodies.
import { createAdaptorServer } from '@hono/node-server';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock } from '../../server/clock';
import { defaultConfig } from '../../server/config';
import { readNodeBody } from '../../server/node-body';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { describeInProcess } from '../support/target';

let db: TestDatabase;
let server: ReturnType<typeof createAdaptorServer>;
let port: number;
const adminKey = `test_admin_key_${crypto.randomUUID()}`;
let readFromNode = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  const app = createApp({
    db: db.db,
    config: { ...defaultConfig, adminKeyHash: await hashKey(adminKey) },
    clock: systemClock,
    logger: () => {},
    rateLimiter: createRateLimiter(),
    // Counts the bodies Node's stream gave, so the tests know they did not fall back to the Web Request.
    readBody: (env, maxBytes) => {
      const reading = readNodeBody(env, maxBytes);
      if (reading) readFromNode++;
      return reading;
    },
  });
  server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.drop();
});

/** A POST over a real socket; `chunks` are written one by one, with no content-length when `chunked`. */
function post(path: string, key: string, chunks: (string | Buffer)[], chunked = false) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const body = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    const headers: Record<string, string | number> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = body.length;
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describeInProcess('request bodies read from Node streams', () => {
  it('stores an answer sent in pieces, a Japanese character split between two of them', async () => {
    const project = (await post('/v1/projects', adminKey, [JSON.stringify({ name: '絆' })])).body;
    const survey = (await post('/v1/surveys', project.secretKey, [JSON.stringify({ name: 'NPS' })])).body;
    const json = Buffer.from(JSON.stringify({ surveyId: survey.id, score: 9, comment: 'とても使いやすい' }));
    const split = json.indexOf(Buffer.from('と')) + 1; // inside the three bytes of と
    const res = await post('/v1/responses', project.publishableKey, [json.subarray(0, split), json.subarray(split)], true);
    expect(res.status).toBe(201);
    expect(res.body.comment).toBe('とても使いやすい');
    // A byte order mark in front of the JSON is dropped, as a Web Request's text() drops it.
    const withBom = await post('/v1/responses', project.publishableKey, [Buffer.from([0xef, 0xbb, 0xbf]), JSON.stringify({ surveyId: survey.id, score: 7 })]);
    expect(withBom.status).toBe(201);
    expect(readFromNode).toBe(4); // every POST above
  });

  it('refuses a body over the limit with 413, with or without a content-length, and the server goes on', async () => {
    const project = (await post('/v1/projects', adminKey, [JSON.stringify({ name: 'Big bodies' })])).body;
    const big = JSON.stringify({ surveyId: 'srv_x', score: 9, comment: 'x'.repeat(defaultConfig.maxBodyBytes) });
    const declared = await post('/v1/responses', project.publishableKey, [big]);
    expect([declared.status, declared.body.error.code]).toEqual([413, 'payload_too_large']);
    const pieces = Array.from({ length: 8 }, (_, i) => big.slice((i * big.length) / 8, ((i + 1) * big.length) / 8));
    const streamed = await post('/v1/responses', project.publishableKey, pieces, true);
    expect([streamed.status, streamed.body.error.code]).toEqual([413, 'payload_too_large']);
    const malformed = await post('/v1/responses', project.publishableKey, ['{"surveyId": '], true);
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'invalid_json']);
    expect(readFromNode).toBe(4 + 3); // the declared 413 is refused before reading
  });
});
