// Issue 16, item 3: a URL pattern must not freeze the server. "*a*a*a*a*a*a*b" used to become a backtracking
// regex: 64 characters of "a" took seconds, 2,000 never finished, and every tenant waited. These tests run the
// hostile inputs for real: on the old matcher they did not finish within the test timeout.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlAllowed, urlMatches } from '../../server/services/widget/targeting';
import { startTestApi, type TestApi } from '../support/api';

const HOSTILE = '*a*a*a*a*a*a*b';

/** The matcher as it was: kept here only to check that the new one means exactly the same. */
function regexMatches(url: string, pattern: string): boolean {
  if (!pattern.includes('*')) return url.includes(pattern);
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(url);
}

describe('URL patterns — hostile shapes', () => {
  // The old matcher took over a minute here (the test failed by timeout).
  it('answers the backtracking pattern on 80 "a"s (no match: there is no "b")', () => {
    expect(urlMatches('a'.repeat(80), HOSTILE)).toBe(false);
  });

  // The old matcher never finished here.
  it('answers the backtracking pattern on the longest URL the widget sends (2,000 characters)', () => {
    expect(urlMatches('a'.repeat(2000), HOSTILE)).toBe(false);
    expect(urlMatches(`${'a'.repeat(1999)}b`, HOSTILE)).toBe(true);
  });

  it('answers a 500-character pattern of stars and letters against a 2,000-character URL', () => {
    const pattern = '*a'.repeat(249) + '*b';
    expect(pattern.length).toBe(500);
    expect(urlMatches('a'.repeat(2000), pattern)).toBe(false);
    expect(urlMatches(`${'a'.repeat(1999)}b`, pattern)).toBe(true);
    expect(urlAllowed('a'.repeat(2000), Array(50).fill(pattern), Array(50).fill(pattern))).toBe(false);
  });

  it('keeps the meaning: with a star the whole URL must match, without one containment is enough', () => {
    expect(urlMatches('https://app.example.com/billing/x', 'https://app.example.com/billing/*')).toBe(true);
    expect(urlMatches('https://evil.example/?https://app.example.com/billing/x', 'https://app.example.com/billing/*')).toBe(false);
    expect(urlMatches('https://app.example.com/a/b/c', '*/b/*')).toBe(true);
    expect(urlMatches('https://app.example.com/a/b', '*/b/*')).toBe(false);
    expect(urlMatches('aba', 'ab*ba')).toBe(false); // the prefix and suffix may not share characters
    expect(urlMatches('abab', 'a*b*ab')).toBe(true);
    expect(urlMatches('abab', 'ab*ab')).toBe(true);
    expect(urlMatches('aXb', 'a*?b')).toBe(false); // "?" and "." are plain characters, as before
    expect(urlMatches('anything', '*')).toBe(true);
    expect(urlMatches('', '**')).toBe(true);
    expect(urlMatches('https://a.example/settings/x', '/settings')).toBe(true);
  });

  it('agrees with the old regular-expression matcher on random small patterns and URLs', () => {
    // A small alphabet makes overlaps, repeats and near-misses common; sizes stay small so the old matcher
    // (the reference) is quick.
    const char = fc.constantFrom('a', 'b', '/', '.', '?');
    const url = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
    const pattern = fc.array(fc.oneof(char, fc.constant('*')), { maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(url, pattern, (u, p) => urlMatches(u, p) === regexMatches(u, p)),
      { numRuns: 5000 },
    );
  });
});

describe('URL patterns — through the API', () => {
  let api: TestApi;
  let project: { id: string; secretKey: string; publishableKey: string };
  beforeAll(async () => {
    api = await startTestApi();
    project = await api.createProject();
  });
  afterAll(() => api.close());

  const createSurvey = (targeting: Record<string, unknown>) =>
    api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS', targeting } });
  const shown = async (url: string, surveyId: string) => {
    const res = await api.request('GET', `/v1/widget/config?url=${encodeURIComponent(url)}`, { key: project.publishableKey });
    expect(res.status).toBe(200);
    return (res.body.surveys as { id: string; show: boolean }[]).find((s) => s.id === surveyId)?.show;
  };

  it('GET /v1/widget/config with the public key answers for a hostile pattern (80 characters)', async () => {
    const survey = await createSurvey({ urlInclude: [HOSTILE] });
    expect(survey.status).toBe(201);
    expect(await shown('a'.repeat(80), survey.body.id)).toBe(false);
  });

  it('GET /v1/widget/config with the public key answers for a hostile pattern (2,000 characters)', async () => {
    const survey = await createSurvey({ urlInclude: [HOSTILE] });
    expect(await shown('a'.repeat(2000), survey.body.id)).toBe(false);
    expect(await shown(`${'a'.repeat(1999)}b`, survey.body.id)).toBe(true);
  });

  it('refuses patterns over 500 characters and lists over 50 patterns (422), on create and update', async () => {
    const long = await createSurvey({ urlInclude: ['*'.repeat(501)] });
    expect(long.status).toBe(422);
    const many = await createSurvey({ urlExclude: Array.from({ length: 51 }, (_, i) => `/p${i}`) });
    expect(many.status).toBe(422);
    const ok = await createSurvey({ urlInclude: ['*'.repeat(500)], urlExclude: Array.from({ length: 50 }, (_, i) => `/p${i}`) });
    expect(ok.status).toBe(201);
    const patch = await api.request('PATCH', `/v1/surveys/${ok.body.id}`, {
      key: project.secretKey,
      body: { targeting: { urlInclude: Array.from({ length: 51 }, () => '*a*b') } },
    });
    expect(patch.status).toBe(422);
  });
});
