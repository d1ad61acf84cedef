// Realistic data for the dashboard's tests and screenshots, written through the public API (the server's
// clock is set back to place answers on past days).
import { createKey } from '../../server/services/keys/manage';
import type { DashboardServer } from './server';

const DAY = 86_400_000;

export async function projectKey(server: DashboardServer, projectId: string) {
  const created = await createKey({ db: server.db.db, projectId, clock: { now: () => new Date() } }, { kind: 'secret', name: 'tests' });
  return created.key;
}

const comments = {
  en: {
    detractor: [
      'The app keeps logging me out and support took four days to answer.',
      'Too expensive for what it does. Billing was confusing.',
      'Sync is slow and I lost a draft twice this week.',
      null,
    ],
    passive: ['Does the job, but the mobile app feels clunky.', 'Fine overall. Search could be better.', null],
    promoter: ['Love how fast the new editor is!', 'Support was quick and really friendly, thank you.', 'Great value, the whole team uses it daily.', null],
  },
  ja: {
    detractor: ['ログインが頻繁に切れて使いにくいです。', '料金が高すぎると感じます。', '同期が遅くて困っています。', null],
    passive: ['概ね満足ですが、検索がもう少し使いやすいと助かります。', null],
    promoter: ['サポートの対応がとても丁寧で助かりました。', '新しいエディタが速くて最高です！', '神対応でした。ありがとうございます。', null],
  },
} as const;

/**
 * About `count` answers over the last `days` days for survey `surveyId`, scores drawn so the NPS improves a little
 * over time, a third of them in Japanese, a few people answering twice. Deterministic (seeded).
 */
export async function seedResponses(server: DashboardServer, key: string, surveyId: string, options: { count?: number; days?: number } = {}) {
  const count = options.count ?? 160;
  const days = options.days ?? 30;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const channels = ['web', 'web', 'web', 'email', 'link'] as const;
  const names = ['Aiko Tanaka', 'Ben Carter', 'Chloe Martin', 'Daiki Sato', 'Emma Wilson', 'Fumiko Ito', 'George Brown', 'Hana Suzuki'];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const ageDays = days * (1 - (i + random()) / count);
    const progress = i / count;
    const r = random();
    const score = r < 0.28 - 0.1 * progress ? Math.floor(random() * 7) : r < 0.5 - 0.1 * progress ? 7 + Math.floor(random() * 2) : 9 + Math.floor(random() * 2);
    const category = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
    const locale = random() < 0.35 ? 'ja' : 'en';
    const pool = comments[locale][category];
    const comment = pool[Math.floor(random() * pool.length)] ?? null;
    const personIndex = Math.floor(random() * 40);
    const name = names[personIndex % names.length]!;
    server.clock.set(new Date(now - ageDays * DAY));
    const res = await server.api('POST', '/v1/responses', key, {
      surveyId,
      score,
      comment,
      locale,
      channel: channels[Math.floor(random() * channels.length)],
      person: {
        id: `user-${personIndex}`,
        email: `${name.split(' ')[0]!.toLowerCase()}.${personIndex}@example.com`,
        name,
        traits: { plan: personIndex % 3 === 0 ? 'enterprise' : 'pro' },
      },
    });
    if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  server.clock.set(null);
}
