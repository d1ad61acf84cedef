// The rollups count a project's answers up to its watermark and reads add the answers after it, so metrics
// must equal a direct count of the answers whether or not a fold has run, after answers dated below the
// watermark, score changes and deletes on either side of it, and while answers and folds run concurrently.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client';
import { responses, rollupWatermarks } from '../../db/schema';
import { compareNps } from '../../server/analytics/compare';
import { bucketStarts } from '../../server/analytics/time';
import type { ProjectCtx } from '../../server/services/context';
import { foldAllRollups, foldRollups } from '../../server/services/metrics/fold';
import { foldIntervalFromEnv, startFoldLoop } from '../../server/services/metrics/fold-loop';
import { countCategories, npsComparison, npsTrend } from '../../server/services/metrics/nps';
import { scoreDistribution } from '../../server/services/metrics/score-distribution';
import { startTestApi, type TestApi } from '../support/api';

// A test clock that can also tick: each reading moves it `tick` ms on, so concurrent answers get distinct times.
let now = Date.parse('2026-03-01T00:00:00Z');
let tick = 0;
const clock = {
  now: () => {
    const at = new Date(now);
    now += tick;
    return at;
  },
  set: (iso: string) => {
    now = Date.parse(iso);
  },
  sleep: async (ms: number) => {
    now += ms;
  },
};

let api: TestApi;
type Project = { id: string; secretKey: string; surveyId: string; ctx: ProjectCtx };
let a: Project;
let b: Project;

async function newProject(name: string): Promise<Project> {
  const project = await api.createProject(name);
  const surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Q' } })).body.id as string;
  return { id: project.id, secretKey: project.secretKey, surveyId, ctx: { db: api.db.db, projectId: project.id, clock } };
}

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

async function answer(p: Project, at: string | null, key: string, score = Math.floor(random() * 11)) {
  if (at) clock.set(at);
  const body = { surveyId: p.surveyId, score, idempotencyKey: key, channel: random() < 0.5 ? 'web' : 'email' };
  const res = await api.request('POST', '/v1/responses', { key: p.secretKey, body });
  expect([200, 201], `${res.status} ${res.text} ${JSON.stringify(api.logs.filter((line) => line.level === 'error').slice(-3))}`).toContain(res.status);
  return body;
}

type Range = { from?: Date; to?: Date };
const iso = (d: Date) => d.toISOString();

/** Answers per score, counted from the responses themselves. */
async function directScores(p: Project, range: Range, channel?: 'web' | 'email') {
  const rows = await api.db.db
    .select({ score: responses.score })
    .from(responses)
    .where(
      and(
        eq(responses.projectId, p.id),
        range.from ? sql`${responses.createdAt} >= ${iso(range.from)}::timestamptz` : undefined,
        range.to ? sql`${responses.createdAt} < ${iso(range.to)}::timestamptz` : undefined,
        channel ? eq(responses.channel, channel) : undefined,
      ),
    );
  return Array.from({ length: 11 }, (_, s) => rows.filter((r) => r.score === s).length);
}

const categories = (scores: number[]) => ({
  promoters: scores[9]! + scores[10]!,
  passives: scores[7]! + scores[8]!,
  detractors: scores.slice(0, 7).reduce((x, y) => x + y, 0),
});

const RANGES: Range[] = [
  {},
  { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') },
  { from: new Date('2026-03-01T05:20:00Z'), to: new Date('2026-03-04T12:50:00Z') },
  { from: new Date('2026-03-02T00:00:00Z') },
  { to: new Date('2026-03-04T12:00:00Z') },
  // The current hour alone, whole and in part.
  { from: new Date('2026-03-04T12:00:00Z'), to: new Date('2026-03-04T13:00:00Z') },
  { from: new Date('2026-03-04T12:03:00Z'), to: new Date('2026-03-04T12:47:00Z') },
];

/** Every metric the rollups serve equals the direct count, and the rollups hold exactly what the watermark says. */
async function expectExact(p: Project, label: string) {
  for (const range of RANGES) {
    const what = `${label}: ${range.from ? iso(range.from) : '…'}..${range.to ? iso(range.to) : '…'}`;
    const scores = await directScores(p, range);
    expect(await countCategories(p.ctx, range), what).toEqual(categories(scores));
    expect(await countCategories(p.ctx, { ...range, channel: 'web' }), `${what} web`).toEqual(categories(await directScores(p, range, 'web')));
    const distribution = await scoreDistribution(p.ctx, range);
    expect(distribution.scores.map((s) => s.n), `${what} scores`).toEqual(scores);
  }
  const from = new Date('2026-03-01T00:00:00Z');
  const to = new Date('2026-03-05T00:00:00Z');
  for (const tz of ['UTC', 'Asia/Tokyo']) {
    const trend = await npsTrend(p.ctx, { from, to }, 'day', tz);
    const starts = bucketStarts(from, to, 'day', tz);
    for (const [i, point] of trend.points.entries()) {
      const bucket = { from: new Date(Math.max(starts[i]!.getTime(), from.getTime())), to: new Date(Math.min(starts[i + 1]?.getTime() ?? to.getTime(), to.getTime())) };
      const { promoters, passives, detractors } = point;
      expect({ promoters, passives, detractors }, `${label}: trend ${tz} ${point.start}`).toEqual(categories(await directScores(p, bucket)));
    }
  }
  const current = { from: new Date('2026-03-04T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') };
  const previous = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
  expect(await npsComparison(p.ctx, current, previous), `${label}: comparison`).toEqual(
    compareNps(categories(await directScores(p, current)), categories(await directScores(p, previous))),
  );
  await expectRollupsMatchWatermark(p, label);
}

async function watermarkOf(p: Project): Promise<Date | null> {
  const [row] = await api.db.db.select().from(rollupWatermarks).where(eq(rollupWatermarks.projectId, p.id));
  return row ? new Date(row.foldedTo) : null;
}

/** The invariant itself: the rollups count every answer before the watermark and none after it, per score. */
async function expectRollupsMatchWatermark(p: Project, label: string) {
  const mark = await watermarkOf(p);
  const result = await api.db.db.execute(
    sql`select coalesce(array_agg(n order by s), '{}') as scores from (
          select s, sum(scores[s + 1])::int as n from response_rollups, generate_series(0, 10) as s
          where project_id = ${p.id} group by s) as per_score`,
  );
  const rolled = rowsOf<{ scores: number[] }>(result)[0]!.scores.map(Number);
  const expected = mark ? await directScores(p, { to: mark }) : Array.from({ length: 11 }, () => 0);
  expect(rolled.length === 0 ? expected.map(() => 0) : rolled, `${label}: rollups below the watermark`).toEqual(expected);
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  a = await newProject('A');
  b = await newProject('B');
  const start = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < 40; i++) {
    await answer(a, new Date(start + Math.floor(random() * (3.5 * 86_400_000))).toISOString(), `a${i}`);
  }
  await answer(a, '2026-03-04T12:01:00Z', 'early-current');
  await answer(a, '2026-03-04T12:20:00Z', 'late-current');
});
afterAll(() => api.close());

describe('rollups folded in the background', () => {
  it('count every answer as the tail before any fold', async () => {
    expect(await watermarkOf(a)).toBeNull();
    await expectExact(a, 'never folded');
  });

  it('stay exact after a fold that stops inside the current hour, and folds exactly the answers before it', async () => {
    const until = new Date('2026-03-04T12:10:00Z');
    const expected = (await directScores(a, { to: until })).reduce((x, y) => x + y, 0);
    expect(await foldRollups(api.db.db, a.id, until)).toBe(expected);
    expect(await watermarkOf(a)).toEqual(until);
    await expectExact(a, 'folded to 12:10');
  });

  it('count answers of the current hour on both sides of the watermark', async () => {
    await answer(a, '2026-03-04T12:05:00Z', 'below-mark-current');
    await answer(a, '2026-03-04T12:40:00Z', 'tail-current-1');
    await answer(a, '2026-03-04T12:45:00Z', 'tail-current-2');
    await expectExact(a, 'current hour');
  });

  it('count answers dated long before the watermark, as an import writes them', async () => {
    await answer(a, '2026-03-01T05:30:00Z', 'imported-1', 3);
    await answer(a, '2026-03-02T23:59:59.999Z', 'imported-2', 10);
    // And one written in psql, past the API.
    await api.db.db.execute(
      sql`insert into responses (id, project_id, survey_id, score, category, channel, created_at)
          values ('rsp_by_hand_fold', ${a.id}, ${a.surveyId}, 8, 'passive', 'web', '2026-03-03T08:15:00Z')`,
    );
    await expectExact(a, 'old answers after the fold');
  });

  it('move the count when a repeated idempotency key changes the score of a folded or a tail answer', async () => {
    for (const key of ['a1', 'a2', 'early-current', 'tail-current-1']) {
      const [before] = await api.db.db
        .select({ score: responses.score, channel: responses.channel })
        .from(responses)
        .where(and(eq(responses.projectId, a.id), eq(responses.idempotencyKey, key)));
      const score = before!.score >= 9 ? 0 : 10;
      const res = await api.request('POST', '/v1/responses', {
        key: a.secretKey,
        body: { surveyId: a.surveyId, score, idempotencyKey: key, channel: before!.channel },
      });
      expect([200, 201]).toContain(res.status);
      const [after] = await api.db.db
        .select({ score: responses.score })
        .from(responses)
        .where(and(eq(responses.projectId, a.id), eq(responses.idempotencyKey, key)));
      expect(after!.score).toBe(score);
    }
    await expectExact(a, 'score changes');
  });

  it('forget deleted answers, folded or in the tail', async () => {
    for (const key of ['a3', 'tail-current-2']) {
      const gone = await api.db.db
        .delete(responses)
        .where(and(eq(responses.projectId, a.id), eq(responses.idempotencyKey, key)))
        .returning({ id: responses.id });
      expect(gone).toHaveLength(1);
    }
    await expectExact(a, 'deletes');
  });

  it('count answers that change between the two watermarks', async () => {
    // Sealing up to 12:50 puts tail-current-1 (12:40) between the watermarks; its score then changes, and
    // an answer arrives inside the sealed range, before the fold that counts the range.
    await foldRollups(api.db.db, a.id, new Date('2026-03-04T12:50:00Z'));
    await expectExact(a, 'sealed');
    await answer(a, '2026-03-04T12:30:00Z', 'tail-current-1', 5);
    await answer(a, '2026-03-04T12:35:00Z', 'sealed-range', 9);
    const [mark] = await api.db.db.select().from(rollupWatermarks).where(eq(rollupWatermarks.projectId, a.id));
    expect(mark!.sealedChanges).toBeGreaterThan(0);
    await foldRollups(api.db.db, a.id, new Date('2026-03-04T12:50:00Z'));
    expect(await watermarkOf(a)).toEqual(new Date('2026-03-04T12:50:00Z'));
    await expectExact(a, 'folded after changes in the sealed range');
  });

  it('never move the watermark back', async () => {
    const mark = await watermarkOf(a);
    expect(await foldRollups(api.db.db, a.id, new Date('2026-03-02T00:00:00Z'))).toBe(0);
    expect(await watermarkOf(a)).toEqual(mark);
    await expectExact(a, 'fold to an earlier time');
  });

  it('fold every project with a tail, each on its own, and keep projects apart', async () => {
    await answer(b, '2026-03-02T10:00:00Z', 'b1', 9);
    await answer(b, '2026-03-04T12:30:00Z', 'b2', 2);
    await answer(a, '2026-03-04T12:55:00Z', 'a-late', 8);
    clock.set('2026-03-04T13:00:02Z'); // the fold stops 2 s behind the clock: at 13:00 exactly
    // B's first fold counts all its answers; A's first step only seals up to 13:00, which the second folds.
    expect((await foldAllRollups(api.db.db, clock.now())).projects).toBeGreaterThanOrEqual(2);
    expect(await watermarkOf(b)).toEqual(new Date('2026-03-04T13:00:00Z'));
    await expectExact(a, 'A after sealing');
    await expectExact(b, 'B after folding all');
    await foldAllRollups(api.db.db, clock.now());
    expect(await watermarkOf(a)).toEqual(new Date('2026-03-04T13:00:00Z'));
    await expectExact(a, 'A after folding all');
    // Nothing left to fold up to that time: another pass finds no project.
    expect((await foldAllRollups(api.db.db, clock.now())).projects).toBe(0);
  });

  it('stay exact while answers and folds run at the same time', async () => {
    const c = await newProject('C');
    clock.set('2026-03-04T12:30:00Z');
    tick = 1; // every answer a millisecond after the last, so folds to "now" fall between answers in flight
    let answering = true;
    const folds = (async () => {
      let rounds = 0;
      while (answering || rounds < 2) {
        await foldRollups(api.db.db, c.id, clock.now());
        rounds++;
      }
      return rounds;
    })();
    // Eight clients answer at once (a Worker opens a connection per request, so not all 120 together); every
    // sixth answer then changes its score through a repeated key, while the folds go on.
    let next = 0;
    const client = async () => {
      while (next < 120) {
        const i = next++;
        await answer(c, null, `c${i}`);
        if (i % 6 === 0) await answer(c, null, `c${i}`, i % 12 === 0 ? 10 : 0);
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, client));
    } finally {
      answering = false;
    }
    expect(await folds).toBeGreaterThanOrEqual(2);
    tick = 0;
    const total = (await directScores(c, {})).reduce((x, y) => x + y, 0);
    expect(total).toBe(120);
    await expectExact(c, 'concurrent');
  });

  it('are folded by the loop the Node server runs, which folds at once and then every KIZUNA_ROLLUP_FOLD_MS', async () => {
    const d = await newProject('D');
    await answer(d, '2026-03-04T12:15:00Z', 'd1', 9);
    clock.set('2026-03-04T12:30:00Z');
    const errors: unknown[] = [];
    const loop = startFoldLoop({ db: api.db.db, clock, logger: (line) => errors.push(line) }, 60_000);
    await loop.stop(); // waits for the round in progress: the first one, which starts at once
    expect(errors).toEqual([]);
    expect(await watermarkOf(d)).toEqual(new Date('2026-03-04T12:29:58Z'));
    await expectExact(d, 'folded by the loop');
    expect(foldIntervalFromEnv(undefined)).toBe(5_000);
    expect(foldIntervalFromEnv('0')).toBe(0);
    expect(() => foldIntervalFromEnv('soon')).toThrow(/KIZUNA_ROLLUP_FOLD_MS/);
  });
});
