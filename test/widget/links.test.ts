import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

// Email survey links, in-process: POST /v1/surveys/:id/links and the hosted /s/… pages.

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
let surveyId: string;

const path = (url: string) => new URL(url).pathname;
const responsesOf = async (personId: string) =>
  (await api.request('GET', `/v1/responses?surveyId=${surveyId}`, { key: project.secretKey })).body.data.filter(
    (r: { personId: string }) => r.personId === personId,
  );

async function createLinks(body: Record<string, unknown> = { person: { id: 'cust-1', email: 'aiko@example.com' }, locale: 'ja' }) {
  const res = await api.request('POST', `/v1/surveys/${surveyId}/links`, { key: project.secretKey, body });
  return res;
}

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject();
  const survey = await api.request('POST', '/v1/surveys', {
    key: project.secretKey,
    body: { name: 'Email NPS', followUpQuestion: { ja: '理由を教えてください。', detractor: { ja: '何を改善すべきでしょうか？' } } },
  });
  surveyId = survey.body.id;
});
afterAll(() => api.close());

describe('email links — happy path', () => {
  it('returns eleven signed URLs and an HTML snippet in the person’s language', async () => {
    const res = await createLinks();
    expect(res.status).toBe(201);
    expect(res.body.locale).toBe('ja');
    expect(res.body.links.map((l: { score: number }) => l.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const link of res.body.links) expect(path(link.url)).toMatch(new RegExp(`^/s/lnk_\\w+/${link.score}/[0-9a-z]+\\.[\\w-]{22}$`));
    expect(res.body.html).toContain('まったく思わない');
    expect(res.body.html).toContain(res.body.links[10].url);
  });

  it('records the score on click, changes it on a later click, and adds the comment: one response', async () => {
    const { body } = await createLinks();
    const first = await api.request('GET', path(body.links[3].url));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(first.text).toContain('<html lang="ja">');
    expect(first.text).toContain('何を改善すべきでしょうか？'); // detractor follow-up
    let stored = await responsesOf((await responsesPerson()).id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 3, channel: 'email', locale: 'ja' });

    const again = await api.request('GET', path(body.links[9].url));
    expect(again.status).toBe(200);
    expect(again.text).toContain('理由を教えてください。'); // promoter falls back to the general follow-up
    const comment = await api.request('POST', path(body.links[9].url), {
      rawBody: new URLSearchParams({ comment: 'とても使いやすいです' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(comment.status).toBe(200);
    expect(comment.text).toContain('ご回答ありがとうございました');
    stored = await responsesOf((await responsesPerson()).id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 9, category: 'promoter', comment: 'とても使いやすいです' });
  });

  it('treats a HEAD request (mail scanners) as a check, not an answer', async () => {
    const { body } = await createLinks({ person: { id: 'scanned-1' } });
    const head = await api.fetch(new Request(`http://kizuna.test${path(body.links[0].url)}`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    const person = await api.request('GET', '/v1/people?externalId=scanned-1', { key: project.secretKey });
    expect(person.body.data ?? []).toHaveLength(0);
  });
});

async function responsesPerson() {
  const res = await api.request('GET', '/v1/people?externalId=cust-1', { key: project.secretKey });
  return res.body.data[0] as { id: string };
}

describe('email links — errors', () => {
  it('needs a person with an id or an email', async () => {
    expect((await createLinks({ person: { name: 'Nobody' } })).status).toBe(422);
  });
  it('404s for an unknown survey', async () => {
    const res = await api.request('POST', '/v1/surveys/srv_unknown/links', { key: project.secretKey, body: { person: { id: 'a' } } });
    expect(res.status).toBe(404);
  });
});

describe('email links — security', () => {
  it('shows a friendly bilingual page, not a stack trace, for tampered links', async () => {
    const { body } = await createLinks({ person: { id: 'victim' } });
    const [, , send, , signature] = path(body.links[2].url).split('/');
    const forged = [
      `/s/${send}/10/${signature}`, // another score with the signature of 2
      `/s/${send}/2/${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`,
      `/s/lnk_someoneElse000000000/2/${signature}`,
      `/s/${send}/11/${signature}`,
      `/s/${send}/<script>/${signature}`,
    ];
    for (const url of forged) {
      const res = await api.request('GET', url);
      expect(res.status, url).toBe(404);
      expect(res.text).toContain('このリンクは無効です');
      expect(res.text).toContain('This link does not work');
      expect(res.text).not.toMatch(/at .*\.ts:\d+|<script>/);
    }
    const posted = await api.request('POST', `/s/${send}/10/${signature}`, {
      rawBody: 'comment=hijack',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(404);
    const victim = await api.request('GET', '/v1/people?externalId=victim', { key: project.secretKey });
    expect(victim.body.data ?? []).toHaveLength(0);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.
