import { describe, expect, it } from 'vitest';
import { contactAllowed, inSample, urlAllowed, urlMatches } from '../../server/services/widget/targeting';

describe('URL patterns', () => {
  it('matches a plain pattern anywhere in the URL', () => {
    expect(urlMatches('https://app.example.com/settings/billing', '/settings')).toBe(true);
    expect(urlMatches('https://app.example.com/home', '/settings')).toBe(false);
  });
  it('treats * as a wildcard over the whole URL, with regex characters taken literally', () => {
    expect(urlMatches('https://app.example.com/billing/invoices', 'https://app.example.com/billing/*')).toBe(true);
    expect(urlMatches('https://evil.com/?https://app.example.com/billing/x', 'https://app.example.com/billing/*')).toBe(false);
    expect(urlMatches('https://appXexample.com/a', 'https://app.example.com/*')).toBe(false);
  });
  it('includes everywhere by default and lets excludes win', () => {
    expect(urlAllowed('https://a.com/x', [], [])).toBe(true);
    expect(urlAllowed('https://a.com/x', ['/y'], [])).toBe(false);
    expect(urlAllowed('https://a.com/y/admin', ['/y'], ['/admin'])).toBe(false);
  });
});

describe('sampling', () => {
  it('is stable per person and survey, and close to the rate over many people', () => {
    expect(inSample('srv_1', 'user-1', 0.5)).toBe(inSample('srv_1', 'user-1', 0.5));
    let inside = 0;
    for (let i = 0; i < 10_000; i++) if (inSample('srv_1', `user-${i}`, 0.2)) inside++;
    expect(inside).toBeGreaterThan(1800);
    expect(inside).toBeLessThan(2200);
  });
  it('honours 0 and 1 exactly', () => {
    expect(inSample('srv_1', 'u', 0)).toBe(false);
    expect(inSample('srv_1', 'u', 1)).toBe(true);
  });
});

describe('recontact and dismissals', () => {
  const rules = { recontactDays: 90, maxDismissals: 3 };
  const now = new Date('2026-06-01T00:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  it('waits the recontact period after an answer or a dismissal', () => {
    expect(contactAllowed({ lastAnsweredAt: daysAgo(89), lastDismissedAt: null, dismissals: 0 }, rules, now)).toBe('recontact_period');
    expect(contactAllowed({ lastAnsweredAt: daysAgo(91), lastDismissedAt: null, dismissals: 0 }, rules, now)).toBe('ok');
    expect(contactAllowed({ lastAnsweredAt: daysAgo(200), lastDismissedAt: daysAgo(3), dismissals: 1 }, rules, now)).toBe('recontact_period');
  });
  it('stops after the maximum of dismissals; 0 means no limit', () => {
    expect(contactAllowed({ lastAnsweredAt: null, lastDismissedAt: daysAgo(100), dismissals: 3 }, rules, now)).toBe('dismissed_too_often');
    expect(contactAllowed({ lastAnsweredAt: null, lastDismissedAt: daysAgo(100), dismissals: 3 }, { ...rules, maxDismissals: 0 }, now)).toBe('ok');
  });
});
