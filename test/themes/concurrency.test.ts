// Theme changes racing with ingest: once both settle, every stored answer carries the themes of the final
// definitions, never names from before a change (on Postgres the requests really run at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themes } from '../../db/schema';
import { lockProjectThemes, readThemeDefinitionsLocked } from '../../server/services/themes/definitions';
import { startTestApi, type TestApi } from '../support/api';
import { usingPostgres, waitForLockWaiter } from '../support/database';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Themes race');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
});
afterAll(() => api.close());

const comments = ['Checkout is slow', 'The price is too high', 'チェックアウトが遅い', 'Slow checkout and high price'];

describe('themes and ingest at the same time', () => {
  it('answers stored during a create and a rename end up with the final names', async () => {
    const submissions = Array.from({ length: 40 }, (_, i) =>
      api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score: i % 11, comment: comments[i % comments.length] } }),
    );
    const changes = (async () => {
      const created = await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name: 'Checkout', keywords: { en: ['checkout'], ja: ['チェックアウト'] } } });
      expect(created.status).toBe(201);
      const renamed = await api.request('PATCH', `/v1/themes/${created.body.id}`, { key: project.secretKey, body: { name: 'Checkout flow' } });
      expect(renamed.status).toBe(200);
    })();
    const results = await Promise.all([...submissions, changes]);
    for (const res of results.slice(0, 40)) expect(res!.status).toBe(201);

    const all = await api.request('GET', '/v1/responses?limit=100', { key: project.secretKey });
    expect(all.body.data).toHaveLength(40);
    for (const r of all.body.data as { comment: string; themes: string[] }[]) {
      const mentions = /checkout|チェックアウト/i.test(r.comment);
      expect([r.comment, r.themes]).toEqual([r.comment, mentions ? ['Checkout flow'] : []]);
    }
  });

  // Postgres only: PGlite has one connection, so nothing can wait on a lock there.
  it.skipIf(!usingPostgres())('the ingest read waits for a theme change in progress and then sees it', async () => {
    const db = api.db.db;
    let writing!: () => void;
    let finish!: () => void;
    const written = new Promise<void>((resolve) => (writing = resolve));
    const released = new Promise<void>((resolve) => (finish = resolve));
    const writer = db.transaction(async (tx) => {
      await lockProjectThemes(tx, project.id, 'exclusive');
      await tx.insert(themes).values({ id: 'thm_late', projectId: project.id, name: 'Late arrival', keywords: { en: ['late'], ja: [] } });
      writing();
      await released; // holds the lock, uncommitted, until the reader is waiting
    });
    await written;
    let readerDone = false;
    const reader = db.transaction((tx) => readThemeDefinitionsLocked(tx, project.id)).finally(() => (readerDone = true));
    await waitForLockWaiter(api.db);
    expect(readerDone).toBe(false); // blocked on the lock
    finish();
    await writer;
    // Read after the lock was granted, with a snapshot that includes the change it waited for.
    expect((await reader).map((t) => t.name)).toContain('Late arrival');
  });
});
