import { describe, expect, it } from 'vitest';
import { matchesFilters, storedFilters, webhookFiltersSchema, type EventSubject } from '../../server/services/webhooks/filters';

const japaneseDetractor: EventSubject = { surveyId: 'srv_x', score: 3, category: 'detractor', sentimentLabel: 'negative', language: 'ja' };

describe('webhook filters', () => {
  const jaDetractorsOfX = webhookFiltersSchema.parse({ surveyIds: ['srv_x'], categories: ['detractor'], languages: ['ja'] });

  it('select "Japanese detractors of survey X" only', () => {
    expect(matchesFilters(jaDetractorsOfX, japaneseDetractor)).toBe(true);
    expect(matchesFilters(jaDetractorsOfX, { ...japaneseDetractor, language: 'en' })).toBe(false);
    expect(matchesFilters(jaDetractorsOfX, { ...japaneseDetractor, language: null })).toBe(false);
    expect(matchesFilters(jaDetractorsOfX, { ...japaneseDetractor, surveyId: 'srv_y' })).toBe(false);
    expect(matchesFilters(jaDetractorsOfX, { ...japaneseDetractor, score: 9, category: 'promoter' })).toBe(false);
  });

  it('score range and sentiment', () => {
    const f = webhookFiltersSchema.parse({ scoreMin: 0, scoreMax: 4, sentimentLabels: ['negative'] });
    expect(matchesFilters(f, japaneseDetractor)).toBe(true);
    expect(matchesFilters(f, { ...japaneseDetractor, score: 5 })).toBe(false);
    expect(matchesFilters(f, { ...japaneseDetractor, sentimentLabel: null })).toBe(false);
  });

  it('no filters: everything, including events without an answer (pings)', () => {
    expect(matchesFilters({}, japaneseDetractor)).toBe(true);
    expect(matchesFilters({}, null)).toBe(true);
    expect(matchesFilters(jaDetractorsOfX, null)).toBe(false);
  });

  it('a stored filter that no longer parses matches nothing and says why', () => {
    const broken = storedFilters({ scoreMin: 'high', colour: 'red' });
    expect(broken.filters).toBeNull();
    expect(broken.error).toMatch(/scoreMin|colour/);
    expect(storedFilters({ scoreMin: 8, scoreMax: 2 }).filters).toBeNull();
  });
});
