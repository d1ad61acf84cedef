import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggableError, loggablePath } from '../../server/log-redaction';
import { startTestApi, type TestApi } from '../support/api';

// What goes into the logs: a failed query is logged by the statement it ran and its SQLSTATE, never by its
// parameters or the database's detail (which quotes them); email-link paths are logged without their signature.

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
let surveyId: string;

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
});
afterAll(() => api.close());

/** Makes every insert into `table` fail in the database, quoting the new row the way Postgres' own errors do. */
async function refuseInserts(table: string) {
  await api.db.db.execute(
    sql.raw(`create or replace function test_refuse_insert() returns trigger language plpgsql as $$
      begin
        raise exception 'cannot store "%"', row_to_json(new)::text using detail = 'Failing row contains ' || row_to_json(new)::text || '.';
      end $$`),
  );
  await api.db.db.execute(sql.raw(`create trigger test_refuse before insert on ${table} for each row execute function test_refuse_insert()`));
  return () => api.db.db.execute(sql.raw(`drop trigger test_refuse on ${table}`));
}

const unhandled = () => api.logs.filter((line) => line.msg === 'unhandled error');

describe('failed queries in the logs', () => {
  it('a failing insert of a new webhook secret logs the statement and SQLSTATE, not the secret or the URL', async () => {
    const restore = await refuseInserts('webhook_endpoints');
    try {
      api.logs.length = 0;
      const res = await api.request('POST', '/v1/webhooks', {
        key: project.secretKey,
        body: { url: 'https://hooks.example.com/T000/B000/xoxb-private-token', events: ['response.created'] },
      });
      expect(res.status).toBe(500);
      const [line] = unhandled();
      expect(line).toBeDefined();
      expect(line!.error).toMatchObject({ sqlState: 'P0001', statement: expect.stringMatching(/^insert into "webhook_endpoints"/) });
      const logged = JSON.stringify(api.logs);
      expect(logged).not.toContain('whsec_');
      expect(logged).not.toContain('xoxb-private-token');
      expect(logged).not.toContain('params');
      expect(logged).not.toContain('Failing row');
    } finally {
      await restore();
    }
  });

  it('a failing answer logs neither the comment nor the person’s email', async () => {
    const restore = await refuseInserts('responses');
    try {
      api.logs.length = 0;
      const res = await api.request('POST', '/v1/responses', {
        key: project.publishableKey,
        body: { surveyId, score: 2, comment: 'my card 4111-1111-1111-1111 was charged twice', person: { id: 'u-1', email: 'private.person@example.com' } },
      });
      expect(res.status).toBe(500);
      expect(unhandled()).toHaveLength(1);
      expect(unhandled()[0]!.error).toMatchObject({ sqlState: 'P0001' });
      const logged = JSON.stringify(api.logs);
      expect(logged).not.toContain('4111');
      expect(logged).not.toContain('private.person@example.com');
    } finally {
      await restore();
    }
  });
});

describe('link paths in the request log', () => {
  it('logs which link page was asked for, without the signature that answers for its recipient', async () => {
    const minted = await api.request('POST', `/v1/surveys/${surveyId}/links`, { key: project.secretKey, body: { person: { id: 'mail-1' } } });
    const linkPath = new URL(minted.body.links[6].url).pathname;
    const [, , sendId, , token] = linkPath.split('/');
    api.logs.length = 0;
    expect((await api.request('GET', linkPath)).status).toBe(200);
    expect((await api.request('POST', linkPath, { rawBody: 'comment=ok', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(200);
    const requests = api.logs.filter((line) => line.msg === 'request');
    expect(requests.map((line) => line.path)).toEqual([`/s/${sendId}/6/[redacted]`, `/s/${sendId}/6/[redacted]`]);
    expect(JSON.stringify(api.logs)).not.toContain(token!.split('.')[1]!);
  });

  it('leaves other paths as they are', () => {
    expect(loggablePath('/v1/responses')).toBe('/v1/responses');
    expect(loggablePath('/v1/surveys/srv_1/links')).toBe('/v1/surveys/srv_1/links');
    expect(loggablePath('/invite/tok_secret')).toBe('/invite/[redacted]');
  });

  it('logs Delighted\'s delete-by-email path without the email, however the colon came', () => {
    expect(loggablePath('/delighted/v1/people/email:ada@example.com')).toBe('/delighted/v1/people/email:[redacted]');
    expect(loggablePath('/delighted/v1/people/email%3Aada%40example.com')).toBe('/delighted/v1/people/email%3A[redacted]');
    expect(loggablePath('/delighted/v1/people/per_1')).toBe('/delighted/v1/people/per_1');
  });
});

describe('loggableError', () => {
  it('keeps what a driver error says about where, drops what it says about values', () => {
    // The shape of a postgres.js error for a unique violation, as drizzle wraps it.
    const driver = Object.assign(new Error('duplicate key value violates unique constraint "people_email_idx"'), {
      name: 'PostgresError',
      code: '23505',
      detail: 'Key (email)=(someone@example.com) already exists.',
      constraint_name: 'people_email_idx',
      table_name: 'people',
    });
    const wrapped = Object.assign(new Error('Failed query: insert into "people" ("email") values ($1)\nparams: someone@example.com'), {
      name: 'DrizzleQueryError',
      query: 'insert into "people" ("email") values ($1)',
      params: ['someone@example.com'],
      cause: driver,
    });
    const record = loggableError(wrapped);
    expect(record).toMatchObject({ name: 'DrizzleQueryError', sqlState: '23505', constraint: 'people_email_idx', table: 'people' });
    expect(record.statement).toBe('insert into "people" ("email") values ($1)');
    expect(JSON.stringify(record)).not.toContain('someone@example.com');
    expect(record.stack).toMatch(/^\s+at /);
  });

  it('a plain error keeps its message, minus anything from "params:" on', () => {
    expect(loggableError(new TypeError('x is not a function'))).toMatchObject({ name: 'TypeError', message: 'x is not a function' });
    expect(loggableError('boom')).toEqual({ message: 'boom' });
  });
});
