// Settings changed at the same moment in one project: every change bumps the project's settings version under
// the project row's lock (migration 0015). Taken after the insert's foreign-key check had share-locked the same
// row, two concurrent creations each waited for the other's share lock: Postgres broke the deadlock by failing
// one of them with a 500. Found by the naughty-strings test once it sent requests a few at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('settings changed concurrently in one project', () => {
  it('surveys and themes created and deleted at once all succeed', async () => {
    const project = await api.createProject('Busy admins');
    const key = project.secretKey;
    const rounds = 3;
    const width = 12;
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all(
        Array.from({ length: width }, async (_, i) => {
          const survey = await api.request('POST', '/v1/surveys', { key, body: { name: `Survey ${round}-${i}` } });
          const theme = await api.request('POST', '/v1/themes', { key, body: { name: `Theme ${round}-${i}`, keywords: { en: [`word${round}x${i}`] } } });
          const removed = survey.status === 201 ? await api.request('DELETE', `/v1/surveys/${survey.body.id}`, { key }) : survey;
          return [survey.status, theme.status, removed.status];
        }),
      );
      expect(results.flat().filter((status) => status >= 500)).toEqual([]);
      expect(results.map(([created]) => created)).toEqual(Array(width).fill(201));
    }
  });
});
